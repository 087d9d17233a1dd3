"""Assigning a published course to an audience with a due date, and taking it back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.core.errors import InvalidInput, NotPermitted
from lastmile.learning import permissions
from lastmile.learning.choices import Audience, CourseStatus
from lastmile.learning.models import Assignment, Course
from lastmile.learning.services import transition
from lastmile.orgs.choices import AreaLevel
from lastmile.orgs.models import Area, Person
from lastmile.orgs.selectors import Actor


def _check_audience(
    actor: Actor, audience: str, area: Area | None, members: list[Person]
) -> Area | None:
    if audience == Audience.BRANCH:
        if area is None or area.level != AreaLevel.COMMUNITY:
            raise InvalidInput(_("Choose a community or village branch."), field="branch")
        permissions.require_cover(actor, area, field="branch")
        return area
    if audience == Audience.ALL:
        if area is not None and area.level == AreaLevel.GRID:
            raise InvalidInput(_("Choose a district, street or community."), field="area")
        permissions.require_cover(actor, area)
        return area
    if audience != Audience.MEMBERS:
        raise InvalidInput(_("Choose who the course is for."), field="audience")
    if not members:
        raise InvalidInput(_("Choose at least one member."), field="members")
    for person in members:
        if not person.is_party_member:
            raise InvalidInput(
                _("%(name)s is not a party member.") % {"name": person.name}, field="members"
            )
        if not actor.is_superuser and not permissions.covers(actor, person.home_area):
            raise InvalidInput(
                _("%(name)s is not a member in the areas you manage.") % {"name": person.name},
                field="members",
            )
    return None


@transaction.atomic
def assignment_create(
    *,
    actor: Actor,
    course: Course,
    audience: str,
    due: dt.date | None,
    area: Area | None = None,
    members: Iterable[Person] = (),
) -> Assignment:
    permissions.require_manager(actor)
    locked = transition.lock(course)
    if not permissions.may_use(actor, locked):
        raise InvalidInput(_("This course is not one you can assign."))
    if locked.status != CourseStatus.PUBLISHED:
        raise InvalidInput(_("Publish the course before assigning it."))
    if due is None:
        raise InvalidInput(_("Set a due date."), field="due")
    if due < timezone.localdate():
        raise InvalidInput(_("The due date cannot be in the past."), field="due")
    people = list(members)
    target = _check_audience(actor, audience, area, people)
    assignment = Assignment.objects.create(
        course=locked, audience=audience, area=target, due=due, assigned_by=actor.person
    )
    if audience == Audience.MEMBERS:
        assignment.members.set(people)
    transition.record(
        actor=actor,
        course=locked,
        verb="assigned",
        data={
            "assignment": assignment.pk,
            "audience": audience,
            "area": target.pk if target else None,
            "members": len(people) if audience == Audience.MEMBERS else None,
            "due": due.isoformat(),
        },
    )
    return assignment


@transaction.atomic
def assignment_cancel(*, actor: Actor, assignment: Assignment) -> None:
    """Take an assignment back (study already done keeps counting in the hours)."""
    permissions.require_manager(actor)
    mine = actor.person is not None and assignment.assigned_by_id == actor.person.pk
    reach = assignment.area is not None and permissions.covers(actor, assignment.area)
    if not (mine or reach or permissions.may_edit(actor, assignment.course)):
        raise NotPermitted(_("Only whoever made this assignment, or covers its area, can undo it."))
    course = transition.lock(assignment.course)
    pk = assignment.pk
    assignment.delete()
    transition.record(
        actor=actor, course=course, verb="assignment_cancelled", data={"assignment": pk}
    )
