"""A few gamed concerns in the demo, so `lastmile integrity scan` on a fresh demo has something to
show. Every step goes through the real services, at the start of the demo window (before the
ordinary concerns are played), with the demo clock moving forward minutes at a time.

The patterns: one phone rating many concerns, ratings seconds after the reply, a unit whose
ratings are entered by its staff, one reply pasted on all of them, and objections filed at the
end of the sign-for window and rejected (a fresh sign-for clock).
"""

from __future__ import annotations

from datetime import timedelta

from lastmile.concerns import services
from lastmile.concerns.choices import Channel, Kind, Satisfaction, Urgency
from lastmile.concerns.demo.clock import Clock
from lastmile.concerns.demo.org import DemoOrg
from lastmile.concerns.models import Concern
from lastmile.orgs.selectors import Actor, actor_for_user

RESIDENT = Actor(user_id=None, label="anonymous")
GAMING_UNIT = "ecology"  # 区生态环境分局: few ordinary concerns, so its figures are the seeded ones
DODGING_UNIT = "market"  # 区市场监督管理局
FAKE_PHONE = "13900001234"
MIN_DEMO = 200  # smaller demos (tests) are left as they are
TEMPLATE = (
    "您反映的第{n}号问题已收悉，我局高度重视，已安排专人处理完毕。感谢您对生态环境工作的支持！"
)
TEXTS = [
    "小区东门外的污水井一直往外冒黑水，气味很大，请尽快处理。",
    "附近餐馆油烟直排，晚上家里窗户都不敢开，请查一查。",
    "河边有人倾倒建筑垃圾，已经堆了好几车，影响环境。",
    "工地夜间施工噪音太大，凌晨一点还在打桩。",
    "菜市场后面的垃圾站没有及时清运，夏天臭得厉害。",
]


def _step(clock: Clock, minutes: float) -> None:
    clock.set(clock.moment + timedelta(minutes=minutes))


def _of(org: DemoOrg, key: str) -> Actor:
    return actor_for_user(org.people[key].user)


def _to_reply(org: DemoOrg, clock: Clock, n: int, phone: str, unit: str, text: str) -> Concern:
    """Submit, dispatch to ``unit``, sign, contact and reply with the pasted template."""
    dispatcher, handler = _of(org, "dispatcher"), _of(org, f"h_{unit}")
    grid = org.grids[n % len(org.grids)]
    concern = services.concern_submit(
        actor=RESIDENT,
        channel=Channel.WEB,
        kind=Kind.COMPLAINT,
        urgency=Urgency.NORMAL,
        text=f"{TEXTS[n % len(TEXTS)]}（第{n}次反映）",
        area=grid,
        resident_name="",
        resident_phone=phone,
    ).concern
    _step(clock, 1)
    concern = services.concern_dispatch(actor=dispatcher, concern=concern, unit=org.units[unit])
    _step(clock, 1)
    concern = services.concern_sign(actor=handler, concern=concern)
    concern = services.concern_contact(actor=handler, concern=concern, note="已电话联系居民。")
    _step(clock, 4)
    return services.concern_reply(
        actor=handler, concern=concern, text=text.format(n=n + 1), resolved=True
    )


def _rated_by_one_phone(org: DemoOrg, clock: Clock) -> None:
    """Six concerns "from" one phone, each rated satisfied 20 seconds after the reply."""
    for n in range(6):
        concern = _to_reply(org, clock, n, FAKE_PHONE, GAMING_UNIT, TEMPLATE)
        clock.set(clock.moment + timedelta(seconds=20))
        services.concern_callback(
            actor=RESIDENT,
            concern=concern,
            contacted=True,
            resolved=True,
            satisfaction=Satisfaction.SATISFIED,
        )
        _step(clock, 1)


def _rated_by_staff(org: DemoOrg, clock: Clock) -> None:
    """Twelve concerns whose "resident's" rating the unit's own people enter by phone."""
    dispatcher = _of(org, "dispatcher")
    households = org.households
    for n in range(6, 18):
        phone = households[(n * 7) % len(households)].phone if households else ""
        concern = _to_reply(org, clock, n, phone, GAMING_UNIT, TEMPLATE)
        _step(clock, 2)
        services.concern_callback(
            actor=dispatcher,
            concern=concern,
            contacted=True,
            resolved=True,
            satisfaction=Satisfaction.SATISFIED,
            comment="电话回访，群众表示满意。",
            by_staff=True,
        )
        _step(clock, 1)


def _objections_to_dodge(org: DemoOrg, clock: Clock) -> None:
    """Urgent concerns objected to near the end of the 30-minute sign-for window, rejected."""
    dispatcher, handler = _of(org, "dispatcher"), _of(org, f"h_{DODGING_UNIT}")
    for n in range(3):
        concern = services.concern_submit(
            actor=RESIDENT,
            channel=Channel.WEB,
            kind=Kind.COMPLAINT,
            urgency=Urgency.URGENT,
            text=f"超市出售过期食品，小孩吃了拉肚子，请马上来查（第{n + 1}家）。",
            area=org.grids[(n * 3) % len(org.grids)],
        ).concern
        _step(clock, 2)
        concern = services.concern_dispatch(
            actor=dispatcher, concern=concern, unit=org.units[DODGING_UNIT]
        )
        _step(clock, 26)  # four minutes before the sign-for deadline
        concern = services.concern_object(
            actor=handler, concern=concern, reason="该事项不属于本单位职责范围，请改派。"
        )
        _step(clock, 3)
        concern = services.concern_objection_review(
            actor=dispatcher, concern=concern, upheld=False, note="属于该单位职责，异议不成立。"
        )
        _step(clock, 2)
        concern = services.concern_sign(actor=handler, concern=concern)
        _step(clock, 1)


def seed_gaming(org: DemoOrg, clock: Clock, *, demo_size: int) -> None:
    """Seed the gamed concerns (about three hours of demo time at the start of the window)."""
    if demo_size < MIN_DEMO:
        return
    _rated_by_one_phone(org, clock)
    _rated_by_staff(org, clock)
    _objections_to_dodge(org, clock)
