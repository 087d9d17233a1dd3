"""Study time: the page reports while it is open and visible (a heartbeat every 30 s).

Each report credits at most the seconds the page says it was visible, never more than the real
time since the previous report on the same record (two tabs cannot double the time), never more
than ``BEAT_MAX_SECONDS`` at once, and never past the item's expected time × ``CAP_RATIO``. The
first report of a visit (``start``) only starts the clock. An item is studied once its required
time is reached; a course is completed by its rule (time, quiz, or both).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.core import audit
from lastmile.core.errors import NotFound
from lastmile.learning import permissions
from lastmile.learning.choices import Completion
from lastmile.learning.conf import setting
from lastmile.learning.models import (
    Course,
    CourseCompletion,
    CourseItem,
    QuizAttempt,
    StudyDay,
    StudyRecord,
)
from lastmile.learning.selectors.member import cap_seconds, is_assigned, required_seconds
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import Actor

OBJECT_TYPE = "learning_record"


@dataclass(frozen=True)
class Beat:
    credited: int
    seconds: int
    required: int
    cap: int
    completed: bool
    course_completed: bool


def require_assigned(actor: Actor, course: Course) -> Person:
    person = permissions.require_member(actor)
    if not is_assigned(person, course.pk):  # published courses only
        raise NotFound(_("This course is not assigned to you."))
    return person


def _record(person: Person, item: CourseItem, now: dt.datetime) -> StudyRecord:
    """The member's record for the item, locked; created on the first report."""
    qs = StudyRecord.objects.select_for_update(of=("self",))
    record = qs.filter(person=person, item=item).first()
    if record is not None:
        return record
    try:
        with transaction.atomic():
            StudyRecord.objects.create(person=person, item=item, started_at=now)
    except IntegrityError:  # another tab created it a moment ago
        pass
    return qs.get(person=person, item=item)


def _credit(record: StudyRecord, claimed: int, start: bool, now: dt.datetime, cap: int) -> int:
    if start or record.last_beat_at is None:
        return 0
    elapsed = int((now - record.last_beat_at).total_seconds())
    credit = min(max(0, int(claimed)), max(0, elapsed), int(setting("BEAT_MAX_SECONDS")))
    return max(0, min(credit, cap - record.seconds))


def _add_day(person: Person, item: CourseItem, day: dt.date, seconds: int) -> None:
    updated = StudyDay.objects.filter(person=person, item=item, day=day).update(
        seconds=F("seconds") + seconds
    )
    if not updated:
        StudyDay.objects.create(person=person, item=item, day=day, seconds=seconds)


@transaction.atomic
def study_beat(*, actor: Actor, item: CourseItem, seconds: int, start: bool = False) -> Beat:
    """Record one report from the study page (see the module docstring for the limits)."""
    person = require_assigned(actor, item.course)
    now = timezone.now()
    record = _record(person, item, now)
    cap, required = cap_seconds(item), required_seconds(item)
    credit = _credit(record, seconds, start, now, cap)
    record.last_beat_at = now
    fields = ["last_beat_at"]
    newly_done = False
    if credit:
        record.seconds += credit
        fields.append("seconds")
        _add_day(person, item, timezone.localdate(now), credit)
        if record.completed_at is None and record.seconds >= required:
            record.completed_at, newly_done = now, True
            fields.append("completed_at")
    record.save(update_fields=fields)
    if credit:
        _audit(
            actor, record, "studied", {"item": item.pk, "seconds": credit, "total": record.seconds}
        )
    course_done = False
    if newly_done:
        _audit(actor, record, "item_studied", {"item": item.pk, "total": record.seconds})
        course_done = complete_if_done(actor=actor, person=person, course=item.course)
    return Beat(
        credited=credit,
        seconds=record.seconds,
        required=required,
        cap=cap,
        completed=record.completed_at is not None,
        course_completed=course_done
        or (
            record.completed_at is not None
            and CourseCompletion.objects.filter(person=person, course=item.course).exists()
        ),
    )


def _audit(actor: Actor, record: StudyRecord, verb: str, data: dict[str, object]) -> None:
    audit.record(
        verb=f"learning.{verb}",
        obj_type=OBJECT_TYPE,
        obj_id=record.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data=data,
    )


def course_done(person: Person, course: Course) -> bool:
    """Whether the member has met the course's completion rule."""
    needs_time = course.completion != Completion.QUIZ
    needs_quiz = course.completion != Completion.TIME
    if needs_time:
        items = course.items.count()
        studied = StudyRecord.objects.filter(
            person=person, item__course=course, completed_at__isnull=False
        ).count()
        if not items or studied < items:
            return False
    if needs_quiz:
        return QuizAttempt.objects.filter(person=person, course=course, passed=True).exists()
    return True


def complete_if_done(*, actor: Actor, person: Person, course: Course) -> bool:
    """Record the course as completed (once) when its rule is met. Returns True when it is
    completed now by this call."""
    if not course_done(person, course):
        return False
    if CourseCompletion.objects.filter(person=person, course=course).exists():
        return False
    try:
        with transaction.atomic():
            done = CourseCompletion.objects.create(person=person, course=course)
    except IntegrityError:
        return False
    audit.record(
        verb="learning.course_completed",
        obj_type="learning_course",
        obj_id=course.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data={"person": person.pk, "completion": done.pk},
    )
    return True
