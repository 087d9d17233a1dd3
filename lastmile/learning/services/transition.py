"""The one place a course changes state: checks the transition table, bumps the version, saves,
and writes one audit event in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lastmile.core import audit, workflow
from lastmile.core.errors import Conflict
from lastmile.learning.choices import TRANSITIONS
from lastmile.learning.models import Course
from lastmile.orgs.selectors import Actor

OBJECT_TYPE = "learning_course"


def lock(course: Course, expected_version: int | None = None) -> Course:
    """Re-read the course under a row lock and check the caller saw the current version."""
    locked = Course.objects.select_for_update(of=("self",)).select_related("area").get(pk=course.pk)
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(
            _(
                "Someone else changed this course a moment ago (it is now “%(status)s”). "
                "Reload the page to see the latest state."
            )
            % {"status": locked.get_status_display()}
        )
    return locked


def check(action: str, course: Course) -> None:
    workflow.check(
        TRANSITIONS,
        action,
        course.status,
        _("This action is not possible while the course is “%(status)s”.")
        % {"status": course.get_status_display()},
    )


def change(
    *, actor: Actor, course: Course, verb: str, fields: dict[str, Any], data: dict[str, Any]
) -> Course:
    """Save edited fields of a locked course (versioned) and audit them."""
    with transaction.atomic():
        workflow.apply_change(
            course, fields, conflict=_("Someone else changed this course a moment ago. Reload.")
        )
        record(actor=actor, course=course, verb=verb, data=data)
    return course


def apply(
    *, actor: Actor, course: Course, action: str, fields: dict[str, Any] | None = None
) -> Course:
    """Apply a checked transition to an already locked course and audit it."""
    check(action, course)
    new_status = workflow.resolve_target(TRANSITIONS, action, None)
    old_status = course.status
    return change(
        actor=actor,
        course=course,
        verb=action,
        fields={**(fields or {}), "status": new_status},
        data={"from": old_status, "to": new_status},
    )


def record(*, actor: Actor, course: Course, verb: str, data: dict[str, Any]) -> None:
    audit.record(
        verb=f"learning.{verb}",
        obj_type=OBJECT_TYPE,
        obj_id=course.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data={"title": course.title, **data},
    )
