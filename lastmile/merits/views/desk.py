"""The desk: the review queue and recent deeds, one deed with approve/reject, and recording a
deed for a resident (grid workers for their grid, cadres for their community)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lastmile.core.errors import DomainError
from lastmile.merits import permissions
from lastmile.merits.choices import DeedStatus, can_deed
from lastmile.merits.forms import DeedForm, RejectForm, VersionForm
from lastmile.merits.models import Deed
from lastmile.merits.selectors import deeds as deed_sel
from lastmile.merits.services import deeds as deed_services
from lastmile.merits.views.common import form_error, int_param, render_desk, staff_actor
from lastmile.orgs.selectors import Actor

PEOPLE_SHOWN = 30


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    status = request.GET.get("status", "")
    return render_desk(
        request,
        actor,
        "overview.html",
        {
            "queue": list(deed_sel.review_queue(actor)[:50]),
            "recent": list(deed_sel.deeds_recent_for_actor(actor, status=status)[:30]),
            "status": status,
            "statuses": DeedStatus.choices,
        },
    )


def _deed_page(
    request: HttpRequest,
    actor: Actor,
    deed: Deed,
    *,
    reject: RejectForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    reviewer = permissions.may_review(actor, deed.community)
    return render_desk(
        request,
        actor,
        "deed.html",
        {
            "deed": deed,
            "may_review": reviewer and deed.status == DeedStatus.PENDING,
            "approve_form": VersionForm(initial={"version": deed.version}, auto_id="id_approve_%s"),
            "reject_form": reject
            or RejectForm(initial={"version": deed.version}, auto_id="id_reject_%s"),
            "error": error,
        },
        status=status,
    )


@login_required
@require_GET
def deed_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    return _deed_page(request, actor, deed_sel.deed_get_for_actor(actor, pk))


@login_required
@require_POST
def deed_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = staff_actor(request)
    deed = deed_sel.deed_get_for_actor(actor, pk)  # outside the actor's area: 404
    if action not in ("approve", "reject"):
        return _deed_page(request, actor, deed, status=404)
    if not can_deed(action, deed.status):
        return _deed_page(
            request,
            actor,
            deed,
            error=_("This cannot be done now: it is “%(status)s”.")
            % {"status": deed.get_status_display()},
            status=409,
        )
    form = (
        RejectForm(request.POST, auto_id="id_reject_%s")
        if action == "reject"
        else VersionForm(request.POST)
    )
    if not form.is_valid():
        return _deed_page(
            request,
            actor,
            deed,
            reject=form if isinstance(form, RejectForm) else None,
            error=_("Reload the page and try again.") if action == "approve" else "",
            status=400,
        )
    version = form.cleaned_data["version"]
    try:
        if action == "approve":
            deed = deed_services.deed_approve(actor=actor, deed=deed, expected_version=version)
            messages.success(
                request,
                _("Approved: %(points)d points to %(name)s; it is on the public page now.")
                % {"points": deed.points, "name": deed.person.name},
            )
        else:
            deed_services.deed_reject(
                actor=actor, deed=deed, reason=form.cleaned_data["reason"], expected_version=version
            )
            messages.success(request, _("Not approved; the person is told why."))
    except DomainError as exc:
        if isinstance(form, RejectForm):
            form_error(form, exc)
        return _deed_page(
            request,
            actor,
            deed_sel.deed_get_for_actor(actor, pk),
            reject=form if isinstance(form, RejectForm) else None,
            error="" if isinstance(form, RejectForm) and exc.field else str(exc),
            status=getattr(exc, "http_status", 400),
        )
    return redirect("merits:desk")


@login_required
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest) -> HttpResponse:
    """Pick a resident of your area (search by name or phone), then record their deed."""
    actor = staff_actor(request)
    person_id = int_param(request, "person")
    person = deed_sel.person_get_for_actor(actor, person_id) if person_id else None
    query = request.GET.get("q", "").strip()
    if person is None:
        people = list(deed_sel.people_for_actor(actor, query)[:PEOPLE_SHOWN]) if query else []
        return render_desk(
            request, actor, "record.html", {"person": None, "query": query, "people": people}
        )
    form = DeedForm(request.POST or None, initial={"occurred_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            deed = deed_services.deed_record(
                actor=actor,
                person=person,
                item=data["item"],
                title=data["title"],
                description=data["description"],
                occurred_on=data["occurred_on"],
                hours=data["hours"],
                name_public=data["name_public"],
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _("Recorded for %(name)s; it waits for a cadre's review.") % {"name": person.name},
            )
            return redirect("merits:desk_deed", pk=deed.pk)
    status = 400 if form.errors else 200
    return render_desk(
        request, actor, "record.html", {"person": person, "form": form}, status=status
    )
