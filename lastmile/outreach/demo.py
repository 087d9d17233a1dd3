"""The outreach part of the demo community (``LASTMILE["DEMO_EXTENSIONS"]``).

At once: each community's party secretary links its cadres to households up to their quotas
(secretary 5, committee members 3, group leaders 2, some party members 1), priority households
first; a few households stay without a contact cadre. Over the past six months (timed steps): the
committee members visit about 20 households a month (those without a login are recorded by the
secretary, 代录, and fall behind), others visit their linked households every two or three
months; notes of leaking roofs, elderly people living alone, young people looking for work…;
promises are kept (a few go overdue); some notes become concerns (channel 走访) that the
community's organisation handles. A few priority households are left unvisited lately, so the
coverage list has gaps.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

from django.utils import timezone

from lastmile.concerns import services as concern_services
from lastmile.concerns.choices import Satisfaction
from lastmile.concerns.demo.org import DemoOrg
from lastmile.concerns.demo.timeline import ExtraStep
from lastmile.concerns.models import Concern
from lastmile.orgs.choices import TWO_COMMITTEES, PostKind
from lastmile.orgs.models import Area, Household, Person
from lastmile.orgs.selectors import Actor, actor_for_user
from lastmile.outreach import services
from lastmile.outreach.demo_notes import (
    PEOPLE_MET,
    ROUTINE,
    TO_CONCERN,
    VILLAGE,
    WITH_FOLLOWUP,
    Note,
)
from lastmile.outreach.models import FollowUp, Visit
from lastmile.outreach.selectors.cadres import quota_for

MONTHS = 6
UNLINKED_SHARE = 0.15  # households left without a contact cadre
NEGLECTED_PER_COMMUNITY = 2  # priority households nobody has visited lately
RESIDENT = Actor(user_id=None, label="resident")


def seed(*, org: DemoOrg, rng: random.Random, now: datetime) -> list[ExtraStep]:
    steps: list[ExtraStep] = []
    for key, community in org.communities.items():
        story = CommunityStory(org, key, community, rng, now)
        story.link()
        steps.extend(story.visits())
    return steps


class CommunityStory:
    def __init__(
        self, org: DemoOrg, key: str, community: Area, rng: random.Random, now: datetime
    ) -> None:
        self.org, self.key, self.community, self.rng, self.now = org, key, community, rng, now
        self.households = [h for h in org.households if h.area.parent_id == community.pk]
        self.secretary = actor_for_user(org.people[f"l_{key}"].user)
        self.links: dict[int, list[Household]] = {}
        self.people: dict[int, Person] = {}
        self.actors: dict[int, Actor] = {}

    # ---- links, at once ----------------------------------------------------------------------

    def _cadres(self) -> list[Person]:
        posts = self.org.posts.get(self.key, {})
        order = [
            PostKind.PARTY_SECRETARY,
            PostKind.VC_CHAIR,
            PostKind.PARTY_COMMITTEE,
            PostKind.VC_MEMBER,
            PostKind.PARTY_GROUP_LEADER,
        ]
        seen: dict[int, Person] = {}
        for kind in order:
            for person in posts.get(kind.value, []):
                seen.setdefault(person.pk, person)
        members = [p for p in self.org.party_members.get(self.key, []) if p.pk not in seen]
        for person in members[:6]:
            seen.setdefault(person.pk, person)
        return list(seen.values())

    def link(self) -> None:
        priority = [h for h in self.households if h.is_hardship or h.is_wubao]
        others = [h for h in self.households if h not in priority]
        self.rng.shuffle(others)
        keep_free = int(len(self.households) * UNLINKED_SHARE)
        pool = priority + others[: max(0, len(others) - keep_free)]
        for person in self._cadres():
            self.people[person.pk] = person
            quota = quota_for(person, self.community).limit
            mine = [pool.pop(0) for _ in range(min(quota, len(pool)))]
            for household in mine:
                services.link_household(actor=self.secretary, household=household, cadre=person)
            self.links[person.pk] = mine

    # ---- visits, over time -------------------------------------------------------------------

    def _actor(self, person: Person) -> tuple[Actor, Person | None]:
        """The cadre's own login, or the secretary recording for them (代录)."""
        if person.user_id is None:
            return self.secretary, person
        if person.pk not in self.actors:
            self.actors[person.pk] = actor_for_user(person.user)
        return self.actors[person.pk], None

    def _moment(self, day: datetime) -> datetime:
        local = timezone.localtime(day)
        return local.replace(hour=self.rng.randint(9, 17), minute=self.rng.randint(0, 59), second=0)

    def visits(self) -> list[ExtraStep]:
        start = self.now - timedelta(days=30 * MONTHS)
        priority = [h.pk for h in self.households if h.is_hardship or h.is_wubao]
        neglected = set(priority[:NEGLECTED_PER_COMMUNITY])
        steps: list[ExtraStep] = []
        committee = {
            p.pk
            for kind in TWO_COMMITTEES
            for p in self.org.posts.get(self.key, {}).get(str(kind), [])
        }
        for pk, person in self.people.items():
            if pk in committee:
                steps += self._committee_visits(person, start, neglected)
            else:
                steps += self._linked_visits(person, start, neglected)
        return steps

    def _committee_visits(
        self, person: Person, start: datetime, neglected: set[int]
    ) -> list[ExtraStep]:
        own = person.user_id is not None
        steps = []
        for month in range(MONTHS):
            recent = month >= MONTHS - 3
            if own:  # on target lately; the log was kept less strictly at first
                count = self.rng.randint(19, 25) if recent else self.rng.randint(14, 22)
            else:  # kept on paper, recorded by the secretary: behind
                count = self.rng.randint(5, 12)
            choices = [h for h in self.households if not (recent and h.pk in neglected)]
            mine = [h for h in self.links.get(person.pk, []) if h in choices]
            others = [h for h in choices if h not in mine]
            picked = mine + self.rng.sample(others, min(len(others), max(0, count - len(mine))))
            for household in picked:
                day = start + timedelta(days=30 * month + self.rng.randint(0, 29))
                steps.append((self._moment(day), self._visit_step(person, household)))
        return steps

    def _linked_visits(
        self, person: Person, start: datetime, neglected: set[int]
    ) -> list[ExtraStep]:
        steps = []
        for household in self.links.get(person.pk, []):
            day = start + timedelta(days=self.rng.randint(0, 40))
            while day < self.now:
                if not (household.pk in neglected and day > self.now - timedelta(days=100)):
                    steps.append((self._moment(day), self._visit_step(person, household)))
                day += timedelta(days=self.rng.randint(50, 100))
        return steps

    def _note(self) -> Note:
        roll = self.rng.random()
        if roll < 0.07:
            return self.rng.choice(TO_CONCERN)
        if roll < 0.3:
            return self.rng.choice(WITH_FOLLOWUP)
        if self.community.is_village and roll < 0.45:
            return self.rng.choice(VILLAGE)
        return self.rng.choice(ROUTINE)

    def _visit_step(self, person: Person, household: Household) -> Callable[[], object]:
        def step() -> list[ExtraStep]:
            note = self._note()
            actor, visitor = self._actor(person)
            today = timezone.localdate()
            followups = []
            if note.followup:
                due = today + timedelta(days=self.rng.randint(3, 14))
                followups.append(services.NewFollowUp(note.followup, due))
            visit = services.visit_log(
                actor=actor,
                household=household,
                visited_on=today,
                people_met=self.rng.choice(PEOPLE_MET),
                heard=note.heard,
                help_given=note.help_given,
                followups=followups,
                visitor=visitor,
            )
            return self._after_visit(actor, visit, note)

        return step

    def _after_visit(self, actor: Actor, visit: Visit, note: Note) -> list[ExtraStep]:
        moment = timezone.now()
        more: list[ExtraStep] = []
        for followup in visit.followups.all():
            if self.rng.random() < 0.85:  # most promises are kept, some before the due date
                late = self.rng.randint(-10, 1)
                when = moment + timedelta(
                    days=max(1, (followup.due - visit.visited_on).days + late)
                )
                more.append((when, self._done_step(actor, followup)))
        if note.concern_kind:
            more.append((moment + timedelta(hours=2), self._convert_step(actor, visit, note)))
        return more

    def _done_step(self, actor: Actor, followup: FollowUp) -> Callable[[], object]:
        def step() -> None:
            services.followup_complete(actor=actor, followup=followup, note="已办好，已告知户主")

        return step

    def _convert_step(self, actor: Actor, visit: Visit, note: Note) -> Callable[[], object]:
        def step() -> list[ExtraStep]:
            result = services.visit_to_concern(
                actor=actor, visit=visit, kind=note.concern_kind, text=note.concern_text
            )
            return [(timezone.now() + timedelta(hours=1), self._handle(result.concern, 0))]

        return step

    def _handle(self, concern: Concern, stage: int) -> Callable[[], object]:
        """Dispatch to the community's organisation, sign, contact, reply, callback."""
        org = self.org

        def step() -> list[ExtraStep]:
            unit = org.units[f"{self.key}_org"]
            handler = actor_for_user(org.people[f"h_{self.key}"].user)
            fresh = Concern.objects.get(pk=concern.pk)
            if stage == 0:
                concern_services.concern_dispatch(
                    actor=actor_for_user(org.people["dispatcher"].user), concern=fresh, unit=unit
                )
            elif stage == 1:
                concern_services.concern_sign(actor=handler, concern=fresh)
            elif stage == 2:
                concern_services.concern_contact(
                    actor=handler, concern=fresh, note="已电话联系户主，约定上门时间"
                )
            elif stage == 3:
                concern_services.concern_reply(
                    actor=handler,
                    concern=fresh,
                    text="已联系相关单位上门处理，问题已解决，户主表示认可。",
                    resolved=True,
                )
            else:
                concern_services.concern_callback(
                    actor=RESIDENT,
                    concern=fresh,
                    contacted=True,
                    resolved=True,
                    satisfaction=self.rng.choice(
                        [
                            Satisfaction.SATISFIED,
                            Satisfaction.SATISFIED,
                            Satisfaction.MOSTLY_SATISFIED,
                        ]
                    ),
                    comment="联系干部跑前跑后，谢谢！",
                )
                return []
            delay = [
                timedelta(hours=1),
                timedelta(hours=3),
                timedelta(days=self.rng.randint(2, 5)),
                timedelta(days=1),
            ][stage]
            return [(timezone.now() + delay, self._handle(concern, stage + 1))]

        return step


__all__ = ["seed"]
