"""Coverage: which households are due or overdue for a visit, and cadres' monthly counts.

Required intervals: a linked household at least ``LINKED_VISITS_PER_YEAR`` times a year (every
365 ÷ n days: 182 by default), a hardship, 五保 or petitioning household every
``PRIORITY_VISIT_DAYS`` (92) whether linked or not; the stricter applies. The clock starts at the
last visit (by anyone); a linked household never visited has ``interval`` days from the day it
was linked, a priority household never visited is a gap at once. A household visited exactly
``interval`` days ago is still in time; one day more and it is overdue.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from lastmile.orgs.models import Area, Household, Person, Post
from lastmile.outreach.choices import GAPS, CoverageState, FollowUpStatus, LinkStatus
from lastmile.outreach.models import FollowUp, HouseholdLink, Visit
from lastmile.outreach.selectors.cadres import committee_kinds, conf, post_label

DUE_SOON_DAYS = 14


def linked_interval_days() -> int:
    return 365 // max(1, int(conf("LINKED_VISITS_PER_YEAR")))  # type: ignore[call-overload]


def priority_interval_days() -> int:
    return int(conf("PRIORITY_VISIT_DAYS"))  # type: ignore[call-overload]


def committee_target() -> int:
    return int(conf("COMMITTEE_VISITS_PER_MONTH"))  # type: ignore[call-overload]


def is_priority(household: Household) -> bool:
    return household.is_hardship or household.is_wubao or household.is_petitioning


def required_interval(household: Household, linked: bool) -> int | None:
    """Days allowed between visits, or None when no visit is required."""
    days = []
    if is_priority(household):
        days.append(priority_interval_days())
    if linked:
        days.append(linked_interval_days())
    return min(days) if days else None


@dataclass
class CoverageRow:
    household: Household
    link: HouseholdLink | None
    last_visit: date | None
    interval: int | None
    due: date | None
    state: str
    open_followups: int = 0

    @property
    def priority(self) -> bool:
        return is_priority(self.household)

    @property
    def is_gap(self) -> bool:
        return self.state in GAPS

    @property
    def state_label(self) -> str:
        return str(CoverageState(self.state).label)


def assess(
    household: Household, link: HouseholdLink | None, last_visit: date | None, today: date
) -> CoverageRow:
    interval = required_interval(household, link is not None)
    if interval is None:
        return CoverageRow(household, link, last_visit, None, None, CoverageState.FREE)
    if last_visit is not None:
        start = last_visit
    elif link is not None and not is_priority(household):
        start = timezone.localdate(link.started_at)  # a first visit within the interval
    else:  # a priority household nobody has visited
        return CoverageRow(household, link, None, interval, None, CoverageState.NEVER)
    due = start + timedelta(days=interval)
    if today > due:
        state = CoverageState.OVERDUE if last_visit else CoverageState.NEVER
    elif (due - today).days <= DUE_SOON_DAYS:
        state = CoverageState.DUE_SOON
    else:
        state = CoverageState.OK
    return CoverageRow(household, link, last_visit, interval, due, state)


def with_coverage(qs: QuerySet[Household], as_of: date | None = None) -> QuerySet[Household]:
    """Annotate the last visit (up to ``as_of``) and open follow-ups; prefetch the active link."""
    visits = Visit.objects.filter(household=OuterRef("pk"))
    if as_of is not None:
        visits = visits.filter(visited_on__lte=as_of)
    open_followups = (
        FollowUp.objects.filter(household=OuterRef("pk"), status=FollowUpStatus.OPEN)
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values("n")
    )
    active = HouseholdLink.objects.filter(status=LinkStatus.ACTIVE).select_related("cadre")
    return qs.annotate(
        last_visit=Subquery(visits.order_by("-visited_on").values("visited_on")[:1]),
        open_followups=Coalesce(Subquery(open_followups, output_field=IntegerField()), Value(0)),
    ).prefetch_related(Prefetch("outreach_links", queryset=active, to_attr="active_links"))


def coverage_rows(qs: QuerySet[Household], today: date | None = None) -> list[CoverageRow]:
    today = today or timezone.localdate()
    rows = []
    for household in with_coverage(qs, today):
        links = getattr(household, "active_links", [])
        row = assess(household, links[0] if links else None, household.last_visit, today)  # type: ignore[attr-defined]
        row.open_followups = household.open_followups  # type: ignore[attr-defined]
        rows.append(row)
    return rows


def gap_order(row: CoverageRow) -> tuple[int, date, str]:
    """Gaps first (never visited, then longest overdue), then by due date."""
    rank = {CoverageState.NEVER: 0, CoverageState.OVERDUE: 1, CoverageState.DUE_SOON: 2}
    return (rank.get(row.state, 3), row.due or date.min, row.household.address)  # type: ignore[call-overload]


# ---- cadres' monthly counts ------------------------------------------------------------------


def month_starts(today: date, months: int) -> list[date]:
    first = today.replace(day=1)
    starts = [first]
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
        starts.append(first)
    return list(reversed(starts))


@dataclass
class MonthCell:
    month: date
    visits: int
    households: int
    target: int | None
    partial: bool
    behind: bool


@dataclass
class CadreMonths:
    person: Person
    posts: list[str]
    is_committee: bool
    cells: list[MonthCell] = field(default_factory=list)

    @property
    def behind_months(self) -> int:
        return sum(1 for c in self.cells if c.behind)


def _cell(month: date, visits: int, households: int, target: int | None, today: date) -> MonthCell:
    days = calendar.monthrange(month.year, month.month)[1]
    partial = month.year == today.year and month.month == today.month
    if target is None:
        behind = False
    elif partial:  # behind the pace so far: target × share of the month gone
        behind = households < int(target * today.day / days)
    else:
        behind = households < target
    return MonthCell(month, visits, households, target, partial, behind)


def cadre_months(
    community: Area, *, months: int = 6, today: date | None = None
) -> tuple[list[date], list[CadreMonths]]:
    """Visits and households visited per month for the community's committee members (target
    ``COMMITTEE_VISITS_PER_MONTH`` households) and anyone else who visited there."""
    today = today or timezone.localdate()
    starts = month_starts(today, months)
    target = committee_target()
    committee = committee_kinds()
    posts: dict[int, list[str]] = {}
    people: dict[int, Person] = {}
    for post in Post.objects.filter(area=community, is_active=True).select_related("person"):
        posts.setdefault(post.person_id, []).append(post.kind)
        people[post.person_id] = post.person
    counts: dict[tuple[int, date], tuple[int, int]] = {}
    for row in (
        Visit.objects.filter(community=community, visited_on__gte=starts[0], visited_on__lte=today)
        .annotate(month=TruncMonth("visited_on"))
        .values("visitor_id", "month")
        .annotate(visits=Count("pk"), households=Count("household", distinct=True))
        .order_by()
    ):
        month = row["month"]
        if isinstance(month, datetime):
            month = month.date()
        counts[(row["visitor_id"], month)] = (row["visits"], row["households"])
    missing = {pid for pid, _m in counts if pid not in people}
    people.update(Person.objects.in_bulk(missing))
    result = []
    for pid, person in people.items():
        kinds = posts.get(pid, [])
        is_committee = any(k in committee for k in kinds)
        if not is_committee and not any(p == pid for p, _m in counts):
            continue
        cells = [
            _cell(m, *counts.get((pid, m), (0, 0)), target if is_committee else None, today)
            for m in starts
        ]
        labels = [post_label(k) for k in kinds]
        result.append(CadreMonths(person, [lbl for lbl in labels if lbl], is_committee, cells))
    result.sort(key=lambda r: (not r.is_committee, -r.behind_months, r.person.name))
    return starts, result
