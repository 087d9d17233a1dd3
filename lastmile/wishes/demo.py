"""The wishes of the demo community: two rounds of realistic micro-wishes in all four
communities, collected online, door to door and at the wish wall; verified, published, claimed by
volunteers, party members and units (some shared by two claimers), contacted, fulfilled with
photos and confirmed by the families (PIN) or by a cadre. One claim lapses and its wish returns to
the pool with priority; unclaimed wishes of the first round go first in the second.

``seed`` is listed in ``LASTMILE["DEMO_EXTENSIONS"]`` (see ``concerns/demo/extensions.py``).
The demo volunteer logs in as ``wish_volunteer`` (password of the demo, ``lastmile-demo``).
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from PIL import Image, ImageDraw

from lastmile.concerns.demo.org import PASSWORD, DemoOrg
from lastmile.concerns.demo.timeline import ExtraStep
from lastmile.concerns.uploads import CleanFile, clean_upload
from lastmile.orgs import services as org_services
from lastmile.orgs.models import Household, Person, Unit
from lastmile.orgs.selectors import Actor, actor_for_user
from lastmile.wishes import services
from lastmile.wishes.choices import Channel, ConfirmMethod
from lastmile.wishes.demo_texts import (
    CONFIRM_NOTES,
    CONTACT_NOTES,
    FAMILY_COMMENTS,
    FULFIL_NOTES,
    REJECT_REASONS,
    VERIFY_NOTES,
    VOLUNTEERS,
    WISHES,
)
from lastmile.wishes.models import Claim, Wish

KEYS = ("dongfeng", "xiangyang", "xinhua", "taohua")
UNIT_CLAIMERS = [("h_housing", "housing"), ("h_waterco", "waterco"), ("h_powerco", "powerco")]
# (fate, how it is claimed) of each wish of a round; shuffled, then dealt to the communities.
ROUND_ONE = [
    *[("closed", "person")] * 4,
    *[("closed", "party")] * 4,
    *[("closed", "unit")] * 4,
    ("closed", "shared"),
    ("closed", "shared"),
    ("closed", "own_unit"),
    ("closed", "own_unit"),
    ("rejected", ""),
    ("unclaimed", ""),
    ("late_claim", "unit"),
    ("closed", "login"),
]
ROUND_TWO = [
    ("closed", "person"),
    ("closed", "unit"),
    ("closed", "shared"),
    ("closed", "party"),
    ("fulfilled", "party"),
    ("fulfilled", "own_unit"),
    ("contacted", "login"),
    ("contacted", "unit"),
    ("claimed", "login"),
    ("lapsed", "login"),
    ("open", ""),
    ("open", ""),
    ("open", ""),
    ("verified", ""),
    ("submitted", ""),
    ("rejected", ""),
]
STOP_AFTER_PUBLISH = frozenset({"open", "unclaimed"})


@dataclass
class Plan:
    key: str
    text: tuple[str, str, int, str, str]
    fate: str
    mode: str
    collect_at: datetime
    claim_at: datetime | None = None
    wish: Wish | None = None
    pin: str = ""
    claims: list[tuple[Actor, Claim]] = field(default_factory=list)
    claimers: list[tuple[Actor, Unit | None, Decimal | None]] = field(default_factory=list)


def _day(moment: datetime, rng: random.Random) -> datetime:
    """The same day at a daytime hour (08:30–19:30)."""
    local = timezone.localtime(moment)
    minutes = rng.randint(8 * 60 + 30, 19 * 60 + 30)
    return local.replace(hour=minutes // 60, minute=minutes % 60, second=0, microsecond=0)


def _photo(rng: random.Random, name: str) -> CleanFile:
    image = Image.new("RGB", (480, 360), tuple(rng.randint(150, 235) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    colour = tuple(rng.randint(30, 140) for _ in range(3))
    x, y = rng.randint(60, 180), rng.randint(60, 140)
    draw.rectangle([x, y, x + 200, y + 150], fill=colour)
    draw.line([x, y + 75, x + 200, y + 75], fill=(250, 250, 250), width=8)
    draw.line([x + 100, y, x + 100, y + 150], fill=(250, 250, 250), width=8)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return clean_upload(name, buffer.getvalue())


class Story:
    def __init__(self, org: DemoOrg, rng: random.Random, now: datetime):
        self.org, self.rng, self.now = org, rng, now
        self.staff = {k: actor_for_user(org.people[f"h_{k}"].user) for k in KEYS}
        self.leaders = {k: actor_for_user(org.people[f"l_{k}"].user) for k in KEYS}
        self.street = actor_for_user(org.people["street_dispatcher"].user)
        self.units = [(actor_for_user(org.people[p].user), org.units[u]) for p, u in UNIT_CLAIMERS]
        self.volunteers = self._volunteers()
        self.login = self.volunteers[0]
        self.homes: dict[str, list[Household]] = {
            k: [h for h in org.households if h.area.parent_id == org.communities[k].pk]
            for k in KEYS
        }

    # ---- people ----------------------------------------------------------------------------

    def _volunteers(self) -> list[Actor]:
        actors = []
        for username, name, key in VOLUNTEERS:
            found = Person.objects.filter(user__username=username).first() if username else None
            person = found or org_services.person_create(
                name=name,
                phone=f"139{self.rng.randrange(10**8):08d}",
                username=username
                if username and not get_user_model().objects.filter(username=username).exists()
                else None,
                password=PASSWORD if username else None,
                is_volunteer=True,
                home_area=self.org.communities[key],
            )
            actors.append(self._actor(person))
        return actors

    @staticmethod
    def _actor(person: Person) -> Actor:
        if person.user is not None:
            return actor_for_user(person.user)
        return Actor(user_id=None, label=person.name, person=person)

    def claimers(self, plan: Plan) -> list[tuple[Actor, Unit | None, Decimal | None]]:
        rng, key = self.rng, plan.key
        if plan.mode == "login":
            return [(self.login, None, None)]
        if plan.mode == "person":
            return [(rng.choice(self.volunteers[1:]), None, None)]
        if plan.mode == "party":
            member = rng.choice(self.org.party_members[key][2:])
            return [(self._actor(member), None, None)]
        if plan.mode == "own_unit":
            return [(self.staff[key], self.org.units[f"{key}_org"], None)]
        if plan.mode == "unit":
            actor, unit = rng.choice(self.units)
            return [(actor, unit, None)]
        # shared: a volunteer pledges part, a unit the rest
        value = Decimal(plan.text[2])
        part = (value * Decimal(rng.choice(("0.3", "0.4", "0.5")))).quantize(Decimal("1"))
        actor, unit = rng.choice(self.units)
        return [(rng.choice(self.volunteers), None, part), (actor, unit, None)]

    # ---- steps -----------------------------------------------------------------------------

    def after(self, lo: float, hi: float, fn: Callable[[], object]) -> list[ExtraStep]:
        moment = _day(timezone.now() + timedelta(days=self.rng.uniform(lo, hi)), self.rng)
        moment = max(moment, timezone.now() + timedelta(minutes=5))
        return [(moment, fn)]

    def collect(self, plan: Plan) -> list[ExtraStep]:
        title, category, value, description, who = plan.text
        home = self.rng.choice(self.homes[plan.key])
        surname = home.head_name[0]
        name = {
            "child": surname + self.rng.choice(("小雨", "子涵", "欣怡", "浩然", "一诺", "思琪")),
            "elder": surname + self.rng.choice(("奶奶", "爷爷", "阿婆", "大爷")),
        }.get(who, home.head_name)
        channel = self.rng.choice((Channel.ONLINE, Channel.VISIT, Channel.VISIT, Channel.WALL))
        actor = services.FAMILY if channel == Channel.ONLINE else self.staff[plan.key]
        result = services.wish_submit(
            actor=actor,
            channel=channel,
            community=self.org.communities[plan.key],
            title=title,
            category=category,
            value=value,
            description=description,
            beneficiary_name=name,
            beneficiary_phone=home.phone,
            beneficiary_address=home.address,
            household=home if channel != Channel.ONLINE else None,
        )
        plan.wish, plan.pin = result.wish, result.pin
        if plan.fate == "submitted":
            return []
        return self.after(1, 3, lambda: self.verify(plan))

    def verify(self, plan: Plan) -> list[ExtraStep]:
        assert plan.wish is not None
        cadre = self.rng.choice((self.leaders[plan.key], self.staff[plan.key]))
        if plan.fate == "rejected":
            services.wish_reject(
                actor=cadre, wish=plan.wish, reason=self.rng.choice(REJECT_REASONS)
            )
            return []
        plan.wish = services.wish_verify(
            actor=cadre, wish=plan.wish, method="visit", note=self.rng.choice(VERIFY_NOTES)
        )
        if plan.fate == "verified":
            return []
        return self.after(0.3, 2, lambda: self.publish(plan))

    def publish(self, plan: Plan) -> list[ExtraStep]:
        assert plan.wish is not None
        plan.wish = services.wish_publish(actor=self.leaders[plan.key], wish=plan.wish)
        if plan.fate in STOP_AFTER_PUBLISH:
            return []
        if plan.claim_at is not None:
            return [(max(plan.claim_at, timezone.now()), lambda: self.claim(plan, 0))]
        return self.after(1, 8, lambda: self.claim(plan, 0))

    def claim(self, plan: Plan, index: int) -> list[ExtraStep]:
        assert plan.wish is not None
        if index == 0:
            plan.claimers = self.claimers(plan)
        actor, unit, amount = plan.claimers[index]
        made = services.wish_claim(actor=actor, wish=plan.wish, amount=amount, unit=unit)
        plan.claims.append((actor, made))
        if index + 1 < len(plan.claimers):
            return self.after(0.5, 2, lambda: self.claim(plan, index + 1))
        if plan.fate in ("claimed", "lapsed"):
            return []
        return self.after(0.5, 2.5, lambda: self.contact(plan, 0))

    def contact(self, plan: Plan, index: int) -> list[ExtraStep]:
        actor, claim = plan.claims[index]
        services.claim_contact(actor=actor, claim=claim, note=self.rng.choice(CONTACT_NOTES))
        if index + 1 < len(plan.claims):
            return self.after(0.2, 2, lambda: self.contact(plan, index + 1))
        if plan.fate == "contacted":
            return []
        return self.after(2, 10, lambda: self.fulfil(plan))

    def fulfil(self, plan: Plan) -> list[ExtraStep]:
        actor, claim = plan.claims[0]
        photos = [_photo(self.rng, f"wish-{n + 1}.jpg") for n in range(self.rng.choice((1, 2)))]
        plan.wish = services.wish_fulfil(
            actor=actor,
            claim=claim,
            note=self.rng.choice(FULFIL_NOTES),
            files=photos,
            public_photos=self.rng.random() < 0.5,
        )
        if plan.fate == "fulfilled":
            return []
        return self.after(0.5, 4, lambda: self.confirm(plan))

    def confirm(self, plan: Plan) -> None:
        assert plan.wish is not None
        if self.rng.random() < 0.6:
            services.wish_confirm_by_family(
                wish=plan.wish, pin=plan.pin, comment=self.rng.choice(FAMILY_COMMENTS)
            )
            return
        services.wish_confirm(
            actor=self.staff[plan.key],
            wish=plan.wish,
            method=self.rng.choice((ConfirmMethod.PHONE, ConfirmMethod.IN_PERSON)),
            note=self.rng.choice(CONFIRM_NOTES),
        )

    def sweep(self) -> None:
        services.claims_lapse_due(now=timezone.now())


def _deal(
    fates: list[tuple[str, str]], rng: random.Random, texts: list[Any]
) -> list[tuple[str, tuple[str, str, int, str, str], str, str]]:
    """(community key, text, fate, mode) — shared wishes get the dearer texts."""
    fates = fates[:]
    rng.shuffle(fates)
    dear = [t for t in texts if t[2] >= 150]
    cheap = [t for t in texts if t[2] < 150]
    rng.shuffle(dear)
    rng.shuffle(cheap)
    dealt = []
    for n, (fate, mode) in enumerate(fates):
        pool = dear if mode == "shared" or not cheap else (cheap if n % 2 else dear or cheap)
        text = pool.pop() if pool else rng.choice(texts)
        dealt.append((KEYS[n % len(KEYS)], text, fate, mode))
    return dealt


def seed(*, org: DemoOrg, rng: random.Random, now: datetime) -> list[ExtraStep]:
    story = Story(org, rng, now)
    origin = timezone.localtime(timezone.now())
    one_start = origin.date() + timedelta(days=8)
    one_end = one_start + timedelta(days=89)
    two_start = one_end + timedelta(days=1)
    two_end = max(two_start + timedelta(days=89), timezone.localtime(now).date() + timedelta(30))
    services.round_create(
        actor=story.street,
        name=f"{one_start.year}年{one_start.month}月微心愿（第一批）",
        area=org.street,
        starts_on=one_start,
        ends_on=one_end,
    )

    def open_round_two() -> None:
        services.round_create(
            actor=story.street,
            name=f"{two_start.year}年{two_start.month}月微心愿（第二批）",
            area=org.street,
            starts_on=two_start,
            ends_on=two_end,
        )

    def at(day: Any, lo: float, hi: float) -> datetime:
        base = timezone.make_aware(datetime.combine(day, time(9)))
        return _day(base + timedelta(days=rng.uniform(lo, hi)), rng)

    steps: list[ExtraStep] = [(at(two_start, -4, -3), open_round_two)]
    texts = list(WISHES)
    for key, text, fate, mode in _deal(ROUND_ONE, rng, texts):
        plan = Plan(key, text, fate, mode, collect_at=at(one_start, 0, 25))
        if fate == "late_claim":  # carried into round two, then claimed there
            plan.claim_at = at(two_start, 5, 12)
        steps.append((plan.collect_at, partial(story.collect, plan)))
    recent = timezone.localtime(now).date()
    for key, text, fate, mode in _deal(ROUND_TWO, rng, texts):
        plan = Plan(key, text, fate, mode, collect_at=at(two_start, 0.5, 25))
        if fate == "lapsed":
            plan.claim_at = at(recent, -26, -24)
        elif fate == "claimed":
            plan.collect_at, plan.claim_at = at(recent, -14, -12), at(recent, -3, -2)
        elif fate == "verified":
            plan.collect_at = at(recent, -8, -6)
        elif fate == "submitted":
            plan.collect_at = at(recent, -3, -1)
        steps.append((plan.collect_at, partial(story.collect, plan)))
    day = origin.date() + timedelta(days=1)
    while day <= recent:
        steps.append((timezone.make_aware(datetime.combine(day, time(16, 45))), story.sweep))
        day += timedelta(days=1)
    return steps
