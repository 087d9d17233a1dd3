"""The 群众评议 part of the demo (``LASTMILE["DEMO_EXTENSIONS"]``).

Timed steps: every week a few residents whose concerns have been replied to evaluate the cadre
who replied (and the household's contact cadre), with everyday comments; about two months ago
the district administrator holds a 民主评议 round for the first community, a dozen residents
answer it and the round is closed. One browser evaluates many cadres within minutes, so a fresh
demo's integrity scan shows that flag.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from datetime import datetime, timedelta

from django.utils import timezone

from lastmile.concerns.demo.org import DemoOrg, person_name
from lastmile.concerns.demo.timeline import ExtraStep
from lastmile.concerns.models import Concern
from lastmile.core.errors import DomainError
from lastmile.orgs import services as org_services
from lastmile.orgs.selectors import Actor, actor_for_user
from lastmile.scores.evaluation.choices import Satisfaction
from lastmile.scores.evaluation.models import CadreEvaluation
from lastmile.scores.evaluation.selectors import EVALUABLE, targets_for
from lastmile.scores.evaluation.services import (
    cadre_evaluate,
    round_close,
    round_create,
    round_open,
    round_respond,
)

WEEKS = 24
PER_WEEK = (2, 5)
RESIDENT = Actor(user_id=None, label="resident")
VERDICTS = (
    [Satisfaction.SATISFIED] * 6 + [Satisfaction.MOSTLY_SATISFIED] * 3 + [Satisfaction.DISSATISFIED]
)
COMMENTS = {
    Satisfaction.SATISFIED: [
        "师傅第二天就来修好了，态度很好。",
        "网格员很耐心，一遍遍给我解释政策。",
        "办得又快又好，给社区点赞！",
        "上门看了好几次，真心为我们着想。",
        "电话回访很及时，问题彻底解决了。",
    ],
    Satisfaction.MOSTLY_SATISFIED: [
        "问题解决了，就是等得久了一点。",
        "态度不错，希望以后能提前告知上门时间。",
        "基本解决了，楼道里还有一处没弄好。",
    ],
    Satisfaction.DISSATISFIED: [
        "说好一周内处理，拖了快一个月。",
        "打了三次电话才有人来，希望改进作风。",
    ],
}


def _fp(label: str) -> str:
    return hashlib.sha256(f"demo-browser:{label}".encode()).hexdigest()


def _answer(rng: random.Random) -> dict[str, str]:
    verdict = rng.choice(VERDICTS)
    aspect = {
        Satisfaction.SATISFIED: VERDICTS[:8],
        Satisfaction.MOSTLY_SATISFIED: VERDICTS[4:],
        Satisfaction.DISSATISFIED: VERDICTS[7:],
    }[verdict]
    return {
        "verdict": verdict,
        "attitude": rng.choice(aspect) if rng.random() < 0.7 else "",
        "efficiency": rng.choice(aspect) if rng.random() < 0.7 else "",
        "conduct": rng.choice(aspect) if rng.random() < 0.5 else "",
        "comment": rng.choice(COMMENTS[verdict]) if rng.random() < 0.6 else "",
    }


def _evaluate_some(rng: random.Random, count: int, since: datetime) -> Callable[[], object]:
    def step() -> object:
        done = CadreEvaluation.objects.values_list("concern_id", flat=True)
        candidates = list(
            Concern.objects.filter(status__in=EVALUABLE, replied_at__gte=since)
            .exclude(pk__in=done)
            .order_by("pk")[:40]
        )
        for concern in rng.sample(candidates, min(count, len(candidates))):
            for target in targets_for(concern):
                try:
                    cadre_evaluate(
                        actor=RESIDENT,
                        concern=concern,
                        cadre=target.person,
                        holds_pin=True,
                        fingerprint=_fp(concern.code),
                        **_answer(rng),
                    )
                except DomainError:
                    continue
        return None

    return step


def _burst(rng: random.Random) -> object:
    """One browser evaluating many cadres within minutes (the integrity check flags it)."""
    fingerprint = _fp("burst")
    concerns = list(
        Concern.objects.filter(status__in=EVALUABLE)
        .exclude(pk__in=CadreEvaluation.objects.values_list("concern_id", flat=True))
        .order_by("-pk")[:12]
    )
    cadres: set[int] = set()
    for concern in concerns:
        for target in targets_for(concern):
            if target.person.pk in cadres:
                continue
            try:
                cadre_evaluate(
                    actor=RESIDENT,
                    concern=concern,
                    cadre=target.person,
                    holds_pin=True,
                    fingerprint=fingerprint,
                    verdict=Satisfaction.SATISFIED,
                    comment="满意",
                )
            except DomainError:
                continue
            cadres.add(target.person.pk)
        if len(cadres) >= 6:
            break
    return None


def _round_story(org: DemoOrg, rng: random.Random, start: datetime) -> list[ExtraStep]:
    key, community = next(iter(org.communities.items()))
    admin = actor_for_user(org.people["admin"].user)
    state: dict[str, object] = {}

    def create() -> object:
        rnd = round_create(actor=admin, area=community, title=f"{start.year}年第三季度")
        state["round"] = round_open(actor=admin, rnd=rnd)
        return [
            (start + timedelta(days=1 + i, hours=rng.randint(1, 9)), _respond(i)) for i in range(12)
        ]

    def _respond(i: int) -> Callable[[], object]:
        def step() -> object:
            person = org_services.person_create(
                name=person_name(rng), username=f"eval_{key}_{i}", home_area=community
            )
            rnd = state["round"]
            answers = {
                c.pk: _answer(rng)
                for c in rnd.cadres.all()  # type: ignore[attr-defined]
                if rng.random() < 0.8
            }
            if answers:
                round_respond(actor=actor_for_user(person.user), rnd=rnd, answers=answers)  # type: ignore[arg-type]
            return None

        return step

    def close() -> object:
        round_close(actor=admin, rnd=state["round"])  # type: ignore[arg-type]
        return None

    return [(start, create), (start + timedelta(days=20), close)]


def seed(*, org: DemoOrg, rng: random.Random, now: datetime) -> list[ExtraStep]:
    start = now - timedelta(weeks=WEEKS)
    steps: list[ExtraStep] = []
    for week in range(1, WEEKS + 1):
        moment = start + timedelta(weeks=week, hours=rng.randint(9, 18))
        steps.append((moment, _evaluate_some(rng, rng.randint(*PER_WEEK), start)))
    steps.extend(_round_story(org, rng, timezone.localtime(now - timedelta(days=60))))
    steps.append((now - timedelta(days=3, hours=2), lambda: _burst(rng)))
    return steps
