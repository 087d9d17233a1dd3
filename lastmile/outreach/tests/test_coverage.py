"""Coverage: the required intervals (exactly on the interval vs one day over), and the cadres'
monthly counts with those behind."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lastmile.orgs.models import Household
from lastmile.outreach import selectors
from lastmile.outreach.models import HouseholdLink
from lastmile.outreach.tests.helpers import link, log_visit, today

pytestmark = pytest.mark.django_db


def _row(household: Household, on: dt.date | None = None):
    return selectors.coverage_rows(Household.objects.filter(pk=household.pk), on)[0]


def test_linked_household_twice_a_year_boundary(world, village):
    household = village.households[5]  # an ordinary household
    link(world, household, village.committee[1])
    assert selectors.linked_interval_days() == 182
    visited = today() - dt.timedelta(days=182)
    log_visit(world, household, who="v_secretary", visitor=village.committee[1], visited_on=visited)
    on_the_day = _row(household)
    assert on_the_day.due == today() and on_the_day.state == "due_soon" and not on_the_day.is_gap
    one_over = _row(household, today() + dt.timedelta(days=1))
    assert one_over.state == "overdue" and one_over.is_gap


def test_priority_household_quarterly_boundary(world, village):
    household = village.households[0]  # hardship, not linked
    assert household.is_hardship
    assert selectors.required_interval(household, linked=False) == 92
    log_visit(world, household, visited_on=today() - dt.timedelta(days=92))
    assert not _row(household).is_gap
    assert _row(household, today() + dt.timedelta(days=1)).state == "overdue"


def test_the_stricter_interval_applies(world, village):
    household = village.households[1]  # 五保 and linked: quarterly, not half-yearly
    link(world, household, village.committee[1])
    assert _row(household).interval == 92


def test_petitioning_households_count_as_priority(world, village):
    Household.objects.filter(pk=village.households[6].pk).update(is_petitioning=True)
    household = Household.objects.get(pk=village.households[6].pk)
    row = _row(household)
    assert row.priority and row.state == "never" and row.is_gap


def test_ordinary_unlinked_household_has_no_requirement(world, village):
    row = _row(village.households[7])
    assert row.state == "free" and row.interval is None and not row.is_gap


def test_never_visited_linked_household_counts_from_the_link(world, village):
    household = village.households[8]
    made = link(world, household, village.committee[1])
    assert _row(household).state == "ok"
    started = timezone.now() - dt.timedelta(days=182)
    HouseholdLink.objects.filter(pk=made.pk).update(started_at=started)
    assert _row(household).state == "due_soon"
    assert _row(household, today() + dt.timedelta(days=1)).state == "never"


def test_any_visitor_counts(world, village):
    household = village.households[9]
    link(world, household, village.committee[1])
    log_visit(world, household, who="v_secretary", visited_on=today() - dt.timedelta(days=3))
    assert _row(household).last_visit == today() - dt.timedelta(days=3)


def test_my_households_gaps_first(world, village):
    cadre = village.committee[0]  # t_v_committee, quota 3
    for household in village.households[:3]:
        link(world, household, cadre)
    log_visit(world, village.households[2])
    rows = selectors.my_households(world.actor("v_committee"))
    assert rows[0].household in (village.households[0], village.households[1])
    assert rows[0].is_gap and not rows[-1].is_gap


def _previous_month(on: dt.date) -> dt.date:
    return (on.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def test_committee_members_behind_their_monthly_count(world, village, settings):
    settings.LASTMILE_OUTREACH = {**settings.LASTMILE_OUTREACH, "COMMITTEE_VISITS_PER_MONTH": 3}
    last_month = _previous_month(today())
    for household in village.households[:3]:  # the committee member: 3 households
        log_visit(world, household, visited_on=last_month)
    log_visit(world, village.households[0], visited_on=last_month + dt.timedelta(days=1))
    for household in village.households[:2]:  # the secretary: only 2
        log_visit(world, household, who="v_secretary", visited_on=last_month)
    starts, rows = selectors.cadre_months(village.area, months=2)
    assert starts == [last_month, today().replace(day=1)]
    by_name = {r.person.name: r for r in rows}
    member, secretary = by_name["桃园支委甲"], by_name["桃园书记"]
    assert member.cells[0].households == 3 and member.cells[0].visits == 4
    assert not member.cells[0].behind
    assert secretary.cells[0].households == 2 and secretary.cells[0].behind
    assert member.cells[1].partial and secretary.cells[1].partial
    # committee members with no visits at all are listed (and behind); group leaders are not
    assert by_name["桃园村委甲"].cells[0].behind
    assert "桃园组长甲" not in by_name
    assert rows[0].is_committee


def test_current_month_is_measured_against_the_pace(world, village, settings):
    settings.LASTMILE_OUTREACH = {**settings.LASTMILE_OUTREACH, "COMMITTEE_VISITS_PER_MONTH": 20}
    from lastmile.outreach.selectors.coverage import _cell

    first = dt.date(2026, 3, 1)
    assert not _cell(first, 0, 0, 20, dt.date(2026, 3, 1)).behind  # 20 × 1/31 → 0 due so far
    assert _cell(first, 5, 5, 20, dt.date(2026, 3, 16)).behind  # 10 due by the 16th
    assert not _cell(first, 10, 10, 20, dt.date(2026, 3, 16)).behind
