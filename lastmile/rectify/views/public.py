"""The public ledger (no login): items marked public, searchable, with no personal data."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lastmile.orgs.selectors import actor_for_user
from lastmile.rectify import selectors
from lastmile.rectify.choices import Source, Status

PER_PAGE = 30


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    filters = selectors.parse_filters(request.GET)
    page = Paginator(selectors.public_qs(filters), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "rectify/public/search.html",
        {
            "page": page,
            "filters": filters,
            "statuses": Status.choices,
            "sources": Source.choices,
            "query": query.urlencode(),
        },
    )


@require_GET
def detail(request: HttpRequest, number: str) -> HttpResponse:
    item = selectors.public_get(number)
    return render(
        request,
        "rectify/public/item.html",
        {
            "item": item,
            "milestones": selectors.public_milestones(item),
            "evidence": selectors.public_evidence(item),
        },
    )


@require_GET
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    """Evidence is never served from a public media URL: each download is checked."""
    item = selectors.evidence_for_viewer(actor_for_user(request.user), pk=pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("file missing") from exc
    response = FileResponse(handle, content_type=item.content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    public = item.is_public and item.item.is_public
    response["Cache-Control"] = "max-age=3600" if public else "private, max-age=3600"
    return response
