"""The merits part of the demo: six months of good deeds in all four communities (recorded by
grid workers, some self-reported), reviewed by the communities' cadres (a few not approved, the
last week's still waiting), points on the ledger, a 爱心超市 of ten goods per community with
redemptions at the counter and a reservation, and two model stories.

``seed`` is listed in ``LASTMILE["DEMO_EXTENSIONS"]`` (see ``concerns/demo/extensions.py``).
The demo resident who self-reports logs in as ``merit_resident`` (the demo's password).
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from PIL import Image, ImageDraw

from lastmile.concerns.demo.org import PASSWORD, DemoOrg
from lastmile.concerns.demo.timeline import ExtraStep
from lastmile.concerns.uploads import CleanFile, clean_upload
from lastmile.merits.choices import DeedStatus, PeriodKind, RedemptionStatus, RuleUnit
from lastmile.merits.defaults import ensure_default_rules
from lastmile.merits.demo_texts import DEEDS, GOODS, REJECT_REASONS, STORIES
from lastmile.merits.models import Deed, Goods, PointsAccount, Redemption, RuleItem
from lastmile.merits.periods import period_of
from lastmile.merits.selectors.tallies import top_list
from lastmile.merits.services import deeds as deed_services
from lastmile.merits.services import shop, stories
from lastmile.orgs import services as org_services
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import actor_for_user

KEYS = ("dongfeng", "xiangyang", "xinhua", "taohua")
RESIDENT_LOGIN = "merit_resident"
DEEDS_PER_WEEK = (1, 3)  # per community
ACTIVE_PEOPLE = 14  # residents per community who do most of the deeds
PENDING_DAYS = 6  # deeds recorded this recently are left for review


def _daytime(day: dt.date, rng: random.Random) -> dt.datetime:
    minutes = rng.randint(8 * 60 + 30, 18 * 60 + 30)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60)))


def _photo(rng: random.Random, name: str) -> CleanFile:
    image = Image.new("RGB", (480, 360), tuple(rng.randint(170, 235) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    colour = tuple(rng.randint(40, 140) for _ in range(3))
    draw.ellipse([190, 70, 290, 170], fill=colour)
    draw.rectangle([160, 180, 320, 330], fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return clean_upload(name, buffer.getvalue())


class Story:
    def __init__(self, org: DemoOrg, rng: random.Random, now: dt.datetime) -> None:
        self.org, self.rng, self.now = org, rng, now
        self.start = timezone.now()
        self.rules = ensure_default_rules()
        self.grid = {k: actor_for_user(org.people[f"grid_{k}"].user) for k in KEYS}
        self.cadre = {k: actor_for_user(org.people[f"h_{k}"].user) for k in KEYS}
        self.leader = {k: actor_for_user(org.people[f"l_{k}"].user) for k in KEYS}
        self.people = {k: self._pool(k) for k in KEYS}
        self.resident = self._resident()
        self.people["dongfeng"].append(self.resident)

    # ---- people ----------------------------------------------------------------------------

    def _pool(self, key: str) -> list[Person]:
        community = self.org.communities[key]
        people = list(
            Person.objects.filter(household__area__parent=community, user__isnull=True).order_by(
                "pk"
            )
        )
        return self.rng.sample(people, min(ACTIVE_PEOPLE, len(people)))

    def _resident(self) -> Person:
        found = Person.objects.filter(user__username=RESIDENT_LOGIN).first()
        if found is not None:
            return found
        grid = next(g for g in self.org.grids if g.parent_id == self.org.communities["dongfeng"].pk)
        taken = get_user_model().objects.filter(username=RESIDENT_LOGIN).exists()
        return org_services.person_create(
            name="周秀兰",
            phone=f"139{self.rng.randrange(10**8):08d}",
            username=None if taken else RESIDENT_LOGIN,
            password=None if taken else PASSWORD,
            is_volunteer=True,
            home_area=grid,
        )

    # ---- the shop --------------------------------------------------------------------------

    def stock_shops(self) -> None:
        for key in KEYS:
            for name, description, price, stock in GOODS:
                if Goods.objects.filter(community=self.org.communities[key], name=name).exists():
                    continue
                shop.goods_create(
                    actor=self.leader[key],
                    community=self.org.communities[key],
                    name=name,
                    description=description,
                    price=price,
                    stock=stock + self.rng.randint(0, 6),
                )

    # ---- deeds -----------------------------------------------------------------------------

    def _pick_item(self) -> RuleItem:
        names = list(DEEDS)
        weights = [DEEDS[n][2] for n in names]
        return self.rules[self.rng.choices(names, weights)[0]]

    def _values(self, item: RuleItem, day: dt.date) -> dict[str, Any]:
        titles, hours, _weight = DEEDS[item.name]
        values: dict[str, Any] = {
            "item": item,
            "title": self.rng.choice(titles),
            "occurred_on": day,
            "name_public": self.rng.random() < 0.5,
        }
        if item.unit == RuleUnit.PER_HOUR and hours:
            values["hours"] = self.rng.choice(
                [h + half for h in range(hours[0], hours[1] + 1) for half in (0, 0.5)]
            )
        return values

    def record(self, key: str, person: Person, day: dt.date) -> list[ExtraStep]:
        values = self._values(self._pick_item(), day)
        deed = deed_services.deed_record(actor=self.grid[key], person=person, **values)
        return self._review_later(key, deed)

    def self_report(self, day: dt.date) -> list[ExtraStep]:
        actor = actor_for_user(self.resident.user) if self.resident.user else None
        if actor is None:
            return []
        item = self.rules["参加志愿服务活动"]
        values = self._values(item, day)
        values["name_public"] = True
        deed = deed_services.deed_self_report(actor=actor, **values)
        return self._review_later("dongfeng", deed)

    def _review_later(self, key: str, deed: Deed) -> list[ExtraStep]:
        moment = timezone.now() + dt.timedelta(hours=self.rng.randint(20, 70))
        if moment > self.now - dt.timedelta(days=PENDING_DAYS) and self.rng.random() < 0.7:
            return []  # the last week's deeds wait in the review queue
        return [(moment, partial(self.review, key, deed.pk))]

    def review(self, key: str, pk: int) -> None:
        deed = Deed.objects.get(pk=pk)
        if deed.status != DeedStatus.PENDING:
            return
        cadre = self.cadre[key]
        if cadre.person is not None and deed.reported_by_id == cadre.person.pk:
            cadre = self.leader[key]
        if self.rng.random() < 0.07:
            deed_services.deed_reject(
                actor=cadre, deed=deed, reason=self.rng.choice(REJECT_REASONS)
            )
        else:
            deed_services.deed_approve(actor=cadre, deed=deed)

    # ---- redemptions -----------------------------------------------------------------------

    def redeem(self, key: str) -> None:
        community = self.org.communities[key]
        goods = list(Goods.objects.filter(community=community, is_active=True, stock__gt=0))
        accounts = list(
            PointsAccount.objects.filter(
                person__in=self.people[key], balance__gte=10
            ).select_related("person")
        )
        self.rng.shuffle(accounts)
        for account in accounts[: self.rng.randint(1, 3)]:
            if account.person == self.resident:
                continue
            affordable = [g for g in goods if g.price <= account.balance and g.stock > 0]
            if not affordable:
                continue
            choice = self.rng.choice(affordable)
            shop.redeem_at_counter(actor=self.leader[key], goods=choice, person=account.person)
            choice.stock -= 1

    def reserve(self) -> None:
        actor = actor_for_user(self.resident.user) if self.resident.user else None
        if actor is None:
            return
        balance = getattr(PointsAccount.objects.filter(person=self.resident).first(), "balance", 0)
        goods = (
            Goods.objects.filter(
                community=self.org.communities["dongfeng"], price__lte=balance, stock__gt=0
            )
            .order_by("-price")
            .first()
        )
        if goods is not None:
            shop.reserve(actor=actor, goods=goods)

    def hand_over_reservations(self) -> None:
        reserved = Redemption.objects.filter(person=self.resident, status=RedemptionStatus.RESERVED)
        for redemption in reserved:
            shop.hand_over(actor=self.leader["dongfeng"], redemption=redemption)

    # ---- model stories ---------------------------------------------------------------------

    def story(self, key: str, index: int, quarter_day: dt.date) -> None:
        period = period_of(PeriodKind.QUARTER, quarter_day)
        top = top_list(period, community=self.org.communities[key], size=1)
        if not top:
            return
        person = Person.objects.get(pk=top[0].key)
        title, text = STORIES[index]
        stories.story_publish(
            actor=self.leader[key],
            person=person,
            title=title,
            story=text,
            period_kind=PeriodKind.QUARTER,
            period_day=quarter_day,
            consent=True,
            photo=_photo(self.rng, f"story-{key}.jpg"),
        )

    # ---- the plan --------------------------------------------------------------------------

    def plan(self) -> list[ExtraStep]:
        steps: list[ExtraStep] = []
        first = timezone.localtime(self.start).date() + dt.timedelta(days=1)
        last = timezone.localtime(self.now).date()
        week = first
        while week <= last:
            for key in KEYS:
                for _ in range(self.rng.randint(*DEEDS_PER_WEEK)):
                    day = week + dt.timedelta(days=self.rng.randint(0, 6))
                    if day > last:
                        continue
                    person = self.rng.choice(self.people[key])
                    moment = _daytime(day, self.rng)
                    steps.append((moment, partial(self.record, key, person, day)))
                if (week - first).days % 14 == 7:
                    day = week + dt.timedelta(days=self.rng.randint(0, 6))
                    steps.append((_daytime(day, self.rng), partial(self.redeem, key)))
            if (week - first).days % 28 == 0:
                day = week + dt.timedelta(days=2)
                steps.append((_daytime(day, self.rng), partial(self.self_report, day)))
            week += dt.timedelta(days=7)
        steps.extend(self._later_steps(last))
        return [(m, s) for m, s in steps if m <= self.now]

    def _later_steps(self, last: dt.date) -> list[ExtraStep]:
        previous_quarter = period_of(PeriodKind.QUARTER, last).previous().start
        later: list[tuple[int, Callable[[], object]]] = [
            (40, self.reserve),
            (33, self.hand_over_reservations),
            (20, partial(self.story, "dongfeng", 0, previous_quarter)),
            (12, partial(self.story, "taohua", 1, previous_quarter)),
            (3, self.reserve),
        ]
        return [(_daytime(last - dt.timedelta(days=d), self.rng), step) for d, step in later]


def seed(*, org: DemoOrg, rng: random.Random, now: dt.datetime) -> list[ExtraStep]:
    story = Story(org, rng, now)
    story.stock_shops()
    return story.plan()
