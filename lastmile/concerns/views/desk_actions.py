"""A concern at the desk: the page, and the POST of one action (one form → one service)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from lastmile.concerns import hooks, permissions, services
from lastmile.concerns.choices import (
    HANDLING,
    TERMINAL,
    AttachmentPurpose,
    Kind,
    ObjectionStatus,
    RequestStatus,
    Status,
    allowed_actions,
    can,
)
from lastmile.concerns.forms_desk import ACTION_FORMS, FILE_ACTIONS, ActionForm
from lastmile.concerns.models import Concern
from lastmile.concerns.presenters import STAFF, describe
from lastmile.concerns.selectors import concern_get_for_actor, concern_qs_for_actor, timeline
from lastmile.concerns.uploads import CleanFile, clean_upload
from lastmile.concerns.views.desk_pii import log_contact_view
from lastmile.core.conf import setting
from lastmile.core.errors import Conflict, DomainError, InvalidInput
from lastmile.orgs.choices import Role
from lastmile.orgs.selectors import Actor, actor_for_user

ASSIST_STATUSES = HANDLING | {Status.DISPATCHED}

# Title and "what will happen" text of each action, shown on its form.
ACTION_TEXT: dict[str, tuple[Any, Any]] = {
    "dispatch": (
        gettext_lazy("Dispatch"),
        gettext_lazy(
            "The concern goes to the chosen lead unit, which must sign for it. The sign-for "
            "and resolution clocks start now."
        ),
    ),
    "divert": (
        gettext_lazy("Divert"),
        gettext_lazy(
            "The concern is closed without dispatch; the resident is told why and where to go."
        ),
    ),
    "answer": (
        gettext_lazy("Answer at intake"),
        gettext_lazy(
            "The consultation is closed as answered; the resident is still asked for feedback."
        ),
    ),
    "sign": (
        gettext_lazy("Sign for"),
        gettext_lazy(
            "Your unit takes responsibility for this concern. First contact with the resident "
            "is due within one working day."
        ),
    ),
    "object": (
        gettext_lazy("Object (return the dispatch)"),
        gettext_lazy(
            "Only before signing. The dispatcher reviews the objection; a rejected objection "
            "counts against your unit."
        ),
    ),
    "review_objection": (
        gettext_lazy("Review the objection"),
        gettext_lazy(
            "Upheld: the concern is re-dispatched and the bounce counts against the dispatch "
            "rule. Rejected: the unit must sign for it and the objection counts against the unit."
        ),
    ),
    "contact": (
        gettext_lazy("Record first contact"),
        gettext_lazy("Marks that the resident has been contacted; handling is then in progress."),
    ),
    "request_extension": (
        gettext_lazy("Request an extension"),
        gettext_lazy(
            "The dispatcher decides. Until then the current deadline still applies; the "
            "resident is told of an approved extension."
        ),
    ),
    "decide_extension": (
        gettext_lazy("Decide the extension"),
        gettext_lazy(
            "Approving moves the deadline to the requested date; refusing keeps the current one."
        ),
    ),
    "reply": (
        gettext_lazy("Reply"),
        gettext_lazy(
            "The resident sees the reply and the evidence and is asked for feedback (callback)."
        ),
    ),
    "request_stop": (
        gettext_lazy("Request to stop handling"),
        gettext_lazy(
            "A supervisor reviews it. Only when the resident refuses needed information or the "
            "demand is unlawful."
        ),
    ),
    "decide_stop": (
        gettext_lazy("Decide on stopping"),
        gettext_lazy(
            "Approving stops handling for good; refusing returns the concern to the unit."
        ),
    ),
    "callback": (
        gettext_lazy("Record the callback by phone"),
        gettext_lazy(
            "Records the resident's answers given by phone. Unresolved or dissatisfied reopens "
            "the concern once automatically."
        ),
    ),
    "reopen": (
        gettext_lazy("Reopen"),
        gettext_lazy("The concern goes back to the dispatcher for another round."),
    ),
    "assist_report": (
        gettext_lazy("Report to the lead unit"),
        gettext_lazy(
            "Your unit assists on this concern: tell the lead unit what you did. The report "
            "goes on the concern's timeline."
        ),
    ),
    "merge": (
        gettext_lazy("Merge into another concern"),
        gettext_lazy(
            "This concern closes; its resident follows the progress of the parent concern."
        ),
    ),
}
LEAD_ACTIONS = frozenset(
    {"sign", "object", "contact", "request_extension", "reply", "request_stop"}
)
# Errors from the services name their field; some form fields are called differently.
FIELD_ALIASES = {"photos": "attachments", "files": "attachments", "new_unit": "unit"}


def nav_roles(actor: Actor) -> dict[str, bool]:
    """Which desk sections this person gets (drives the navigation)."""
    return {
        "is_handler": actor.has_role(Role.HANDLER, Role.UNIT_LEADER),
        "is_dispatcher": actor.has_role(Role.DISPATCHER, Role.ADMIN),
        "is_supervisor": actor.has_role(Role.SUPERVISOR, Role.ADMIN),
        "is_grid_worker": actor.has_role(Role.GRID_WORKER),
    }


def may(actor: Actor, concern: Concern, action: str) -> bool:
    """Whether this person's role allows ``action`` on this concern (the state is checked apart)."""
    if action in LEAD_ACTIONS:
        return permissions.is_lead_handler(actor, concern)
    dispatcher = permissions.is_dispatcher_for(actor, concern)
    supervisor = permissions.is_supervisor_for(actor, concern)
    if action == "answer":
        return dispatcher and concern.kind == Kind.CONSULT
    if action in ("dispatch", "divert", "merge"):
        return dispatcher
    if action == "review_objection":
        second = concern.objection_count > setting("OBJECTION_LIMIT")
        return supervisor if second else dispatcher or supervisor
    if action in ("decide_extension", "callback"):
        return dispatcher or supervisor
    return supervisor  # decide_stop, reopen


def visible_actions(actor: Actor, concern: Concern) -> list[str]:
    names = [
        name
        for name in allowed_actions(concern.status)
        if name in ACTION_FORMS and may(actor, concern, name)
    ]
    if permissions.is_assist_handler(actor, concern) and concern.status in ASSIST_STATUSES:
        names.append("assist_report")
    return names


def concern_extras(actor: Actor, concern: Concern, *, with_route: bool) -> dict[str, Any]:
    """What the concern page shows besides the concern: files, history, escalations, requests."""
    attachments = list(concern.attachments.order_by("created_at"))
    history: Any = Concern.objects.none()
    if concern.resident_phone_hash or concern.address_hash:
        # The same caller or place, by the keyed hashes (phone and address are encrypted).
        same = Q(pk__in=[])
        if concern.resident_phone_hash:
            same |= Q(resident_phone_hash=concern.resident_phone_hash)
        if concern.address_hash:
            same |= Q(address_hash=concern.address_hash)
        history = concern_qs_for_actor(actor).filter(same).exclude(pk=concern.pk)
    return {
        "photos": [a for a in attachments if a.purpose == AttachmentPurpose.INTAKE],
        "evidence": [a for a in attachments if a.purpose == AttachmentPurpose.EVIDENCE],
        "material": [a for a in attachments if a.purpose == AttachmentPurpose.OBJECTION],
        "history": list(history.order_by("-created_at")[:5]),
        "escalations": list(concern.escalations.select_related("unit").order_by("created_at")),
        "assists": list(concern.assists.select_related("unit")),
        "objection": concern.objections.filter(status=ObjectionStatus.PENDING)
        .select_related("unit", "suggested_unit", "filed_by")
        .first(),
        "extension": concern.extensions.filter(status=RequestStatus.PENDING).first(),
        "stop_request": concern.stop_requests.filter(status=RequestStatus.PENDING).first(),
        "suggestion": services.route(category=concern.category, area=concern.area)
        if with_route
        else None,
        "duplicates": _duplicates(actor, concern),
        "can_merge": may(actor, concern, "merge") and can("merge", concern.status),
    }


def _duplicates(actor: Actor, concern: Concern) -> list[hooks.DuplicateGuess]:
    """Likely duplicates (when a provider is registered) that this person may see."""
    if concern.status in TERMINAL:
        return []
    found = hooks.find_duplicates(
        text=f"{concern.title} {concern.text}",
        area=concern.area,
        lat=concern.lat,
        lng=concern.lng,
        exclude=concern,
    )
    if not found:
        return []
    visible = set(
        concern_qs_for_actor(actor)
        .filter(pk__in=[g.concern.pk for g in found])
        .values_list("pk", flat=True)
    )
    return [g for g in found if g.concern.pk in visible]


def _category_initial(concern: Concern) -> int | None:
    """The concern's level-3 category; without one, the classifier's best level-3 guess."""
    if concern.category is not None:
        return concern.category_id if concern.category.level == 3 else None
    guesses = hooks.suggest_categories(f"{concern.title} {concern.text}")
    return next((g.category.pk for g in guesses if g.category.level == 3), None)


def _initial(action: str, concern: Concern, extras: dict[str, Any]) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": concern.version}
    if action == "dispatch":
        suggestion = extras.get("suggestion")
        initial.update(
            kind=concern.kind,
            urgency=concern.urgency,
            category=_category_initial(concern),
            unit=suggestion.unit.pk if suggestion and suggestion.unit else None,
            assist_units=[u.pk for u in suggestion.assists] if suggestion else [],
        )
    elif action == "review_objection" and extras.get("objection"):
        initial["unit"] = extras["objection"].suggested_unit_id
    return initial


def render_concern(
    request: HttpRequest,
    actor: Actor,
    concern: Concern,
    *,
    bound: ActionForm | None = None,
    bound_action: str = "",
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    names = visible_actions(actor, concern)
    extras = concern_extras(actor, concern, with_route="dispatch" in names)
    log_contact_view(request, actor, concern)
    actions = []
    for name in names:
        form = bound if name == bound_action and bound is not None else None
        form = form or ACTION_FORMS[name](
            initial=_initial(name, concern, extras), auto_id=f"id_{name}_%s"
        )
        title, confirm = ACTION_TEXT[name]
        actions.append(
            {
                "name": name,
                "form": form,
                "title": title,
                "confirm": confirm,
                "files": name in FILE_ACTIONS,
            }
        )
    context = {
        **nav_roles(actor),
        "concern": concern,
        "actions": actions,
        "error": error,
        "error_action": bound_action,
        "error_shown_in_form": bound_action in names,
        "items": describe(timeline(concern), audience=STAFF),
        **extras,
    }
    return render(request, "concerns/desk/concern.html", context, status=status)


@login_required
@require_GET
def concern_detail(request: HttpRequest, code: str) -> HttpResponse:
    actor = actor_for_user(request.user)
    return render_concern(request, actor, concern_get_for_actor(actor, code))


def _yes(value: str) -> bool:
    return value in ("yes", "approve", "upheld")


def _files(form: ActionForm) -> list[CleanFile]:
    uploads = form.cleaned_data.get("attachments") or []
    limit = setting("UPLOAD_MAX_FILES")
    if len(uploads) > limit:
        raise InvalidInput(_("Attach at most %(n)d files.") % {"n": limit}, field="attachments")
    return [clean_upload(f.name, f.read(), allow_pdf=True) for f in uploads]


def _other(actor: Actor, code: str, field: str) -> Concern:
    """Another concern named by its tracking code in a form (merge parent, repeated concern)."""
    try:
        return concern_get_for_actor(actor, code.strip().upper())
    except Http404:
        raise InvalidInput(
            _("No concern %(code)s in your area.") % {"code": code}, field=field
        ) from None


def _parent(actor: Actor, code: str) -> Concern:
    return _other(actor, code, "parent")


Runner = Callable[[Actor, Concern, dict[str, Any], ActionForm], object]

RUNNERS: dict[str, Runner] = {
    "dispatch": lambda a, c, d, f: services.concern_dispatch(
        actor=a,
        concern=c,
        unit=d["unit"],
        assist_units=list(d["assist_units"]),
        category=d["category"],
        kind=d["kind"],
        urgency=d["urgency"],
        note=d["note"],
        expected_version=d["version"],
    ),
    "divert": lambda a, c, d, f: services.concern_divert(
        actor=a,
        concern=c,
        case=d["case"],
        note=d["note"],
        repeat_of=_other(a, d["repeat_of"], "repeat_of") if d["repeat_of"] else None,
        expected_version=d["version"],
    ),
    "answer": lambda a, c, d, f: services.concern_answer(
        actor=a, concern=c, answer=d["answer"], expected_version=d["version"]
    ),
    "sign": lambda a, c, d, f: services.concern_sign(
        actor=a, concern=c, expected_version=d["version"]
    ),
    "object": lambda a, c, d, f: services.concern_object(
        actor=a,
        concern=c,
        reason=d["reason"],
        suggested_unit=d["suggested_unit"],
        files=_files(f),
        expected_version=d["version"],
    ),
    "review_objection": lambda a, c, d, f: services.concern_objection_review(
        actor=a,
        concern=c,
        upheld=_yes(d["decision"]),
        new_unit=d["unit"],
        note=d["note"],
        expected_version=d["version"],
    ),
    "contact": lambda a, c, d, f: services.concern_contact(
        actor=a, concern=c, note=d["note"], expected_version=d["version"]
    ),
    "request_extension": lambda a, c, d, f: services.concern_extension_request(
        actor=a, concern=c, reason=d["reason"], new_due=d["new_due"], expected_version=d["version"]
    ),
    "decide_extension": lambda a, c, d, f: services.concern_extension_decide(
        actor=a,
        concern=c,
        approve=_yes(d["decision"]),
        note=d["note"],
        expected_version=d["version"],
    ),
    "reply": lambda a, c, d, f: services.concern_reply(
        actor=a,
        concern=c,
        text=d["text"],
        resolved=_yes(d["resolved"]),
        files=_files(f),
        expected_version=d["version"],
    ),
    "request_stop": lambda a, c, d, f: services.concern_stop_request(
        actor=a, concern=c, reason=d["reason"], expected_version=d["version"]
    ),
    "decide_stop": lambda a, c, d, f: services.concern_stop_decide(
        actor=a,
        concern=c,
        approve=_yes(d["decision"]),
        note=d["note"],
        expected_version=d["version"],
    ),
    "callback": lambda a, c, d, f: services.concern_callback(
        actor=a,
        concern=c,
        contacted=_yes(d["contacted"]),
        resolved=_yes(d["resolved"]),
        satisfaction=d["satisfaction"],
        comment=d["comment"],
        by_staff=True,
        expected_version=d["version"],
    ),
    "reopen": lambda a, c, d, f: services.concern_reopen(
        actor=a, concern=c, reason=d["reason"], expected_version=d["version"]
    ),
    "assist_report": lambda a, c, d, f: services.concern_assist_report(
        actor=a, concern=c, report=d["report"]
    ),
    "merge": lambda a, c, d, f: services.concern_merge(
        actor=a, concern=c, parent=_parent(a, d["parent"]), expected_version=d["version"]
    ),
}


def _attach_error(form: ActionForm, exc: DomainError) -> str:
    """Put the error next to its field when the form has it; otherwise return it for the top."""
    field = FIELD_ALIASES.get(exc.field, exc.field)
    if field and field in form.fields and field != "version":
        form.add_error(field, str(exc.message))
        return ""
    form.add_error(None, str(exc.message))
    return str(exc.message)


@login_required
@require_POST
def concern_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    form_class = ACTION_FORMS.get(action)
    if form_class is None:
        raise Http404("unknown action")
    actor = actor_for_user(request.user)
    concern = concern_get_for_actor(actor, code)
    form = form_class(request.POST, request.FILES, auto_id=f"id_{action}_%s")
    if not form.is_valid():
        return render_concern(request, actor, concern, bound=form, bound_action=action, status=400)
    try:
        RUNNERS[action](actor, concern, form.cleaned_data, form)
    except DomainError as exc:
        concern = concern_get_for_actor(actor, code)
        if isinstance(exc, Conflict):
            data = request.POST.copy()
            data["version"] = str(concern.version)  # the page now shows the latest state
            form = form_class(data, auto_id=f"id_{action}_%s")
            form.is_valid()
        error = _attach_error(form, exc)
        return render_concern(
            request,
            actor,
            concern,
            bound=form,
            bound_action=action,
            error=error,
            status=exc.http_status,
        )
    messages.success(request, _("Done: %(action)s.") % {"action": ACTION_TEXT[action][0]})
    return redirect("concerns:desk_concern", code=code)
