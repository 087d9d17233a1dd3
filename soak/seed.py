"""Seed the soak database (run by ``run.py`` inside Django): the test organisation under the
prefix ``s``, API tokens for the staff scenarios, and concerns whose deadlines have passed so the
escalation sweep has real work while the runner kills a worker in the middle of it.

Deadlines are moved into the past with a queryset update: this is test set-up, as
``concerns/testing.py`` does, not a way the platform changes a concern."""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any


def seed(*, overdue: int, out: Path) -> dict[str, Any]:
    from django.contrib.auth.models import AnonymousUser
    from django.utils import timezone

    from lastmile.api import tokens
    from lastmile.concerns.choices import Channel, Kind
    from lastmile.concerns.models import Concern
    from lastmile.concerns.services import concern_dispatch, concern_submit
    from lastmile.orgs.selectors import actor_for_user
    from lastmile.orgs.testing import PASSWORD, build_world

    world = build_world(prefix="s")
    anonymous = actor_for_user(AnonymousUser())
    dispatcher = world.actor("dispatcher")
    ids = []
    for i in range(overdue):
        result = concern_submit(
            actor=anonymous,
            channel=Channel.WEB,
            kind=Kind.COMPLAINT,
            text=f"压测用逾期诉求 {i}：楼道灯不亮已经一周。",
            area=world.areas["c2g1"],
            fingerprint=f"soak-seed-{i}",
        )
        concern_dispatch(actor=dispatcher, concern=result.concern, unit=world.units["sanitation"])
        ids.append(result.concern.pk)
    now = timezone.now()
    Concern.objects.filter(pk__in=ids).update(
        sign_due=now - timedelta(days=2), resolve_due=now - timedelta(days=12)
    )
    api = {
        key: tokens.token_create(name=f"soak {key}", scope="api", username=world.username(key)).raw
        for key in ("dispatcher", "handler")
    }
    data = {
        "password": PASSWORD,
        "users": {key: world.username(key) for key in ("dispatcher", "handler", "c1_handler")},
        "tokens": api,
        "grids": [world.areas[k].pk for k in ("c1g1", "c1g2", "c2g1", "c2g2")],
        "units": {k: world.units[k].pk for k in ("housing", "sanitation", "c1_org")},
        "overdue": overdue,
    }
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return data


def main(argv: list[str]) -> int:
    import django

    django.setup()
    data = seed(overdue=int(argv[1]), out=Path(argv[2]))
    print(f"seeded: {data['overdue']} overdue concerns, users {sorted(data['users'].values())}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
