"""Public notice pages: the list with filters and search, a notice, and its checked files."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lastmile.bulletin import selectors
from lastmile.bulletin.choices import NoticeKind
from lastmile.orgs.selectors import actor_for_user

PER_PAGE = 20


@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for_user(request.user)
    filters = selectors.parse_filters(request.GET)
    page = Paginator(selectors.visible_notices(actor, filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "bulletin/notices/list.html",
        {
            "page": page,
            "filters": filters,
            "filtered": bool(filters.q or filters.kind or filters.area),
            "kinds": NoticeKind.choices,
            "areas": selectors.filter_areas(),
            "query": query.urlencode(),
            "signed_in": not actor.is_anonymous,
        },
    )


@require_GET
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for_user(request.user)
    notice = selectors.notice_get_visible(actor, pk)
    return render(
        request,
        "bulletin/notices/detail.html",
        {"notice": notice, "attachments": selectors.attachments(notice)},
    )


@require_GET
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """Attachments are never served from a public media URL: each download is checked."""
    item, public = selectors.attachment_for_viewer(actor_for_user(request.user), pk=pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("file missing") from exc
    response = FileResponse(
        handle,
        content_type=item.content_type,
        as_attachment=not item.is_image,
        filename=item.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "max-age=600" if public else "private, no-store"
    return response
