"""A matter at the desk: its steps and record, the next allowed step as a form (one form per
body where a step may be held by either of two meetings), and the POST of one action (one form →
one service)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lastmile.concerns.uploads import CleanFile, clean_upload
from lastmile.core.conf import setting
from lastmile.core.errors import Conflict, DomainError, InvalidInput
from lastmile.decisions import permissions, presenters, selectors, services
from lastmile.decisions.choices import DECIDING, Basis, Body, NoticeKind, Status, StepKind, can
from lastmile.decisions.forms import (
    CloseForm,
    ImplementForm,
    MeetingForm,
    NoticeForm,
    ObjectionForm,
    ResultNoticeForm,
    ReviseForm,
    WithdrawForm,
)
from lastmile.decisions.models import Matter, Notice
from lastmile.decisions.registers import roll_for
from lastmile.decisions.services.notices import blocking_notice, wait_message
from lastmile.decisions.steps import BODY_RULES
from lastmile.decisions.verify import verify_matter
from lastmile.decisions.views.base import render_desk, staff
from lastmile.orgs.selectors import Actor


@dataclass
class Action:
    key: str
    title: str
    confirm: str
    form: forms.Form
    files: bool = False


def _rule_text(matter: Matter, body: str) -> str:
    """The quorum and majority a meeting must reach, with this area's numbers."""
    rule = BODY_RULES[body]
    parts = []
    for basis, quorum in rule.quorum.items():
        eligible = roll_for(matter.area, body, basis).eligible
        parts.append(
            _("%(basis)s%(eligible)d on the roll, %(rule)s must attend (at least %(need)d)")
            % {
                "basis": f"{Basis(basis).label}：" if basis else "",
                "eligible": eligible,
                "rule": quorum.label,
                "need": quorum.need(eligible),
            }
        )
    text = (
        "；".join(parts)
        + "。"
        + _(
            "It passes with more than half of those present voting for; otherwise the step is "
            "recorded as failed and may be held again after the matter is revised."
        )
    )
    if rule.announced:
        text += _("It must have been announced at least %(days)d days ahead.") % {
            "days": decision_setting("ASSEMBLY_NOTICE_DAYS")
        }
    return text


def decision_setting(key: str) -> int:
    return int(settings.LASTMILE_DECISIONS[key])


def _initial(matter: Matter, **more: Any) -> dict[str, Any]:
    step = matter.current_step
    return {"version": matter.version, "step": step.code if step else "", **more}


def _meeting_form(matter: Matter, body: str, data: Any = None, files: Any = None) -> MeetingForm:
    roll = roll_for(matter.area, body)
    initial = _initial(matter, held_on=timezone.localdate())
    key = f"meeting-{body}"
    if data is None:
        return MeetingForm(body=body, roll=roll, initial=initial, auto_id=f"id_{key}_%s")
    return MeetingForm(data, files, body=body, roll=roll, initial=initial, auto_id=f"id_{key}_%s")


FORMS: dict[str, type[forms.Form]] = {
    "revise": ReviseForm,
    "notice": NoticeForm,
    "implement": ImplementForm,
    "close": CloseForm,
    "withdraw": WithdrawForm,
    "objection": ObjectionForm,
}


def bound_form(key: str, matter: Matter, data: Any, files: Any) -> forms.Form | None:
    """The form a POST to ``key`` fills in, whether or not the step is open: the services give
    the precise refusal (out of order, notice still up, …)."""
    kind, _sep, arg = key.partition("-")
    if kind == "meeting":
        return _meeting_form(matter, arg, data, files) if arg in Body.values else None
    cls = FORMS.get(kind)
    if cls is None or (kind == "objection") != arg.isdecimal():
        return None
    step = matter.current_step
    if kind == "notice" and step is not None and step.notice == NoticeKind.RESULT:
        cls = ResultNoticeForm
    return cls(data, auto_id=f"id_{key}_%s")


@dataclass
class Pending:
    """A form that was posted, with the refusal to show in it."""

    key: str = ""
    form: forms.Form | None = None


def _fresh(
    key: str, cls: type[forms.Form], initial: dict[str, Any], pending: Pending
) -> forms.Form:
    if pending.key == key and pending.form is not None:
        return pending.form
    return cls(initial=initial, auto_id=f"id_{key}_%s")


def _step_actions(matter: Matter, notices: list[Notice], pending: Pending) -> list[Action]:
    step = matter.current_step
    if step is None:
        return []
    if matter.status == Status.DELIBERATING and step.kind == StepKind.MEETING:
        return [
            Action(
                f"meeting-{body}",
                _("Record the %(body)s") % {"body": Body(body).label},
                _rule_text(matter, body),
                pending.form
                if pending.key == f"meeting-{body}" and pending.form is not None
                else _meeting_form(matter, body),
                files=True,
            )
            for body in step.bodies
        ]
    if step.kind != StepKind.MEETING and blocking_notice(step, notices, timezone.localdate()):
        return []  # the page says until when the notice runs
    if step.kind == StepKind.NOTICE and can(step.action, matter.status):
        now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
        cls = ResultNoticeForm if step.notice == NoticeKind.RESULT else NoticeForm
        form = _fresh("notice", cls, _initial(matter, posted_at=now), pending)
        confirm = _(
            "The notice goes on the public board at once and stays up at least %(days)d days; "
            "the next step can start only after that."
        ) % {"days": decision_setting("NOTICE_DAYS")}
        return [Action("notice", _("Post: %(step)s") % {"step": step.name}, confirm, form)]
    if step.kind == StepKind.IMPLEMENTATION and can(step.action, matter.status):
        initial = _initial(matter, started_on=timezone.localdate())
        form = _fresh("implement", ImplementForm, initial, pending)
        confirm = _("By default implementation starts only after the resolution notice ended.")
        return [Action("implement", _("Start the implementation"), confirm, form)]
    return []


def visible_actions(
    actor: Actor, matter: Matter, notices: list[Notice], pending: Pending
) -> list[Action]:
    """The next allowed step as forms, and the other things the cadres may do now."""
    if not permissions.may_record(actor, matter.area):
        return []
    actions = _step_actions(matter, notices, pending)
    if matter.status == Status.REVISING:
        form = _fresh("revise", ReviseForm, _initial(matter), pending)
        confirm = _("The failed step can then be held again.")
        actions.append(Action("revise", _("Revise the matter"), confirm, form))
    result = next((n for n in notices if n.kind == NoticeKind.RESULT), None)
    if matter.status == Status.RESULT_NOTICE and result and not result.is_up():
        form = _fresh("close", CloseForm, _initial(matter), pending)
        confirm = _("The result notice has run its period; the matter is closed.")
        actions.append(Action("close", _("Close the matter"), confirm, form))
    for notice in notices:
        if notice.is_up():
            key = f"objection-{notice.pk}"
            initial = {"notice": notice.pk, "raised_on": timezone.localdate()}
            form = _fresh(key, ObjectionForm, initial, pending)
            title = _("Record an objection to the %(notice)s") % {
                "notice": NoticeKind(notice.kind).label
            }
            confirm = _("The objection and the answer are shown with the notice, without the name.")
            actions.append(Action(key, title, confirm, form))
    if matter.status in DECIDING:
        form = _fresh("withdraw", WithdrawForm, _initial(matter), pending)
        confirm = _("The matter stops here; its record stays.")
        actions.append(Action("withdraw", _("Withdraw the matter"), confirm, form))
    return actions


def render_matter(
    request: HttpRequest,
    actor: Actor,
    matter: Matter,
    *,
    pending: Pending | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    pending = pending or Pending()
    record = selectors.matter_record(matter)
    meetings, notices = record["meetings"], record["notices"]
    assert isinstance(meetings, list) and isinstance(notices, list)
    actions = visible_actions(actor, matter, notices, pending)
    context = {
        "matter": matter,
        "rows": presenters.step_rows(matter, meetings, notices),
        "revisions": record["revisions"],
        "notices": notices,
        "actions": actions,
        "error": error,
        "bound": pending.key,
        "error_shown_in_form": bool(error) and pending.key in {a.key for a in actions},
        "check": verify_matter(matter),
        "events": presenters.describe(selectors.timeline(matter)),
        "may_record": permissions.may_record(actor, matter.area),
        "waiting": _waiting(matter, notices),
    }
    return render_desk(request, actor, "matter.html", context, status)


def _waiting(matter: Matter, notices: list[Notice]) -> str:
    """Why the next step cannot start yet: the notice it waits for is still up."""
    step = matter.current_step
    if step is None or step.kind == StepKind.MEETING or not can(step.action, matter.status):
        return ""
    notice = blocking_notice(step, notices, timezone.localdate())
    return wait_message(step, notice) if notice else ""


@login_required
@require_GET
def matter_detail(request: HttpRequest, number: str) -> HttpResponse:
    actor = staff(request)
    return render_matter(request, actor, selectors.matter_get_for_actor(actor, number))


def _files(form: forms.Form) -> list[CleanFile]:
    uploads = form.cleaned_data.get("attachments") or []
    limit = setting("UPLOAD_MAX_FILES")
    if len(uploads) > limit:
        raise InvalidInput(_("Attach at most %(n)d files.") % {"n": limit}, field="attachments")
    return [clean_upload(f.name, f.read(), allow_pdf=True) for f in uploads]


def _notice(matter: Matter, pk: int) -> Notice:
    found = matter.notices.filter(pk=pk).first()
    if found is None:
        raise InvalidInput(_("Choose one of this matter's notices."), field="notice")
    return found


Runner = Callable[[Actor, Matter, dict[str, Any], forms.Form], object]


def _meeting(a: Actor, m: Matter, d: dict[str, Any], f: forms.Form) -> object:
    assert isinstance(f, MeetingForm)
    return services.meeting_record(
        actor=a,
        matter=m,
        step=d["step"],
        body=f.body,
        held_on=d["held_on"],
        votes_for=d["votes_for"],
        votes_against=d["votes_against"],
        votes_abstain=d["votes_abstain"],
        attendee_ids=d.get("attendees") or [],
        present_count=d.get("present_count"),
        basis=d.get("basis", ""),
        announced_on=d.get("announced_on"),
        minutes=d.get("minutes", ""),
        files=_files(f),
        expected_version=d["version"],
    )


RUNNERS: dict[str, Runner] = {
    "meeting": _meeting,
    "revise": lambda a, m, d, f: services.matter_revise(
        actor=a,
        matter=m,
        note=d["note"],
        title=d["title"],
        summary=d["summary"],
        expected_version=d["version"],
    ),
    "notice": lambda a, m, d, f: services.notice_post(
        actor=a,
        matter=m,
        step=d["step"],
        title=d["title"],
        body=d["body"],
        posted_at=d["posted_at"],
        finished_on=d.get("finished_on"),
        expected_version=d["version"],
    ),
    "implement": lambda a, m, d, f: services.implementation_start(
        actor=a, matter=m, started_on=d["started_on"], note=d["note"], expected_version=d["version"]
    ),
    "close": lambda a, m, d, f: services.matter_close(
        actor=a, matter=m, expected_version=d["version"]
    ),
    "withdraw": lambda a, m, d, f: services.matter_withdraw(
        actor=a, matter=m, reason=d["reason"], expected_version=d["version"]
    ),
    "objection": lambda a, m, d, f: services.objection_record(
        actor=a,
        notice=_notice(m, d["notice"]),
        raised_on=d["raised_on"],
        text=d["text"],
        raised_by=d["raised_by"],
        response=d["response"],
    ),
}


def _done(key: str, result: object) -> tuple[str, str]:
    """(level, message) after an action."""
    kind = key.split("-", 1)[0]
    if kind == "meeting":
        view = presenters.meeting_view(result)  # type: ignore[arg-type]
        if view.failure:
            return "warning", _(
                "Recorded: the step failed. %(reason)s Revise the matter, then hold it again."
            ) % {"reason": view.failure}
        return "success", _("Recorded: the step passed.")
    texts = {
        "revise": _("Revision recorded; the step can be held again."),
        "notice": _("The notice is posted on the public board."),
        "implement": _("Implementation started."),
        "close": _("The matter is closed."),
        "withdraw": _("The matter is withdrawn."),
        "objection": _("The objection is recorded."),
    }
    return "success", texts[kind]


@login_required
@require_POST
def matter_action(request: HttpRequest, number: str, key: str) -> HttpResponse:
    actor = staff(request)
    matter = selectors.matter_get_for_actor(actor, number)
    permissions.require_record(actor, matter.area)  # 403 with the reason
    form = bound_form(key, matter, request.POST, request.FILES)
    if form is None:
        raise Http404("unknown action")
    if not form.is_valid():
        return render_matter(request, actor, matter, pending=Pending(key, form), status=400)
    try:
        result = RUNNERS[key.partition("-")[0]](actor, matter, form.cleaned_data, form)
    except DomainError as exc:
        return _refused(request, actor, number, key, exc)
    level, text = _done(key, result)
    getattr(messages, level)(request, text)
    return redirect("decisions:desk_matter", number=matter.number)


def _refused(
    request: HttpRequest, actor: Actor, number: str, key: str, exc: DomainError
) -> HttpResponse:
    """Show the refusal next to the field, keeping everything typed."""
    fresh = selectors.matter_get_for_actor(actor, number)
    data = request.POST.copy()
    if isinstance(exc, Conflict):
        data["version"] = str(fresh.version)
    form = bound_form(key, fresh, data, request.FILES)
    assert form is not None
    form.is_valid()
    field = {"photos": "attachments"}.get(exc.field, exc.field)
    form.add_error(field if field in form.fields else None, str(exc))
    return render_matter(
        request,
        actor,
        fresh,
        pending=Pending(key, form),
        error=str(exc),
        status=exc.http_status,
    )
