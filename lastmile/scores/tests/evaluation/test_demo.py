"""The 群众评议 demo story plays through the services without a refused step."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from lastmile.bulletin.tests.test_demo import play
from lastmile.concerns.demo.clock import Clock, frozen
from lastmile.concerns.demo.org import build_org
from lastmile.core.audit import verify
from lastmile.scores.evaluation import demo
from lastmile.scores.evaluation.models import EvaluationRound, RoundResponse

pytestmark = pytest.mark.django_db


def test_demo_story_closes_a_round_with_answers():
    now = timezone.now()
    clock = Clock(now - timedelta(days=181))
    with frozen(clock):
        org = build_org(random.Random(1))
        steps = demo.seed(org=org, rng=random.Random("evaluation"), now=now)
        refused = play(steps, clock, now)
    assert refused == []
    rnd = EvaluationRound.objects.get()
    assert rnd.status == "closed" and rnd.cadres.exists()
    assert RoundResponse.objects.filter(round=rnd).count() >= 10
    assert verify().ok
