"""The demo's gamed concerns are found by the scan (phone, quick, staff, template, objections)."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from lastmile.concerns.demo.clock import Clock, frozen
from lastmile.concerns.demo.gaming import seed_gaming
from lastmile.concerns.demo.org import build_org
from lastmile.concerns.demo.rules import build_rules
from lastmile.scores.integrity.choices import FlagKind
from lastmile.scores.integrity.services import integrity_run

pytestmark = pytest.mark.django_db


def test_the_seeded_demo_cases_are_flagged():
    start = timezone.localtime(timezone.now() - timedelta(days=181)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    clock = Clock(start)
    with frozen(clock):
        org = build_org(random.Random(1))
        build_rules(org)
        seed_gaming(org, clock, demo_size=2000)
    assert clock.moment - start < timedelta(hours=5)  # leaves room before the ordinary plans
    kinds = {flag.kind for flag in integrity_run()}
    assert {
        FlagKind.PHONE_MANY_RATINGS,
        FlagKind.QUICK_RATINGS,
        FlagKind.STAFF_RATINGS,
        FlagKind.TEMPLATED_REPLIES,
        FlagKind.OBJECTION_DODGE,
    } <= kinds
    assert FlagKind.BACKDATED not in kinds and FlagKind.UNEARNED_SATISFACTION not in kinds


def test_small_demos_are_left_alone():
    clock = Clock(timezone.now())
    with frozen(clock):
        org = build_org(random.Random(1))
        seed_gaming(org, clock, demo_size=60)
    assert integrity_run() == []
