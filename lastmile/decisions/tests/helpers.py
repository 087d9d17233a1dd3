"""Bring a matter to any stage through the real services, with past dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from lastmile.decisions import services
from lastmile.decisions.choices import Body, Category
from lastmile.decisions.models import Matter, Meeting
from lastmile.decisions.registers import roll_for
from lastmile.decisions.steps import BODY_RULES
from lastmile.orgs import services as org_services
from lastmile.orgs.choices import PostKind
from lastmile.orgs.selectors import Actor
from lastmile.orgs.testing import World


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def at_days_ago(n: int, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(days_ago(n), dt.time(hour)))


def secretary(world: World) -> Actor:
    return world.actor("v_secretary")


def new_matter(world: World, area_key: str = "v1", who: str = "v_secretary", **over: Any) -> Matter:
    values: dict[str, Any] = {
        "area": world.areas[area_key],
        "category": Category.PUBLIC_WELFARE,
        "title": "村道硬化",
        "summary": "硬化三组至五组村道1.2公里，宽4.5米，预算38万元，申请上级补助并筹劳。",
    }
    values.update(over)
    return services.matter_create(actor=world.actor(who), **values)


def hold(
    actor: Actor,
    matter: Matter,
    *,
    present: int | None = None,
    votes_for: int | None = None,
    against: int = 0,
    abstain: int = 0,
    held_on: dt.date | None = None,
    body: str = "",
    basis: str = "",
    announced_on: dt.date | None = None,
    attendee_ids: list[int] | None = None,
    **over: Any,
) -> Meeting:
    """Hold the matter's next (meeting) step; by default everyone attends and all vote for."""
    matter.refresh_from_db()
    step = matter.current_step
    assert step is not None
    body = body or step.bodies[-1]  # the representatives' meeting at step 4
    rule = BODY_RULES[body]
    kwargs: dict[str, Any] = {}
    if rule.named:
        ids = [m.person_id for m in roll_for(matter.area, body).members]
        chosen = attendee_ids if attendee_ids is not None else ids[: present or len(ids)]
        kwargs["attendee_ids"] = chosen
        count = len(chosen)
    else:
        basis = basis or "adults"
        eligible = roll_for(matter.area, body, basis).eligible
        count = eligible if present is None else present
        kwargs.update(present_count=count, basis=basis)
        if rule.announced:
            kwargs["announced_on"] = announced_on or (
                held_on or timezone.localdate()
            ) - dt.timedelta(days=12)
    code = over.pop("step", step.code)
    kwargs.update(over)
    return services.meeting_record(
        actor=actor,
        matter=matter,
        step=code,
        body=body,
        held_on=held_on or timezone.localdate(),
        votes_for=count if votes_for is None else votes_for,
        votes_against=against,
        votes_abstain=abstain,
        minutes=kwargs.pop("minutes", "会议讨论并表决。"),
        **kwargs,
    )


STAGES = [
    "deliberating",
    "resolved",
    "resolution_notice",
    "implementing",
    "result_notice",
    "closed",
]


def to_stage(world: World, stage: str, *, area_key: str = "v1", **over: Any) -> Matter:
    """A matter at ``stage``, its steps dated over the past two months (notices ended)."""
    who = "v_secretary" if area_key == "v1" else "c1_handler"
    actor = world.actor(who)
    matter = new_matter(world, area_key=area_key, who=who, **over)
    if stage == "deliberating":
        return matter
    for n in range(len([s for s in matter.steps if s.kind == "meeting"])):
        hold(actor, matter, held_on=days_ago(60 - n))
    matter.refresh_from_db()
    if stage == "resolved":
        return matter
    services.notice_post(
        actor=actor,
        matter=matter,
        step="resolution_notice",
        title="关于村道硬化的决议公示",
        body="经村民代表会议表决通过，硬化三组至五组村道。公示期内如有异议请向村委会反映。",
        posted_at=at_days_ago(45),
    )
    matter.refresh_from_db()
    if stage == "resolution_notice":
        return matter
    services.implementation_start(
        actor=actor, matter=matter, started_on=days_ago(29), note="由村委会组织施工队实施"
    )
    matter.refresh_from_db()
    if stage == "implementing":
        return matter
    services.notice_post(
        actor=actor,
        matter=matter,
        step="result_notice",
        title="村道硬化实施结果公示",
        body="村道硬化已完工，实际支出36.5万元，明细附后。",
        posted_at=at_days_ago(20),
        finished_on=days_ago(21),
    )
    matter.refresh_from_db()
    if stage == "result_notice":
        return matter
    services.matter_close(actor=actor, matter=matter)
    matter.refresh_from_db()
    assert stage == "closed"
    return matter


def community_registers(world: World, key: str = "c1") -> None:
    """Give a world community its posts and party members (the world builds none)."""
    area = world.areas[key]
    grid = world.areas[f"{key}g1"]
    handler = world.people[f"{key}_handler"]
    handler.home_area, handler.is_party_member = grid, True
    handler.save(update_fields=["home_area", "is_party_member"])
    org_services.post_add(person=handler, area=area, kind=PostKind.PARTY_SECRETARY)
    people = [
        org_services.person_create(name=f"社区委员{i}", home_area=grid, is_party_member=True)
        for i in range(4)
    ]
    org_services.post_add(person=people[0], area=area, kind=PostKind.PARTY_COMMITTEE)
    org_services.post_add(person=people[1], area=area, kind=PostKind.VC_CHAIR)
    org_services.post_add(person=people[2], area=area, kind=PostKind.VC_MEMBER)
    for i in range(5):
        rep = org_services.person_create(name=f"居民代表{i}", home_area=grid)
        org_services.post_add(person=rep, area=area, kind=PostKind.REPRESENTATIVE)
    for i in range(3):
        org_services.household_create(
            area=grid, address=f"1栋{i + 1}01室", head_name=f"住户{i}", size=3, adults=2
        )


BODIES = list(Body)
