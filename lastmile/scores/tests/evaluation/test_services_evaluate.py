"""Tracking-page evaluations: who may, one per concern per cadre, the edit window, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lastmile.concerns.choices import Status
from lastmile.concerns.models import Concern
from lastmile.concerns.testing import frozen, reach
from lastmile.core.audit import verify
from lastmile.core.errors import Conflict, InvalidInput, NotPermitted
from lastmile.core.models import AuditEvent
from lastmile.scores.evaluation.choices import CadreRole
from lastmile.scores.evaluation.models import CadreEvaluation
from lastmile.scores.evaluation.selectors import targets_for
from lastmile.scores.evaluation.services import cadre_evaluate
from lastmile.scores.tests.evaluation.helpers import ANON, actor_of, replied, resident

pytestmark = pytest.mark.django_db


def test_the_replier_is_the_target(world):
    concern = replied(world)
    targets = targets_for(concern)
    assert [(t.person, t.role) for t in targets] == [(world.people["handler"], CadreRole.REPLIER)]
    assert targets[0].unit == world.units["housing"]


def test_no_targets_before_the_reply(world):
    assert targets_for(reach(world, Status.IN_PROGRESS)) == []


def test_pin_holder_evaluates_once_and_it_is_audited(world):
    concern = replied(world)
    e = cadre_evaluate(
        actor=ANON,
        concern=concern,
        cadre=world.people["handler"],
        verdict="satisfied",
        attitude="satisfied",
        comment="很好",
        holds_pin=True,
        fingerprint="fp1",
    )
    assert e.unit == world.units["housing"] and e.role == CadreRole.REPLIER
    event = AuditEvent.objects.get(verb="evaluation.give")
    assert event.data["cadre_id"] == world.people["handler"].pk
    assert "comment" not in event.data and event.data["has_comment"] is True
    assert verify().ok


def test_one_per_concern_per_cadre_from_someone_else(world):
    concern = replied(world)
    cadre = world.people["handler"]
    cadre_evaluate(
        actor=ANON,
        concern=concern,
        cadre=cadre,
        verdict="satisfied",
        holds_pin=True,
        fingerprint="fp1",
    )
    with pytest.raises(Conflict):
        cadre_evaluate(
            actor=ANON,
            concern=concern,
            cadre=cadre,
            verdict="dissatisfied",
            holds_pin=True,
            fingerprint="fp2",
        )
    assert CadreEvaluation.objects.count() == 1


def test_same_resident_may_change_within_window_audited(world):
    concern = replied(world)
    cadre = world.people["handler"]
    cadre_evaluate(
        actor=ANON,
        concern=concern,
        cadre=cadre,
        verdict="dissatisfied",
        holds_pin=True,
        fingerprint="fp1",
    )
    with frozen(timezone.now() + timedelta(days=6, hours=23)):
        e = cadre_evaluate(
            actor=ANON,
            concern=concern,
            cadre=cadre,
            verdict="mostly_satisfied",
            holds_pin=True,
            fingerprint="fp1",
        )
    assert e.verdict == "mostly_satisfied" and e.updated_at is not None
    edit = AuditEvent.objects.get(verb="evaluation.edit")
    assert edit.data["before"]["verdict"] == "dissatisfied"
    assert CadreEvaluation.objects.count() == 1


def test_no_change_after_seven_days(world):
    concern = replied(world)
    cadre = world.people["handler"]
    cadre_evaluate(
        actor=ANON,
        concern=concern,
        cadre=cadre,
        verdict="satisfied",
        holds_pin=True,
        fingerprint="fp1",
    )
    with frozen(timezone.now() + timedelta(days=7, minutes=1)), pytest.raises(NotPermitted) as exc:
        cadre_evaluate(
            actor=ANON,
            concern=concern,
            cadre=cadre,
            verdict="dissatisfied",
            holds_pin=True,
            fingerprint="fp1",
        )
    assert "7" in str(exc.value.message)
    assert CadreEvaluation.objects.get().verdict == "satisfied"


@pytest.mark.parametrize("key", ["handler", "dispatcher", "supervisor", "gridder"])
def test_staff_cannot_evaluate_even_with_the_pin(world, key):
    concern = replied(world)
    with pytest.raises(NotPermitted) as exc:
        cadre_evaluate(
            actor=world.actor(key),
            concern=concern,
            cadre=world.people["handler"],
            verdict="satisfied",
            holds_pin=True,
        )
    assert "工作人员" in str(exc.value.message)
    assert not CadreEvaluation.objects.exists()


def test_without_pin_only_the_resident_who_raised_it(world):
    concern = replied(world)
    someone = resident(world)
    with pytest.raises(NotPermitted):
        cadre_evaluate(
            actor=actor_of(someone),
            concern=concern,
            cadre=world.people["handler"],
            verdict="satisfied",
        )
    Concern.objects.filter(pk=concern.pk).update(resident_user=someone.user)
    concern.refresh_from_db()
    e = cadre_evaluate(
        actor=actor_of(someone), concern=concern, cadre=world.people["handler"], verdict="satisfied"
    )
    assert e.by_user_id == someone.user_id


def test_anonymous_without_pin_refused(world):
    with pytest.raises(NotPermitted):
        cadre_evaluate(
            actor=ANON, concern=replied(world), cadre=world.people["handler"], verdict="satisfied"
        )


def test_not_before_reply(world):
    concern = reach(world, Status.IN_PROGRESS)
    with pytest.raises(InvalidInput) as exc:
        cadre_evaluate(
            actor=ANON,
            concern=concern,
            cadre=world.people["handler"],
            verdict="satisfied",
            holds_pin=True,
        )
    assert "办理中" in str(exc.value.message) or "“" in str(exc.value.message)


def test_closed_concern_can_be_evaluated(world):
    concern = reach(world, Status.CLOSED)
    e = cadre_evaluate(
        actor=ANON,
        concern=concern,
        cadre=world.people["handler"],
        verdict="mostly_satisfied",
        holds_pin=True,
    )
    assert e.pk


def test_a_cadre_who_did_not_handle_it_is_refused(world):
    with pytest.raises(InvalidInput) as exc:
        cadre_evaluate(
            actor=ANON,
            concern=replied(world),
            cadre=world.people["c2_handler"],
            verdict="satisfied",
            holds_pin=True,
        )
    assert exc.value.field == "cadre"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"verdict": "great"}, "verdict"),
        ({"verdict": "satisfied", "attitude": "meh"}, "attitude"),
        ({"verdict": "satisfied", "comment": "长" * 301}, "comment"),
    ],
)
def test_bad_input(world, kwargs, field):
    with pytest.raises(InvalidInput) as exc:
        cadre_evaluate(
            actor=ANON,
            concern=replied(world),
            cadre=world.people["handler"],
            holds_pin=True,
            **kwargs,
        )
    assert exc.value.field == field
