"""The wish desk (login, community staff): the list with counts and filters, collecting a wish
on the family's behalf, and importing a spreadsheet. A wish's page lives in ``desk_wish``."""

from __future__ import annotations

import secrets

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from lastmile.core.errors import DomainError
from lastmile.wishes import selectors, services
from lastmile.wishes.choices import Status
from lastmile.wishes.forms import CollectForm, ImportForm
from lastmile.wishes.services.imports import TEMPLATE_HEADER
from lastmile.wishes.views.common import form_error, render_desk, staff_actor

PER_PAGE = 50


@login_required
@require_GET
def desk(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    filters = selectors.parse_desk_filters(request.GET)
    page = Paginator(selectors.desk_list(actor, filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render_desk(
        request,
        actor,
        "list.html",
        {
            "page": page,
            "filters": filters,
            "counts": selectors.desk_counts(actor),
            "statuses": Status.choices,
            "communities": list(selectors.staff_communities(actor)),
            "rounds": list(selectors.rounds_list(actor)[:12]),
            "query": query.urlencode(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def collect(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    communities = selectors.staff_communities(actor)
    households = selectors.staff_households(actor)
    initial = {"idempotency_key": secrets.token_hex(16), "channel": "visit"}
    form = CollectForm(
        request.POST or None, initial=initial, communities=communities, households=households
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.wish_submit(
                actor=actor,
                channel=data["channel"],
                community=data["community"],
                title=data["title"],
                category=data["category"],
                value=data["value"],
                description=data["description"],
                beneficiary_name=data["beneficiary_name"],
                beneficiary_phone=data["beneficiary_phone"],
                beneficiary_address=data["beneficiary_address"],
                household=data["household"],
                idempotency_key=data["idempotency_key"],
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            return redirect("wishes:desk_wish", code=result.wish.code)
    status = 400 if form.is_bound else 200
    return render_desk(request, actor, "collect.html", {"form": form}, status)


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.wishes_import(actor=actor, data=upload.read(), name=upload.name)
        except DomainError as exc:
            form.add_error("file", str(exc.message))
    status = 400 if form.is_bound and (form.errors or (result and result.refused)) else 200
    return render_desk(
        request,
        actor,
        "import.html",
        {"form": form, "result": result, "template_header": TEMPLATE_HEADER},
        status,
    )
