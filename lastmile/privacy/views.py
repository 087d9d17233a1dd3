"""The resident's own data (/me/data/), its export and the deletion request; the staff desk
(/desk/privacy/) to review requests. Thin: parse, call one selector or service, render."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lastmile.concerns.views.desk_actions import nav_roles
from lastmile.core.errors import DomainError
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import Actor, actor_for_user
from lastmile.privacy.export import as_json, write_xlsx
from lastmile.privacy.forms import DecisionForm, DeletionRequestForm
from lastmile.privacy.selectors import (
    my_data,
    request_get_for_actor,
    request_qs_for_actor,
    requests_of,
)
from lastmile.privacy.services import (
    deletion_request_approve,
    deletion_request_create,
    deletion_request_refuse,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _person(request: HttpRequest) -> tuple[Actor, Person]:
    actor = actor_for_user(request.user)
    if actor.person is None:
        raise Http404("no person record")
    return actor, actor.person


def _page(
    request: HttpRequest, form: DeletionRequestForm | None = None, status: int = 200
) -> HttpResponse:
    actor, person = _person(request)
    context = {
        "sections": my_data(person),
        "requests": list(requests_of(person)),
        "form": form or DeletionRequestForm(),
        "is_staff": actor.is_staff_member,
    }
    return render(request, "privacy/me.html", context, status=status)


@login_required
@require_GET
def me(request: HttpRequest) -> HttpResponse:
    return _page(request)


def _filename(ext: str) -> str:
    return f"my-data-{timezone.localdate().isoformat()}.{ext}"


@login_required
@require_GET
def export_json(request: HttpRequest) -> HttpResponse:
    _actor, person = _person(request)
    response = HttpResponse(
        as_json(my_data(person)), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("json")}"'
    return response


@login_required
@require_GET
def export_xlsx(request: HttpRequest) -> FileResponse:
    _actor, person = _person(request)
    out = io.BytesIO()
    write_xlsx(my_data(person), out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=_filename("xlsx"), content_type=XLSX)


@login_required
@require_POST
def delete_request(request: HttpRequest) -> HttpResponse:
    actor, _unused = _person(request)
    form = DeletionRequestForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        deletion_request_create(actor=actor, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        form.add_error("reason" if exc.field == "reason" else None, str(exc.message))
        return _page(request, form, status=400)
    messages.success(
        request, _("Your request is sent. An administrator of your area will decide and tell you.")
    )
    return redirect("privacy:me")


# ---- desk ------------------------------------------------------------------------------------


def _admin(request: HttpRequest) -> Actor:
    actor = actor_for_user(request.user)
    if not actor.is_staff_member:
        raise Http404("staff only")
    return actor


@login_required
@require_GET
def desk(request: HttpRequest) -> HttpResponse:
    actor = _admin(request)
    requests = list(request_qs_for_actor(actor)[:200])
    context = {**nav_roles(actor), "requests": requests, "form": DecisionForm()}
    return render(request, "privacy/desk.html", context)


@login_required
@require_http_methods(["POST"])
def decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = _admin(request)
    req = request_get_for_actor(actor, pk)
    service = {"approve": deletion_request_approve, "refuse": deletion_request_refuse}.get(action)
    if service is None:
        raise Http404("unknown action")
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None  # type: ignore[assignment]
    try:
        service(
            actor=actor,
            req=req,
            reason=form.cleaned_data.get("decision_reason", ""),
            expected_version=version,
        )
    except DomainError as exc:
        requests = list(request_qs_for_actor(actor)[:200])
        context = {
            **nav_roles(actor),
            "requests": requests,
            "form": form,
            "error": str(exc.message),
            "error_pk": req.pk,
        }
        return render(request, "privacy/desk.html", context, status=400)
    messages.success(
        request,
        _("Approved: the resident's identity has been removed.")
        if action == "approve"
        else _("Refused: the resident has been told why."),
    )
    return redirect("privacy:desk")
