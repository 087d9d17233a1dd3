"""The decision process in the demo (concerns/demo/extensions.py), through the real services.

桃花村 (one person is party secretary and committee chair, 一肩挑):
- 村道硬化 — every step, a villagers' assembly announced 12 days ahead, an objection answered
  during the resolution notice, implementation, the result notice, closed;
- the village then merges steps 1–2 (一肩挑);
- 2026年度重点救助对象 — the party members' meeting first fails for lack of quorum, the matter is
  revised and the meeting held again; now being implemented;
- 村集体鱼塘承包 — resolved by the villagers' representatives' meeting, its resolution notice is
  up now, with an objection.
东风社区: 小区停车秩序管理 — through the residents' representatives' meeting to its result
notice, closed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from lastmile.concerns.demo.org import DemoOrg
from lastmile.concerns.demo.timeline import ExtraStep
from lastmile.decisions import services
from lastmile.decisions.choices import Basis, Body, Category
from lastmile.decisions.models import Matter
from lastmile.decisions.registers import roll_for
from lastmile.decisions.steps import BODY_RULES
from lastmile.orgs.selectors import Actor, actor_for_user

Step = Callable[[Matter], object]


@dataclass
class Meet:
    """One meeting of the story: who attends (a share of the roll, or a number), the vote."""

    body: str
    share: float = 0.9  # of the roll present
    against: int = 0
    abstain: int = 0
    basis: str = ""
    announced_days: int = 0  # an assembly's announcement, this many days before
    minutes: str = ""
    short_of_quorum: bool = False  # one fewer than the quorum attends


def _actor(org: DemoOrg, key: str) -> Actor:
    return actor_for_user(org.people[key].user)


def _meet(actor: Actor, rng: random.Random, meet: Meet) -> Step:
    def run(matter: Matter) -> object:
        matter.refresh_from_db()
        step = matter.current_step
        assert step is not None
        roll = roll_for(matter.area, meet.body, meet.basis)
        rule = BODY_RULES[meet.body]
        need = rule.quorum[meet.basis].need(roll.eligible)
        present = need - 1 if meet.short_of_quorum else max(need, round(roll.eligible * meet.share))
        present = min(present, roll.eligible)
        today = timezone.localdate()
        kwargs: dict[str, object] = {}
        if rule.named:
            kwargs["attendee_ids"] = rng.sample(sorted(roll.ids), present)
        else:
            kwargs.update(present_count=present, basis=meet.basis)
        if rule.announced:
            kwargs["announced_on"] = today - timedelta(days=meet.announced_days)
        return services.meeting_record(
            actor=actor,
            matter=matter,
            step=step.code,
            body=meet.body,
            held_on=today,
            votes_for=present - meet.against - meet.abstain,
            votes_against=meet.against,
            votes_abstain=meet.abstain,
            minutes=meet.minutes,
            **kwargs,  # type: ignore[arg-type]
        )

    return run


def _notice(actor: Actor, title: str, body: str, finished_days: int | None = None) -> Step:
    def run(matter: Matter) -> object:
        matter.refresh_from_db()
        step = matter.current_step
        assert step is not None
        finished = (
            timezone.localdate() - timedelta(days=finished_days)
            if finished_days is not None
            else None
        )
        return services.notice_post(
            actor=actor,
            matter=matter,
            step=step.code,
            title=title,
            body=body,
            posted_at=timezone.now(),
            finished_on=finished,
        )

    return run


def _objection(actor: Actor, text: str, by: str, response: str) -> Step:
    def run(matter: Matter) -> object:
        notice = matter.notices.order_by("-posted_at").first()
        assert notice is not None
        return services.objection_record(
            actor=actor,
            notice=notice,
            raised_on=timezone.localdate(),
            text=text,
            raised_by=by,
            response=response,
        )

    return run


def _implement(actor: Actor, note: str) -> Step:
    def run(matter: Matter) -> object:
        matter.refresh_from_db()
        return services.implementation_start(
            actor=actor, matter=matter, started_on=timezone.localdate(), note=note
        )

    return run


def _revise(actor: Actor, note: str) -> Step:
    def run(matter: Matter) -> object:
        matter.refresh_from_db()
        return services.matter_revise(actor=actor, matter=matter, note=note)

    return run


def _close(actor: Actor) -> Step:
    def run(matter: Matter) -> object:
        matter.refresh_from_db()
        return services.matter_close(actor=actor, matter=matter)

    return run


def _story(
    start: datetime, create: Callable[[], Matter], steps: list[tuple[datetime, Step]]
) -> ExtraStep:
    """Register the matter at ``start``; its later steps are played at their own moments."""

    def begin() -> list[ExtraStep]:
        matter = create()
        return [(moment, _bind(step, matter)) for moment, step in steps]

    return (start, begin)


def _bind(step: Step, matter: Matter) -> Callable[[], None]:
    """A played step returns only further steps, never what the service returned."""

    def run() -> None:
        step(matter)

    return run


def _register(
    org: DemoOrg, key: str, who: str, category: str, title: str, summary: str
) -> Callable[[], Matter]:
    return lambda: services.matter_create(
        actor=_actor(org, who),
        area=org.communities[key],
        category=category,
        title=title,
        summary=summary,
    )


def seed(*, org: DemoOrg, rng: random.Random, now: datetime) -> list[ExtraStep]:
    def at(days: int, hour: int = 9, minute: int = 30) -> datetime:
        moment = timezone.localtime(now - timedelta(days=days))
        return moment.replace(hour=hour, minute=minute, second=0, microsecond=0)

    return [
        _road(org, rng, at),
        (at(100, 15), lambda: _merge_taohua(org)),  # from now on steps 1–2 are one meeting
        _assistance(org, rng, at),
        _fishpond(org, rng, at),
        _parking(org, rng, at),
    ]


def _merge_taohua(org: DemoOrg) -> None:
    services.setting_update(
        actor=_actor(org, "l_taohua"), area=org.communities["taohua"], merge_first_steps=True
    )


def _road(org: DemoOrg, rng: random.Random, at: Callable[..., datetime]) -> ExtraStep:
    sec = _actor(org, "l_taohua")
    return _story(
        at(170),
        _register(
            org,
            "taohua",
            "l_taohua",
            Category.PUBLIC_WELFARE,
            "村道硬化",
            "硬化三组至五组村道1.2公里，路面宽4.5米。预算38万元，其中申请上级以奖代补20万元，"
            "村集体出资12万元，其余由受益农户自愿筹劳折资。",
        ),
        [
            (at(168), _meet(sec, rng, Meet(Body.PARTY_COMMITTEE, 1.0, minutes=MIN_PROPOSE))),
            (at(165), _meet(sec, rng, Meet(Body.TWO_COMMITTEES, 1.0, minutes=MIN_CONSULT))),
            (at(160, 19), _meet(sec, rng, Meet(Body.PARTY_MEMBERS, 0.85, abstain=1))),
            (
                at(150, 19),
                _meet(
                    sec,
                    rng,
                    Meet(
                        Body.VILLAGERS_ASSEMBLY,
                        0.62,
                        against=4,
                        abstain=3,
                        basis=Basis.ADULTS,
                        announced_days=12,
                        minutes="村民会议表决通过村道硬化方案及筹劳办法。",
                    ),
                ),
            ),
            (
                at(148, 10),
                _notice(
                    sec,
                    "关于村道硬化项目的决议公示",
                    "经村党支部提议、“两委”商议、党员大会审议，村民会议表决通过：硬化三组至五组"
                    "村道1.2公里，路面宽4.5米，预算38万元（上级以奖代补20万元、村集体12万元、"
                    "农户筹劳折资6万元）。公示期内如有异议，请向村委会反映。",
                ),
            ),
            (
                at(145, 16),
                _objection(
                    sec,
                    "五组路段有两户房屋靠近路边，4.5米宽度需要拆除围墙，希望调整。",
                    "五组村民",
                    "经现场核实，五组该路段按4米实施，不拆除围墙，预算不变。",
                ),
            ),
            (at(133), _implement(sec, "村委会公开比选施工队，村民代表3人全程监督质量和用工。")),
            (
                at(60, 10),
                _notice(
                    sec,
                    "村道硬化项目实施结果公示",
                    "村道硬化已于上周完工并通过验收：实际硬化1.22公里，支出36.5万元（材料21.3万元、"
                    "人工及机械15.2万元），结余1.5万元转入村道养护。农户筹劳折资明细张贴于村务公开栏。",
                    finished_days=2,
                ),
            ),
            (at(44), _close(sec)),
        ],
    )


def _assistance(org: DemoOrg, rng: random.Random, at: Callable[..., datetime]) -> ExtraStep:
    sec = _actor(org, "l_taohua")
    return _story(
        at(90),
        _register(
            org,
            "taohua",
            "l_taohua",
            Category.ASSISTANCE,
            "2026年度重点救助对象及救助方案",
            "经入户摸排，拟将7户因病、因残致困家庭列为本年度重点救助对象，每户每季度发放生活补助"
            "600元，并安排党员干部结对帮扶。",
        ),
        [
            (at(88), _meet(sec, rng, Meet(Body.TWO_COMMITTEES, 1.0, minutes=MIN_JOINT))),
            (
                at(80, 19),
                _meet(
                    sec,
                    rng,
                    Meet(
                        Body.PARTY_MEMBERS,
                        short_of_quorum=True,
                        minutes="正值农忙，外出务工党员较多，到会人数不足三分之二。",
                    ),
                ),
            ),
            (
                at(78),
                _revise(
                    sec,
                    "补充7户家庭的摸排材料；党员大会改在晚上召开，提前三天电话通知外出党员，"
                    "不能到会的可书面表达意见。",
                ),
            ),
            (at(72, 19, 45), _meet(sec, rng, Meet(Body.PARTY_MEMBERS, 0.8, abstain=1))),
            (
                at(65, 19),
                _meet(sec, rng, Meet(Body.VILLAGERS_REPRESENTATIVES, 1.0, against=1)),
            ),
            (
                at(60, 10),
                _notice(
                    sec,
                    "2026年度重点救助对象公示",
                    "经村民代表会议表决，确定7户家庭为2026年度重点救助对象（名单张贴于村务公开栏），"
                    "每户每季度生活补助600元。公示期内如有异议，请向村委会或驻村工作队反映。",
                ),
            ),
            (at(44), _implement(sec, "每季度首月10日前发放补助；结对党员每月至少走访一次。")),
        ],
    )


def _fishpond(org: DemoOrg, rng: random.Random, at: Callable[..., datetime]) -> ExtraStep:
    sec = _actor(org, "l_taohua")
    return _story(
        at(40),
        _register(
            org,
            "taohua",
            "l_taohua",
            Category.COLLECTIVE_FUNDS,
            "村集体鱼塘承包",
            "村集体鱼塘30亩原承包合同年底到期，拟公开发包，期限五年，底价每年1.5万元，"
            "本村村民同等条件下优先。",
        ),
        [
            (at(38), _meet(sec, rng, Meet(Body.TWO_COMMITTEES, 1.0, minutes=MIN_JOINT))),
            (at(30, 19), _meet(sec, rng, Meet(Body.PARTY_MEMBERS, 0.85))),
            (
                at(20, 19),
                _meet(sec, rng, Meet(Body.VILLAGERS_REPRESENTATIVES, 0.92, against=1, abstain=1)),
            ),
            (
                at(6, 10),
                _notice(
                    sec,
                    "关于村集体鱼塘公开发包的决议公示",
                    "经村民代表会议表决通过：村集体鱼塘30亩公开发包，期限五年，底价每年1.5万元，"
                    "本村村民同等条件下优先。发包收入全部纳入村集体账户管理。",
                ),
            ),
            (
                at(3, 15),
                _objection(
                    sec,
                    "建议承包期改为三年，便于到期后重新评估价格。",
                    "三组村民",
                    "已记录，村委会将在发包前召开村民代表会议说明五年期的理由。",
                ),
            ),
        ],
    )


def _parking(org: DemoOrg, rng: random.Random, at: Callable[..., datetime]) -> ExtraStep:
    handler = _actor(org, "h_dongfeng")
    return _story(
        at(120),
        _register(
            org,
            "dongfeng",
            "h_dongfeng",
            Category.OTHER,
            "小区停车秩序管理方案",
            "东风小区车位不足，消防通道常被占用。拟施划停车位86个，实行登记停车，"
            "外来车辆限时停放，消防通道全天禁停。",
        ),
        [
            (at(118), _meet(handler, rng, Meet(Body.PARTY_COMMITTEE, 1.0, minutes=MIN_PROPOSE))),
            (at(115), _meet(handler, rng, Meet(Body.TWO_COMMITTEES, 1.0))),
            (at(110, 19), _meet(handler, rng, Meet(Body.PARTY_MEMBERS, 0.8))),
            (
                at(100, 19),
                _meet(
                    handler,
                    rng,
                    Meet(Body.RESIDENTS_REPRESENTATIVES, 0.9, against=1, minutes=MIN_RESIDENTS),
                ),
            ),
            (
                at(98, 10),
                _notice(
                    handler,
                    "东风小区停车秩序管理方案公示",
                    "经居民代表会议表决通过：施划停车位86个，实行登记停车，外来车辆限停2小时，"
                    "消防通道全天禁停。公示期内如有异议，请向社区居委会反映。",
                ),
            ),
            (at(80), _implement(handler, "物业公司施划车位，社区网格员和楼栋长协助登记。")),
            (
                at(20, 10),
                _notice(
                    handler,
                    "东风小区停车秩序管理实施结果公示",
                    "已施划停车位86个、登记居民车辆142辆，消防通道标线和警示牌已设置。",
                    finished_days=2,
                ),
            ),
            (at(4), _close(handler)),
        ],
    )


MIN_PROPOSE = "会议研究了群众反映集中的问题，形成提议，提交“两委”商议。"
MIN_CONSULT = "“两委”联席会议逐项商议方案，同意提交党员大会审议。"
MIN_JOINT = "书记兼主任（一肩挑），党支部提议与“两委”商议合并召开。会议同意提交党员大会审议。"
MIN_RESIDENTS = "居民代表对外来车辆限时停放意见较多，会议同意限停2小时并在一个月后评估。"
