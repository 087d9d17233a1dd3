"""Study hours per member and per branch for a period (month, quarter, year), scoped to the
branches the actor manages. Hours are the seconds credited on local days inside the period."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, When
from django.http import Http404
from django.utils import timezone

from lastmile.learning.choices import Audience, CourseStatus
from lastmile.learning.models import Assignment, CourseCompletion, StudyDay
from lastmile.learning.periods import Period, containing
from lastmile.learning.selectors.desk import branches_for_actor
from lastmile.learning.selectors.member import path_ids
from lastmile.orgs.choices import AreaLevel
from lastmile.orgs.models import Area, Person
from lastmile.orgs.selectors import Actor


def branch_expr(prefix: str = "") -> Case:
    """A person's branch id in SQL: their home community, or their home grid's community."""
    return Case(
        When(**{f"{prefix}home_area__level": AreaLevel.COMMUNITY}, then=F(f"{prefix}home_area_id")),
        When(
            **{f"{prefix}home_area__level": AreaLevel.GRID},
            then=F(f"{prefix}home_area__parent_id"),
        ),
        default=None,
        output_field=IntegerField(),
    )


def hours(seconds: int | None) -> float:
    return round((seconds or 0) / 3600, 1)


def person_seconds(person: Person, period: Period) -> int:
    total = StudyDay.objects.filter(
        person=person, day__gte=period.start, day__lt=period.end
    ).aggregate(s=Sum("seconds"))["s"]
    return int(total or 0)


def person_periods(person: Person, today: dt.date) -> list[tuple[Period, int]]:
    """This month, quarter and year with the member's seconds in each."""
    periods = [containing(kind, today) for kind in ("month", "quarter", "year")]
    return [(p, person_seconds(person, p)) for p in periods]


@dataclass
class BranchRow:
    branch: Area
    members: int = 0
    studied: int = 0
    seconds: int = 0
    completions: int = 0

    @property
    def hours(self) -> float:
        return hours(self.seconds)

    @property
    def average(self) -> float:
        return round(self.seconds / 3600 / self.members, 1) if self.members else 0.0


def _members(branch_ids: list[int]) -> QuerySet[Person]:
    return (
        Person.objects.filter(is_party_member=True)
        .annotate(branch_id=branch_expr())
        .filter(branch_id__in=branch_ids)
    )


def branch_rows(actor: Actor, period: Period) -> list[BranchRow]:
    """One row per branch in reach: members, members who studied, hours, courses completed."""
    rows = {b.pk: BranchRow(branch=b) for b in branches_for_actor(actor)}
    ids = list(rows)
    for branch_id, n in _members(ids).values_list("branch_id").annotate(n=Count("pk")):  # type: ignore[misc]
        rows[branch_id].members = n
    days = StudyDay.objects.filter(day__gte=period.start, day__lt=period.end).annotate(
        branch_id=branch_expr("person__")
    )
    for r in (
        days.filter(branch_id__in=ids, person__is_party_member=True)
        .values("branch_id")
        .annotate(s=Sum("seconds"), people=Count("person", distinct=True))
    ):
        rows[r["branch_id"]].seconds, rows[r["branch_id"]].studied = r["s"] or 0, r["people"]
    done = CourseCompletion.objects.filter(
        completed_at__date__gte=period.start, completed_at__date__lt=period.end
    ).annotate(branch_id=branch_expr("person__"))
    for r in done.filter(branch_id__in=ids).values("branch_id").annotate(n=Count("pk")):
        rows[r["branch_id"]].completions = r["n"]
    return list(rows.values())


@dataclass
class MemberRow:
    person: Person
    seconds: int = 0
    completed: int = 0
    open: int = 0
    overdue: int = 0
    courses: list[str] = field(default_factory=list)

    @property
    def hours(self) -> float:
        return hours(self.seconds)


def branch_for_actor(actor: Actor, pk: int) -> Area:
    branch = branches_for_actor(actor).filter(pk=pk).first()
    if branch is None:
        raise Http404("branch not found")
    return branch


def member_rows(branch: Area, period: Period, today: dt.date | None = None) -> list[MemberRow]:
    """Each party member of the branch: hours in the period, courses completed in it, open and
    overdue study tasks today."""
    today = today or timezone.localdate()
    people = list(_members([branch.pk]).order_by("name", "pk"))
    rows = {p.pk: MemberRow(person=p) for p in people}
    for pid, s in (
        StudyDay.objects.filter(person_id__in=rows, day__gte=period.start, day__lt=period.end)
        .values_list("person_id")
        .annotate(s=Sum("seconds"))
    ):
        rows[pid].seconds = s or 0
    for pid, n in (
        CourseCompletion.objects.filter(
            person_id__in=rows,
            completed_at__date__gte=period.start,
            completed_at__date__lt=period.end,
        )
        .values_list("person_id")
        .annotate(n=Count("pk"))
    ):
        rows[pid].completed = n
    _tasks(branch, rows, today)
    return list(rows.values())


def _tasks(branch: Area, rows: dict[int, MemberRow], today: dt.date) -> None:
    """Open and overdue tasks per member, from the assignments that reach the branch."""
    through = Assignment.members.through
    reach = Q(audience=Audience.ALL, area__isnull=True) | Q(
        audience=Audience.ALL, area_id__in=path_ids(branch.path)
    )
    reach |= Q(audience=Audience.BRANCH, area=branch)
    reach |= Q(pk__in=through.objects.filter(person_id__in=rows).values("assignment_id"))
    assignments = list(
        Assignment.objects.filter(reach, course__status=CourseStatus.PUBLISHED).values_list(
            "pk", "course_id", "audience", "due"
        )
    )
    named: dict[int, set[int]] = defaultdict(set)
    for aid, pid in through.objects.filter(
        assignment_id__in=[a[0] for a in assignments], person_id__in=rows
    ).values_list("assignment_id", "person_id"):
        named[aid].add(pid)
    done: dict[int, set[int]] = defaultdict(set)
    for pid, cid in CourseCompletion.objects.filter(person_id__in=rows).values_list(
        "person_id", "course_id"
    ):
        done[pid].add(cid)
    for pid, row in rows.items():
        due: dict[int, dt.date] = {}
        for aid, cid, audience, when in assignments:
            if audience == Audience.MEMBERS and pid not in named[aid]:
                continue
            due[cid] = min(when, due.get(cid, when))
        open_ = {c: d for c, d in due.items() if c not in done[pid]}
        row.open = len(open_)
        row.overdue = sum(1 for d in open_.values() if d < today)
