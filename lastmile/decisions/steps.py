"""The decision process as data: one step list per area kind, and one rule per meeting body.

Nothing here branches on a village or a community: the services look the step up in
``STEP_LISTS`` and the body in ``BODY_RULES`` and apply what they say. Thresholds are exact
integer arithmetic — "more than half" is ``2*n > total``, "at least two thirds" is
``3*n >= 2*total``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lastmile.decisions.choices import AreaKind, Basis, Body, NoticeKind, StepKind
from lastmile.orgs.choices import TWO_COMMITTEES, PostKind


@dataclass(frozen=True)
class Threshold:
    """``n`` of ``total`` is enough when ``den*n > num*total`` (strict) or ``>=`` (not strict)."""

    num: int
    den: int
    strict: bool
    label: Promise

    def met(self, n: int, total: int) -> bool:
        if self.strict:
            return self.den * n > self.num * total
        return self.den * n >= self.num * total

    def need(self, total: int) -> int:
        """The smallest ``n`` that meets the threshold."""
        if self.strict:
            return self.num * total // self.den + 1
        return -(-self.num * total // self.den)


MORE_THAN_HALF = Threshold(1, 2, True, _("more than half"))
TWO_THIRDS = Threshold(2, 3, False, _("at least two thirds"))


class Roll:
    """Where a body's members come from."""

    POSTS = "posts"  # people holding the listed posts in the area (orgs.Post)
    PARTY_MEMBERS = "party_members"  # party members whose home is inside the area
    HEAD_COUNT = "head_count"  # counted from the household register, attendance as a number


@dataclass(frozen=True)
class BodyRule:
    roll: str
    # Quorum per basis; named rolls use the "" basis.
    quorum: dict[str, Threshold]
    majority: Threshold = MORE_THAN_HALF
    post_kinds: frozenset[str] = frozenset()
    # The meeting must be announced this setting's number of days ahead (Art.25).
    announced: bool = False

    @property
    def named(self) -> bool:
        return self.roll != Roll.HEAD_COUNT

    @property
    def bases(self) -> list[str]:
        return [b for b in self.quorum if b]


PARTY_COMMITTEE_POSTS = frozenset({PostKind.PARTY_SECRETARY, PostKind.PARTY_COMMITTEE})
# The representatives' meeting is the villagers' (residents') committee plus the representatives
# (村民委员会组织法 Art.25).
REPRESENTATIVES_POSTS = frozenset({PostKind.VC_CHAIR, PostKind.VC_MEMBER, PostKind.REPRESENTATIVE})

BODY_RULES: dict[str, BodyRule] = {
    Body.PARTY_COMMITTEE: BodyRule(
        Roll.POSTS, {"": MORE_THAN_HALF}, post_kinds=PARTY_COMMITTEE_POSTS
    ),
    Body.TWO_COMMITTEES: BodyRule(Roll.POSTS, {"": MORE_THAN_HALF}, post_kinds=TWO_COMMITTEES),
    Body.PARTY_MEMBERS: BodyRule(Roll.PARTY_MEMBERS, {"": TWO_THIRDS}),
    # Art.26: more than half of the villagers aged 18+, or two thirds of the households.
    Body.VILLAGERS_ASSEMBLY: BodyRule(
        Roll.HEAD_COUNT,
        {Basis.ADULTS: MORE_THAN_HALF, Basis.HOUSEHOLDS: TWO_THIRDS},
        announced=True,
    ),
    # Art.30: two thirds of its members.
    Body.VILLAGERS_REPRESENTATIVES: BodyRule(
        Roll.POSTS, {"": TWO_THIRDS}, post_kinds=REPRESENTATIVES_POSTS
    ),
    # 城市居民委员会组织法 Art.12: more than half of the adults or of the households.
    Body.RESIDENTS_ASSEMBLY: BodyRule(
        Roll.HEAD_COUNT, {Basis.ADULTS: MORE_THAN_HALF, Basis.HOUSEHOLDS: MORE_THAN_HALF}
    ),
    Body.RESIDENTS_REPRESENTATIVES: BodyRule(
        Roll.POSTS, {"": TWO_THIRDS}, post_kinds=REPRESENTATIVES_POSTS
    ),
}


@dataclass(frozen=True)
class StepDef:
    code: str
    number: str  # as people count the steps: "1", "2", "1–2" for the merged step
    name: Promise
    kind: str
    bodies: tuple[str, ...] = ()
    notice: str = ""  # NoticeKind of a notice step
    # The step may start only once this notice (kind) has run its full period; a step whose
    # wait the IMPLEMENT_AFTER_NOTICE setting can lift says so in ``wait_is_setting``.
    waits_for: str = ""
    wait_is_setting: bool = False
    action: str = ""  # the transition the step's completion applies (meetings decide themselves)


def _tail(resolve: StepDef) -> tuple[StepDef, ...]:
    review = StepDef(
        "review",
        "3",
        _("Party members' meeting reviews"),
        StepKind.MEETING,
        (Body.PARTY_MEMBERS,),
    )
    return (
        review,
        resolve,
        StepDef(
            "resolution_notice",
            "5",
            _("Public notice of the resolution"),
            StepKind.NOTICE,
            notice=NoticeKind.RESOLUTION,
            action="post_resolution_notice",
        ),
        StepDef(
            "implement",
            "6",
            _("Organise the implementation"),
            StepKind.IMPLEMENTATION,
            waits_for=NoticeKind.RESOLUTION,
            wait_is_setting=True,
            action="start_implementation",
        ),
        StepDef(
            "result_notice",
            "7",
            _("Public notice of the result"),
            StepKind.NOTICE,
            notice=NoticeKind.RESULT,
            waits_for=NoticeKind.RESOLUTION,
            action="post_result_notice",
        ),
    )


VILLAGE_STEPS: tuple[StepDef, ...] = (
    StepDef(
        "propose",
        "1",
        _("Party branch committee proposes"),
        StepKind.MEETING,
        (Body.PARTY_COMMITTEE,),
    ),
    StepDef(
        "consult",
        "2",
        _("Joint meeting of the village's two committees deliberates"),
        StepKind.MEETING,
        (Body.TWO_COMMITTEES,),
    ),
    *_tail(
        StepDef(
            "resolve",
            "4",
            _("Villagers' assembly or representatives' meeting resolves"),
            StepKind.MEETING,
            (Body.VILLAGERS_ASSEMBLY, Body.VILLAGERS_REPRESENTATIVES),
        )
    ),
)
COMMUNITY_STEPS: tuple[StepDef, ...] = (
    StepDef(
        "propose",
        "1",
        _("Community party organisation proposes"),
        StepKind.MEETING,
        (Body.PARTY_COMMITTEE,),
    ),
    StepDef(
        "consult",
        "2",
        _("Joint meeting of the community's two committees deliberates"),
        StepKind.MEETING,
        (Body.TWO_COMMITTEES,),
    ),
    *_tail(
        StepDef(
            "resolve",
            "4",
            _("Residents' assembly or representatives' meeting resolves"),
            StepKind.MEETING,
            (Body.RESIDENTS_ASSEMBLY, Body.RESIDENTS_REPRESENTATIVES),
        )
    ),
)

STEP_LISTS: dict[str, tuple[StepDef, ...]] = {
    AreaKind.VILLAGE: VILLAGE_STEPS,
    AreaKind.COMMUNITY: COMMUNITY_STEPS,
}

# Where one person is both party secretary and committee chair (一肩挑), the area may merge
# these two steps into one joint meeting.
MERGEABLE = ("propose", "consult")
MERGED_STEPS: dict[str, StepDef] = {
    AreaKind.VILLAGE: StepDef(
        "propose_consult",
        "1–2",
        _("Party branch proposes and the two committees deliberate (one joint meeting)"),
        StepKind.MEETING,
        (Body.TWO_COMMITTEES,),
    ),
    AreaKind.COMMUNITY: StepDef(
        "propose_consult",
        "1–2",
        _(
            "Community party organisation proposes and the two committees deliberate "
            "(one joint meeting)"
        ),
        StepKind.MEETING,
        (Body.TWO_COMMITTEES,),
    ),
}


def steps_for(kind: str, merged: bool) -> tuple[StepDef, ...]:
    """The step list of an area kind, with steps 1–2 as one joint meeting when ``merged``."""
    steps = STEP_LISTS[kind]
    if not merged:
        return steps
    rest = tuple(s for s in steps if s.code not in MERGEABLE)
    return (MERGED_STEPS[kind], *rest)


def step_by_code(kind: str, merged: bool, code: str) -> StepDef | None:
    return next((s for s in steps_for(kind, merged) if s.code == code), None)


def is_last_meeting(steps: tuple[StepDef, ...], index: int) -> bool:
    return index + 1 >= len(steps) or steps[index + 1].kind != StepKind.MEETING
