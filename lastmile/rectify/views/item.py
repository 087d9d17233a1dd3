"""A ledger item at the desk: the page with the allowed actions as forms, and the POST of one
action (one form → one service)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from lastmile.concerns.uploads import CleanFile, clean_upload
from lastmile.core.conf import setting
from lastmile.core.errors import Conflict, DomainError, InvalidInput
from lastmile.orgs.selectors import Actor, actor_for_user
from lastmile.rectify import permissions, selectors, services
from lastmile.rectify.choices import NOTE_STATUSES, PLAN_STATUSES, can
from lastmile.rectify.forms import ACTION_FORMS, FILE_ACTIONS, MilestoneDoneForm
from lastmile.rectify.models import LedgerItem, Milestone
from lastmile.rectify.presenters import describe
from lastmile.rectify.views.desk import render_desk

ACTION_TEXT: dict[str, tuple[Any, Any]] = {
    "start": (
        gettext_lazy("Start the rectification"),
        gettext_lazy("Your unit starts work on this item; progress notes can then be added."),
    ),
    "note": (
        gettext_lazy("Add a progress note"),
        gettext_lazy("The note and its evidence go on the item's record."),
    ),
    "milestone_add": (
        gettext_lazy("Plan a milestone"),
        gettext_lazy("A dated step of the plan, due no later than the item's deadline."),
    ),
    "milestone_done": (
        gettext_lazy("Mark a milestone done"),
        gettext_lazy("The milestone is recorded as done today."),
    ),
    "submit": (
        gettext_lazy("Report it done"),
        gettext_lazy(
            "The superior is asked to check and accept it. Every milestone must be done first."
        ),
    ),
    "accept": (
        gettext_lazy("Close it (销号)"),
        gettext_lazy(
            "Only after the satisfaction check. Satisfied or mostly satisfied closes the item; "
            "dissatisfied reopens it (复号) and the unit must work on it again."
        ),
    ),
    "reopen": (
        gettext_lazy("Reopen it (复号)"),
        gettext_lazy(
            "Because people are dissatisfied, it was done late, or the problem came back. The "
            "unit must work on it again."
        ),
    ),
}


def visible_actions(actor: Actor, item: LedgerItem, milestones: list[Milestone]) -> list[str]:
    work = permissions.may_work(actor, item)
    superior = permissions.may_accept(actor, item)
    names = []
    if can("start", item.status) and work:
        names.append("start")
    if item.status in NOTE_STATUSES and work:
        names.append("note")
        if any(m.done_at is None for m in milestones):
            names.append("milestone_done")
    if item.status in PLAN_STATUSES and (work or superior):
        names.append("milestone_add")
    if can("submit", item.status) and work:
        names.append("submit")
    if can("accept", item.status) and superior:
        names.append("accept")
    if can("reopen", item.status) and superior:
        names.append("reopen")
    return names


def _form(
    name: str, item: LedgerItem, milestones: list[Milestone], data: Any = None, files: Any = None
) -> forms.Form:
    kwargs: dict[str, Any] = {"initial": {"version": item.version}, "auto_id": f"id_{name}_%s"}
    if name == "milestone_done":
        return MilestoneDoneForm(
            data, files, milestones=[m for m in milestones if m.done_at is None], **kwargs
        )
    return ACTION_FORMS[name](data, files, **kwargs)


def render_item(
    request: HttpRequest,
    actor: Actor,
    item: LedgerItem,
    *,
    bound: forms.Form | None = None,
    bound_action: str = "",
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    detail = selectors.item_detail(item)
    milestones = detail["milestones"]
    assert isinstance(milestones, list)
    actions = []
    for name in visible_actions(actor, item, milestones):
        form = (
            bound if name == bound_action and bound is not None else _form(name, item, milestones)
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
    names = {a["name"] for a in actions}
    context = {
        "item": item,
        "overdue": item.is_overdue(),
        "today_date": timezone.localdate(),
        "actions": actions,
        "error": error,
        "error_action": bound_action,
        "error_shown_in_form": bound_action in names,
        "events": describe(selectors.timeline(item)),
        **detail,
    }
    return render_desk(request, actor, "item.html", context, status)


@login_required
@require_GET
def item_detail(request: HttpRequest, number: str) -> HttpResponse:
    actor = actor_for_user(request.user)
    return render_item(request, actor, selectors.item_get_for_actor(actor, number))


def _files(form: forms.Form) -> list[CleanFile]:
    uploads = form.cleaned_data.get("attachments") or []
    limit = setting("UPLOAD_MAX_FILES")
    if len(uploads) > limit:
        raise InvalidInput(_("Attach at most %(n)d files.") % {"n": limit}, field="attachments")
    return [clean_upload(f.name, f.read(), allow_pdf=True) for f in uploads]


def _milestone(item: LedgerItem, pk: int) -> Milestone:
    found = item.milestones.filter(pk=pk).first()
    if found is None:
        raise InvalidInput(_("Choose one of this item's milestones."), field="milestone")
    return found


Runner = Callable[[Actor, LedgerItem, dict[str, Any], forms.Form], object]

RUNNERS: dict[str, Runner] = {
    "start": lambda a, i, d, f: services.item_start(actor=a, item=i, expected_version=d["version"]),
    "note": lambda a, i, d, f: services.item_note(
        actor=a, item=i, text=d["text"], files=_files(f), public_files=d["public_files"]
    ),
    "milestone_add": lambda a, i, d, f: services.milestone_add(
        actor=a, item=i, title=d["title"], due=d["due"]
    ),
    "milestone_done": lambda a, i, d, f: services.milestone_complete(
        actor=a, item=i, milestone=_milestone(i, d["milestone"])
    ),
    "submit": lambda a, i, d, f: services.item_submit(
        actor=a,
        item=i,
        summary=d["summary"],
        files=_files(f),
        public_files=d["public_files"],
        expected_version=d["version"],
    ),
    "accept": lambda a, i, d, f: services.item_accept(
        actor=a,
        item=i,
        satisfaction=d["satisfaction"],
        note=d["note"],
        expected_version=d["version"],
    ),
    "reopen": lambda a, i, d, f: services.item_reopen(
        actor=a,
        item=i,
        reason=d["reason"],
        note=d["note"],
        new_deadline=d["new_deadline"],
        expected_version=d["version"],
    ),
}
DONE = {
    "start": gettext_lazy("Rectification started."),
    "note": gettext_lazy("Progress noted."),
    "milestone_add": gettext_lazy("Milestone planned."),
    "milestone_done": gettext_lazy("Milestone marked done."),
    "submit": gettext_lazy("Reported done; the superior will check and accept it."),
    "accept": gettext_lazy("The satisfaction check is recorded."),
    "reopen": gettext_lazy("The item is reopened (复号)."),
}


@login_required
@require_POST
def item_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    actor = actor_for_user(request.user)
    item = selectors.item_get_for_actor(actor, number)
    if action not in RUNNERS:
        raise Http404("unknown action")
    milestones = list(item.milestones.all())
    form = _form(action, item, milestones, request.POST, request.FILES)
    if not form.is_valid():
        return render_item(request, actor, item, bound=form, bound_action=action, status=400)
    try:
        RUNNERS[action](actor, item, form.cleaned_data, form)
    except DomainError as exc:
        field = {"photos": "attachments"}.get(exc.field, exc.field)
        if field in form.fields:
            form.add_error(field, str(exc))
        else:
            form.add_error(None, str(exc))
        fresh = selectors.item_get_for_actor(actor, number)
        if isinstance(exc, Conflict):
            # Keep what the person typed, against the current version: they can look and resend.
            data = request.POST.copy()
            data["version"] = str(fresh.version)
            form = _form(action, fresh, list(fresh.milestones.all()), data, request.FILES)
            form.is_valid()
        return render_item(
            request,
            actor,
            fresh,
            bound=form,
            bound_action=action,
            error=str(exc),
            status=exc.http_status,
        )
    messages.success(request, str(DONE[action]))
    return redirect("rectify:desk_item", number=item.number)
