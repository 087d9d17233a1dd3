"""Evaluation figures against hand-computed cases; the minimum sample; both sources."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from lastmile.concerns.models import Concern
from lastmile.scores.conf import current_period
from lastmile.scores.evaluation.figures import Tally
from lastmile.scores.evaluation.models import CadreEvaluation, RoundAnswer
from lastmile.scores.evaluation.selectors import figures_for
from lastmile.scores.evaluation.services import round_create, round_open, round_respond
from lastmile.scores.models import Level
from lastmile.scores.tests.evaluation.helpers import actor_of, replied, resident


def _tally(s: int, m: int, d: int) -> Tally:
    t = Tally()
    for verdict, n in (("satisfied", s), ("mostly_satisfied", m), ("dissatisfied", d)):
        for _ in range(n):
            t.add(verdict)
    return t


def test_weighted_rate_by_hand():
    t = _tally(3, 2, 1)  # (3 + 0.9·2) / 6 = 0.8
    assert t.n == 6 and t.rate == pytest.approx(0.8)


def test_all_dissatisfied_is_zero_not_none():
    assert _tally(0, 0, 5).rate == 0.0


def test_empty_is_none_and_not_too_few():
    t = Tally()
    assert t.rate is None and not t.too_few


def test_below_the_minimum_sample_shows_no_figure():
    t = _tally(4, 0, 0)
    assert t.too_few and t.rate is None and t.raw_rate == 1.0
    assert _tally(5, 0, 0).rate == 1.0


@override_settings(
    LASTMILE_SCORES={"MOSTLY_SATISFIED_WEIGHT": 0.9, "EVALUATION": {"MIN_SAMPLE": 2}}
)
def test_minimum_sample_is_a_setting():
    assert _tally(1, 1, 0).rate == pytest.approx(0.95)
    assert _tally(1, 0, 0).too_few


def test_aspects_average_only_given_answers():
    t = Tally()
    for verdict, attitude in [
        ("satisfied", "satisfied"),
        ("satisfied", "mostly_satisfied"),
        ("satisfied", ""),
        ("satisfied", "dissatisfied"),
        ("satisfied", ""),
    ]:
        t.add(verdict, attitude=attitude)
    assert t.aspect("attitude") == pytest.approx((1 + 0.9 + 0) / 3)
    assert t.aspect("efficiency") is None


def test_merge_is_exact():
    both = _tally(2, 1, 0).merge(_tally(1, 0, 2))
    assert (both.satisfied, both.mostly, both.dissatisfied) == (3, 1, 2)
    assert both.rate == pytest.approx((3 + 0.9) / 6)


@pytest.mark.django_db
def test_figures_per_person_and_unit_both_sources(world, village):
    handler = world.people["handler"]
    now = timezone.now()
    for verdict in ["satisfied", "satisfied", "mostly_satisfied"]:
        concern = replied(world)
        CadreEvaluation.objects.create(
            concern=concern,
            cadre=handler,
            unit=world.units["housing"],
            role="replier",
            verdict=verdict,
            created_at=now,
        )
    sup = world.actor("supervisor")
    rnd = round_open(actor=sup, rnd=round_create(actor=sup, area=village.area, title="Q4"))
    secretary_row = rnd.cadres.get(person=village.secretary)
    for i, verdict in enumerate(["satisfied", "dissatisfied"]):
        person = resident(world, f"村民{i}", area="v1")
        round_respond(
            actor=actor_of(person), rnd=rnd, answers={secretary_row.pk: {"verdict": verdict}}
        )
    period = current_period()
    people = figures_for(period=period, level=Level.PERSON)
    assert people[handler.user_id].track.n == 3 and people[handler.user_id].survey.n == 0
    assert people[handler.user_id].track.raw_rate == pytest.approx((2 + 0.9) / 3)
    units = figures_for(period=period, level=Level.UNIT)
    assert units[world.units["housing"].pk].track.n == 3
    assert units[village.unit.pk].survey.n == 2
    assert units[village.unit.pk].combined.raw_rate == pytest.approx(0.5)
    # a month without evaluations
    last_year = (now - timedelta(days=400)).strftime("%Y-%m")
    assert figures_for(period=last_year, level=Level.UNIT) == {}
    assert figures_for(period=period, level=Level.GRID) == {}
    assert Concern.objects.count() == 3 and RoundAnswer.objects.count() == 2
