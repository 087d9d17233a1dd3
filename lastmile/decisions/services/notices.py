"""The two public notices (两公开), implementation, objections, and closing.

A notice stays up at least NOTICE_DAYS days: it is up from the day it is posted to the day
before ``ends_on``, and the step after it may start on ``ends_on`` at the earliest.
Implementation waits for the end of the resolution notice unless IMPLEMENT_AFTER_NOTICE is off;
the result notice always does; the matter closes once the result notice has run its period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.core.errors import InvalidInput, TransitionNotAllowed
from lastmile.decisions import permissions
from lastmile.decisions.choices import NoticeKind, Status, StepKind
from lastmile.decisions.models import Matter, Notice, Objection
from lastmile.decisions.services import transition
from lastmile.decisions.services.meetings import check_date
from lastmile.decisions.steps import StepDef
from lastmile.decisions.text import digest, plain
from lastmile.orgs.selectors import SYSTEM, Actor


def notice_days() -> int:
    return int(settings.LASTMILE_DECISIONS["NOTICE_DAYS"])


def _text(value: str, field: str, message: str) -> str:
    text = plain(value)
    if not text:
        raise InvalidInput(message, field=field)
    return text


def blocking_notice(step: StepDef, notices: Iterable[Notice], day: dt.date) -> Notice | None:
    """The notice whose period ``step`` must wait out and that is still up on ``day``."""
    if not step.waits_for:
        return None
    if step.wait_is_setting and not settings.LASTMILE_DECISIONS["IMPLEMENT_AFTER_NOTICE"]:
        return None
    notice = next((n for n in notices if n.kind == step.waits_for), None)
    if notice is None:  # the step order guarantees it; a missing row is a broken record
        raise TransitionNotAllowed(_("The notice this step waits for is missing."))
    return notice if day < notice.ends_on else None


def wait_message(step: StepDef, notice: Notice) -> str:
    return _(
        "“%(notice)s” is up until %(last)s (at least %(days)d days): “%(step)s” can "
        "start on %(from)s at the earliest."
    ) % {
        "notice": NoticeKind(notice.kind).label,
        "last": f"{notice.last_day:%Y-%m-%d}",
        "days": notice_days(),
        "step": step.name,
        "from": f"{notice.ends_on:%Y-%m-%d}",
    }


def _wait_for(matter: Matter, step: StepDef, day: dt.date, field: str) -> None:
    """Refuse a step dated before the end of the notice it waits for."""
    notice = blocking_notice(step, matter.notices.all(), day)
    if notice is not None:
        raise InvalidInput(wait_message(step, notice), field=field)


def notice_audit_data(notice: Notice) -> dict:
    return {
        "notice": notice.pk,
        "kind": notice.kind,
        "title": notice.title,
        "body_sha256": digest(notice.body),
        "posted_at": notice.posted_at,
        "ends_on": notice.ends_on,
    }


@transaction.atomic
def notice_post(
    *,
    actor: Actor,
    matter: Matter,
    step: str,
    title: str,
    body: str,
    posted_at: datetime | None = None,
    finished_on: dt.date | None = None,
    expected_version: int | None = None,
) -> Notice:
    """Post the resolution notice (step 5) or the result notice (step 7, with the date the
    implementation finished). ``posted_at`` may be in the past, never in the future."""
    matter = transition.lock(matter, expected_version)
    permissions.require_record(actor, matter.area)
    step_def = transition.check_step(matter, step, StepKind.NOTICE)
    now = timezone.now()
    posted_at = posted_at or now
    if posted_at > now + dt.timedelta(minutes=5):
        raise InvalidInput(_("A notice cannot be posted in the future."), field="posted_at")
    day = check_date(matter, timezone.localtime(posted_at).date(), "posted_at")
    _wait_for(matter, step_def, day, "posted_at")
    fields: dict[str, object] = {"step_index": matter.step_index + 1, "last_step_on": day}
    if step_def.notice == NoticeKind.RESULT:
        if finished_on is None:
            raise InvalidInput(_("Give the date the implementation finished."), field="finished_on")
        started = matter.implementation_started_on
        if finished_on > day or (started and finished_on < started):
            raise InvalidInput(
                _("The implementation finished between its start and this notice."),
                field="finished_on",
            )
        fields["implementation_finished_on"] = finished_on
    notice = Notice.objects.create(
        matter=matter,
        kind=step_def.notice,
        title=_text(title, "title", _("Give the notice a title."))[:120],
        body=_text(body, "body", _("Write the text of the notice.")),
        posted_at=posted_at,
        ends_on=day + dt.timedelta(days=notice_days()),
        posted_by=actor.person,
        created_at=now,
    )
    transition.apply(
        actor=actor,
        matter=matter,
        action=step_def.action,
        fields=fields,
        data={**notice_audit_data(notice), "finished_on": finished_on},
    )
    return notice


@transaction.atomic
def implementation_start(
    *,
    actor: Actor,
    matter: Matter,
    started_on: dt.date | None,
    note: str,
    expected_version: int | None = None,
) -> Matter:
    """Step 6: implementation starts — by default not before the resolution notice ended."""
    matter = transition.lock(matter, expected_version)
    permissions.require_record(actor, matter.area)
    step_def = transition.check_step(matter, "implement", StepKind.IMPLEMENTATION)
    day = check_date(matter, started_on, "started_on")
    _wait_for(matter, step_def, day, "started_on")
    note = _text(note, "note", _("Say how the resolution is being implemented."))
    return transition.apply(
        actor=actor,
        matter=matter,
        action="start_implementation",
        fields={
            "step_index": matter.step_index + 1,
            "last_step_on": day,
            "implementation_started_on": day,
            "implementation_note": note,
        },
        data={"started_on": day, "note_sha256": digest(note)},
    )


@transaction.atomic
def objection_record(
    *,
    actor: Actor,
    notice: Notice,
    raised_on: dt.date | None,
    text: str,
    raised_by: str = "",
    response: str = "",
) -> Objection:
    """An objection raised while the notice was up (the day it was posted up to its last day)."""
    matter = transition.lock(notice.matter)
    permissions.require_record(actor, matter.area)
    if raised_on is None:
        raise InvalidInput(_("Give the date the objection was raised."), field="raised_on")
    first = timezone.localtime(notice.posted_at).date()
    if raised_on > timezone.localdate() or not first <= raised_on < notice.ends_on:
        raise InvalidInput(
            _(
                "Objections to this notice are recorded for the days it was up, %(first)s to "
                "%(last)s (and not after today)."
            )
            % {"first": f"{first:%Y-%m-%d}", "last": f"{notice.last_day:%Y-%m-%d}"},
            field="raised_on",
        )
    objection = Objection.objects.create(
        notice=notice,
        raised_on=raised_on,
        text=_text(text, "text", _("Write down the objection.")),
        raised_by=plain(raised_by)[:64],
        response=plain(response),
        recorded_by=actor.person,
        created_at=timezone.now(),
    )
    transition.record(
        actor=actor,
        matter=matter,
        verb="objection",
        data={
            "notice": notice.pk,
            "objection": objection.pk,
            "raised_on": raised_on,
            "text_sha256": digest(objection.text),
            "response_sha256": digest(objection.response),
        },
    )
    return objection


def _close(actor: Actor, matter: Matter) -> Matter:
    notice = matter.notices.filter(kind=NoticeKind.RESULT).first()
    today = timezone.localdate()
    if notice is None or today < notice.ends_on:
        raise TransitionNotAllowed(
            _("The result notice is up until %(last)s; the matter closes after that.")
            % {"last": f"{notice.last_day:%Y-%m-%d}" if notice else "—"}
        )
    return transition.apply(
        actor=actor,
        matter=matter,
        action="close",
        fields={"closed_at": timezone.now()},
        data={"notice": notice.pk},
    )


@transaction.atomic
def matter_close(*, actor: Actor, matter: Matter, expected_version: int | None = None) -> Matter:
    """Close the matter once its result notice has run its full period."""
    matter = transition.lock(matter, expected_version)
    permissions.require_record(actor, matter.area)
    transition.check("close", matter)
    return _close(actor, matter)


def close_finished_matters() -> list[str]:
    """Close every matter whose result notice has ended (idempotent; the periodic task)."""
    today = timezone.localdate()
    due = Matter.objects.filter(
        status=Status.RESULT_NOTICE,
        notices__kind=NoticeKind.RESULT,
        notices__ends_on__lte=today,
    ).values_list("pk", flat=True)
    closed = []
    for pk in list(due):
        with transaction.atomic():
            matter = transition.lock(Matter(pk=pk))
            if matter.status != Status.RESULT_NOTICE:
                continue
            closed.append(_close(SYSTEM, matter).number)
    return closed
