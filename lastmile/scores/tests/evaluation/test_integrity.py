"""Integrity checks over 群众评议: a burst from one browser or account; staff-entered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lastmile.orgs import services as org_services
from lastmile.scores.evaluation.integrity import (
    KIND_BURST,
    KIND_STAFF,
    evaluation_bursts,
    evaluations_by_staff,
)
from lastmile.scores.evaluation.models import CadreEvaluation
from lastmile.scores.integrity.checks import ALL_CHECKS
from lastmile.scores.integrity.data import ScanData
from lastmile.scores.integrity.services import integrity_scan
from lastmile.scores.models import IntegrityFlag
from lastmile.scores.tests.evaluation.helpers import replied

pytestmark = pytest.mark.django_db


def _cadres(world, n):
    return [org_services.person_create(name=f"干部{i}") for i in range(n)]


def _evaluate(world, cadre, at, *, fingerprint="", user=None, by_staff=False):
    return CadreEvaluation.objects.create(
        concern=replied(world),
        cadre=cadre,
        role="replier",
        verdict="satisfied",
        created_at=at,
        fingerprint=fingerprint,
        by_user=user,
        by_staff=by_staff,
    )


def test_checks_are_part_of_the_scan():
    assert evaluation_bursts in ALL_CHECKS and evaluations_by_staff in ALL_CHECKS


def test_one_browser_many_cadres_quickly_is_flagged(world):
    now = timezone.now()
    for i, cadre in enumerate(_cadres(world, 4)):
        _evaluate(world, cadre, now + timedelta(minutes=i * 5), fingerprint="fp-burst")
    flags = evaluation_bursts(ScanData())
    assert len(flags) == 1 and flags[0].kind == KIND_BURST
    assert "4名干部" in flags[0].explanation
    assert "fp-burst" not in flags[0].subject


def test_honest_pattern_is_not_flagged(world):
    now = timezone.now()
    cadres = _cadres(world, 4)
    for i, cadre in enumerate(cadres):  # one browser, but days apart
        _evaluate(world, cadre, now - timedelta(days=i * 3), fingerprint="fp-slow")
    for i, cadre in enumerate(cadres):  # many browsers at once
        _evaluate(world, cadre, now, fingerprint=f"fp-{i}")
    assert evaluation_bursts(ScanData()) == []


def test_staff_entered_evaluations_are_flagged(world):
    handler_user = world.people["handler"].user
    _evaluate(world, world.people["c1_handler"], timezone.now(), user=handler_user)
    flags = evaluations_by_staff(ScanData())
    assert [f.kind for f in flags] == [KIND_STAFF]
    assert "工作人员" in flags[0].explanation


def test_resident_accounts_are_not_flagged_and_scan_stores_flags(world):
    resident = org_services.person_create(name="居民", username="res_x", password="x")
    _evaluate(world, world.people["c1_handler"], timezone.now(), user=resident.user)
    assert evaluations_by_staff(ScanData()) == []
    _evaluate(world, world.people["handler"], timezone.now(), by_staff=True)
    integrity_scan()
    assert IntegrityFlag.objects.filter(kind=KIND_STAFF).count() == 1
