"""Ledger pages at the desk (login): the list with filters and counts, the register form and the
.xlsx export. The item page and its actions live in ``item``."""

from __future__ import annotations

import tempfile
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lastmile.concerns.models import Concern
from lastmile.concerns.selectors import concern_get_for_actor
from lastmile.concerns.views.desk_actions import nav_roles
from lastmile.core.errors import DomainError
from lastmile.orgs.models import Unit
from lastmile.orgs.selectors import Actor, actor_for_user
from lastmile.rectify import permissions, selectors, services
from lastmile.rectify.choices import Source, Status
from lastmile.rectify.export import export_rows, write_xlsx
from lastmile.rectify.forms import RegisterForm
from lastmile.rectify.services.register import FIVE_ITEMS, FiveItemsMissing

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PER_PAGE = 50


def render_desk(
    request: HttpRequest, actor: Actor, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(
        request,
        f"rectify/desk/{template}",
        {
            "actor": actor,
            **nav_roles(actor),
            "may_register": permissions.may_register(actor),
            **context,
        },
        status=status,
    )


def _staff(request: HttpRequest) -> Actor:
    actor = actor_for_user(request.user)
    if not actor.is_staff_member:
        raise PermissionDenied(_("Only staff can use the rectification ledger."))
    return actor


@login_required
@require_GET
def ledger(request: HttpRequest) -> HttpResponse:
    actor = _staff(request)
    filters = selectors.parse_filters(request.GET)
    page = Paginator(selectors.ledger_for_actor(actor, filters), PER_PAGE).get_page(
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
            "counts": selectors.ledger_counts(actor),
            "statuses": Status.choices,
            "sources": Source.choices,
            "units": unit_choices(actor),
            "today": timezone.localdate(),
            "query": query.urlencode(),
        },
    )


def _concern(actor: Actor, code: str) -> Concern | None:
    if not code:
        return None
    try:
        return concern_get_for_actor(actor, code.strip().upper())
    except Http404:
        return None


def _initial(actor: Actor, request: HttpRequest) -> dict[str, Any]:
    """Pre-filled values: from a concern (``?concern=CODE``) or from the query (an agenda item of
    the 民情分析会: ``title``, ``content``, ``owner_unit``, ``deadline``, ``source``)."""
    get = request.GET
    concern = _concern(actor, get.get("concern", ""))
    if concern is not None:
        return {
            "source": Source.RESIDENTS,
            "title": concern.title,
            "content": concern.text,
            "owner_unit": concern.lead_unit_id,
            "area": concern.area_id,
            "concern": concern.code,
        }
    keys = ("title", "content", "owner_unit", "deadline", "source", "area")
    initial = {k: get[k] for k in keys if get.get(k)}
    initial.setdefault("source", Source.SELF)
    return initial


def _register(actor: Actor, data: dict[str, Any], concern: Concern | None) -> Any:
    fields = {k: data[k] for k in (*FIVE_ITEMS, "source", "owner_person", "area")}
    fields.update(is_public=data["is_public"], is_long_term=data["is_long_term"])
    if concern is not None:
        return services.item_from_concern(actor=actor, concern=concern, **fields)
    return services.item_register(actor=actor, **fields)


@login_required
@require_http_methods(["GET", "POST"])
def new_item(request: HttpRequest) -> HttpResponse:
    actor = _staff(request)
    if not permissions.may_register(actor):
        raise PermissionDenied(_("You cannot register ledger items."))
    form = RegisterForm(request.POST or None, initial=_initial(actor, request))
    concern = _concern(actor, form["concern"].value() or "")
    if request.method == "POST" and form.is_valid():
        try:
            item = _register(actor, form.cleaned_data, concern)
        except FiveItemsMissing as exc:
            for name in exc.missing:
                form.add_error(name if name in form.fields else None, str(exc))
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            return redirect("rectify:desk_item", number=item.number)
    status = 400 if form.errors else 200
    return render_desk(request, actor, "new.html", {"form": form, "concern": concern}, status)


@login_required
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponseBase:
    actor = _staff(request)
    qs = export_rows(selectors.ledger_for_actor(actor, selectors.parse_filters(request.GET)))
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    write_xlsx(qs.iterator(chunk_size=500), spool)
    spool.seek(0)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(
        spool, as_attachment=True, filename=f"整改台账-{stamp}.xlsx", content_type=XLSX
    )


def unit_choices(actor: Actor) -> list[Unit]:
    """Units that appear in the actor's ledger (for the filter)."""
    ids = selectors.item_qs_for_actor(actor).values_list("owner_unit_id", flat=True).distinct()
    return list(Unit.objects.filter(pk__in=ids))
