"""A wish at the desk: the family's details (staff only), the claims, the evidence, the allowed
actions as forms (verify, turn down, publish, edit, record the family's confirmation), the slip
with the wish code and PIN for the family, and the timeline. One form → one service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from lastmile.core.errors import Conflict, DomainError
from lastmile.core.pii import log_pii_access
from lastmile.orgs.selectors import Actor, actor_for_user
from lastmile.wishes import presenters, selectors, services
from lastmile.wishes.choices import EDITABLE, can
from lastmile.wishes.conf import yuan
from lastmile.wishes.forms import (
    EditForm,
    PublishForm,
    RejectForm,
    StaffConfirmForm,
    VerifyForm,
)
from lastmile.wishes.models import Wish
from lastmile.wishes.views.common import render_desk

ACTION_FORMS: dict[str, type[forms.Form]] = {
    "verify": VerifyForm,
    "reject": RejectForm,
    "publish": PublishForm,
    "confirm": StaffConfirmForm,
    "edit": EditForm,
}
ACTION_TEXT: dict[str, tuple[Any, Any]] = {
    "verify": (
        gettext_lazy("Verify the household's situation"),
        gettext_lazy("Record how the situation was checked and what was found."),
    ),
    "reject": (
        gettext_lazy("Turn it down"),
        gettext_lazy("The family sees the reason with their wish code and PIN."),
    ),
    "publish": (
        gettext_lazy("Publish on the wish wall"),
        gettext_lazy(
            "The wall shows the community, a masked name (王**), the wish and its value — "
            "never the name, phone or address."
        ),
    ),
    "confirm": (
        gettext_lazy("Record the family's confirmation"),
        gettext_lazy(
            "For families who cannot use the PIN page: the wish is closed (销号) and the "
            "claimers earn their points."
        ),
    ),
    "edit": (
        gettext_lazy("Correct the details"),
        gettext_lazy("Possible until the wish is fully claimed; the value stays within the cap."),
    ),
}
DONE = {
    "verify": gettext_lazy("Verified. Publish it when it is ready for the wall."),
    "reject": gettext_lazy("Turned down; the family can see the reason."),
    "publish": gettext_lazy("Published on the wish wall."),
    "confirm": gettext_lazy("The confirmation is recorded; the wish is closed (销号)."),
    "edit": gettext_lazy("The details are saved."),
}


def visible_actions(wish: Wish) -> list[str]:
    names = [n for n in ("verify", "reject", "publish", "confirm") if can(n, wish.status)]
    if wish.status in EDITABLE:
        names.append("edit")
    return names


def _initial(name: str, wish: Wish) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": wish.version}
    if name == "edit":
        initial.update(
            title=wish.title,
            category=wish.category,
            value=yuan(wish.value),
            description=wish.description,
            beneficiary_name=wish.beneficiary_name,
            beneficiary_phone=wish.beneficiary_phone,
            beneficiary_address=wish.beneficiary_address,
        )
    return initial


def _form(name: str, wish: Wish, data: Any = None) -> forms.Form:
    return ACTION_FORMS[name](data, initial=_initial(name, wish), auto_id=f"id_{name}_%s")


def render_wish(
    request: HttpRequest,
    actor: Actor,
    wish: Wish,
    *,
    bound: forms.Form | None = None,
    bound_action: str = "",
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    actions = []
    for name in visible_actions(wish):
        form = bound if name == bound_action and bound is not None else _form(name, wish)
        title, confirm = ACTION_TEXT[name]
        actions.append({"name": name, "form": form, "title": title, "confirm": confirm})
    names = {a["name"] for a in actions}
    context = {
        "wish": wish,
        "public": presenters.public_wish(wish),
        "pin": services.pin_for(wish.code),
        "claims": selectors.wish_claims(wish),
        "photos": selectors.wish_photos(wish),
        "actions": actions,
        "error": error,
        "error_action": bound_action,
        "error_shown_in_form": bound_action in names,
        "events": presenters.describe(selectors.timeline(wish)),
    }
    return render_desk(request, actor, "wish.html", context, status)


@login_required
@require_GET
def wish_page(request: HttpRequest, code: str) -> HttpResponse:
    actor = actor_for_user(request.user)
    wish = selectors.staff_get(actor, code)
    shown = ("beneficiary_name", "beneficiary_phone", "beneficiary_address")
    log_pii_access(
        actor=actor,
        subject_type="wish",
        subject_id=wish.pk,
        subject_label=wish.code,
        fields=[f for f in shown if getattr(wish, f)],
        purpose=f"核实心愿 {wish.code}",
        request=request,
        area=wish.community,
    )
    return render_wish(request, actor, wish)


Runner = Callable[[Actor, Wish, dict[str, Any]], object]

RUNNERS: dict[str, Runner] = {
    "verify": lambda a, w, d: services.wish_verify(
        actor=a, wish=w, method=d["method"], note=d["note"], expected_version=d["version"]
    ),
    "reject": lambda a, w, d: services.wish_reject(
        actor=a, wish=w, reason=d["reason"], expected_version=d["version"]
    ),
    "publish": lambda a, w, d: services.wish_publish(
        actor=a, wish=w, expected_version=d["version"]
    ),
    "confirm": lambda a, w, d: services.wish_confirm(
        actor=a, wish=w, method=d["method"], note=d["note"], expected_version=d["version"]
    ),
    "edit": lambda a, w, d: services.wish_edit(
        actor=a,
        wish=w,
        expected_version=d["version"],
        **{k: v for k, v in d.items() if k != "version"},
    ),
}


@login_required
@require_POST
def wish_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    actor = actor_for_user(request.user)
    wish = selectors.staff_get(actor, code)
    if action not in RUNNERS:
        raise Http404("unknown action")
    form = _form(action, wish, request.POST)
    if not form.is_valid():
        return render_wish(request, actor, wish, bound=form, bound_action=action, status=400)
    try:
        RUNNERS[action](actor, wish, form.cleaned_data)
    except DomainError as exc:
        fresh = selectors.staff_get(actor, code)
        if isinstance(exc, Conflict):
            # Keep what the person typed, against the current version: they can look and resend.
            data = request.POST.copy()
            data["version"] = str(fresh.version)
            form = _form(action, fresh, data)
            form.is_valid()
        form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        return render_wish(
            request,
            actor,
            fresh,
            bound=form,
            bound_action=action,
            error=str(exc.message),
            status=exc.http_status,
        )
    messages.success(request, str(DONE[action]))
    return redirect("wishes:desk_wish", code=wish.code)
