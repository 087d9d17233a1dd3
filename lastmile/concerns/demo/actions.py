"""Each demo action is one call of a real concern service, by the person who would do it."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.utils import timezone

from lastmile.concerns import services
from lastmile.concerns.choices import Channel, Diversion, Satisfaction
from lastmile.concerns.demo import phrases
from lastmile.concerns.demo.org import DemoOrg
from lastmile.concerns.demo.plan import Plan
from lastmile.concerns.models import Concern
from lastmile.core import workcal
from lastmile.core.errors import InvalidInput
from lastmile.orgs.selectors import Actor, actor_for_user

RESIDENT = Actor(user_id=None, label="anonymous")
STAFF_CHANNELS = frozenset({Channel.OPERATOR, Channel.VISIT, Channel.IMPORT})


@dataclass
class Actors:
    dispatcher: Actor
    supervisor: Actor
    handlers: dict[int, Actor]  # unit pk → a handler of that unit
    org: DemoOrg

    @classmethod
    def load(cls, org: DemoOrg) -> Actors:
        def of(key: str) -> Actor:
            return actor_for_user(org.people[key].user)

        return cls(
            dispatcher=of("dispatcher"),
            supervisor=of("supervisor"),
            handlers={pk: of(key) for pk, key in org.handler_for_unit.items()},
            org=org,
        )

    def handler(self, plan: Plan) -> Actor:
        assert plan.concern is not None
        return self.handlers[plan.concern.lead_unit_id]  # type: ignore[index]


def submit(plan: Plan, actors: Actors, rng: random.Random) -> bool:
    result = services.concern_submit(
        actor=actors.dispatcher if plan.channel in STAFF_CHANNELS else RESIDENT,
        channel=plan.channel,
        kind=plan.kind,
        urgency=plan.urgency,
        title=plan.message.title,
        text=plan.message.text,
        category=plan.category,
        area=plan.grid,
        address=plan.address,
        lat=plan.lat,
        lng=plan.lng,
        resident_name=plan.resident_name,
        resident_phone=plan.resident_phone,
    )
    if not result.created:
        raise InvalidInput("duplicate submission")
    plan.concern = result.concern
    return True


def _other_unit(actors: Actors, plan: Plan) -> object:
    units = actors.org.units
    assert plan.concern is not None
    street = units["street_gov"]
    return units["housing"] if plan.concern.lead_unit_id == street.pk else street


def _callback(plan: Plan, actors: Actors, rng: random.Random, action: str) -> None:
    by_staff = rng.random() < 0.25
    happy = action != "cb_dissatisfied"
    satisfaction = {
        "cb_satisfied": Satisfaction.SATISFIED,
        "cb_mostly": Satisfaction.MOSTLY_SATISFIED,
        "cb_dissatisfied": Satisfaction.DISSATISFIED,
    }[action]
    plan.concern = services.concern_callback(
        actor=actors.dispatcher if by_staff else RESIDENT,
        concern=plan.concern,  # type: ignore[arg-type]
        contacted=happy or rng.random() < 0.7,
        resolved=happy or rng.random() < 0.3,
        satisfaction=satisfaction,
        comment=rng.choice(phrases.COMMENTS if happy else phrases.COMPLAINTS),
        by_staff=by_staff,
    )


def run_action(plan: Plan, action: str, actors: Actors, rng: random.Random) -> None:
    c = plan.concern
    assert c is not None
    d = actors.dispatcher
    say = rng.choice
    if action.startswith("cb_"):
        _callback(plan, actors, rng, action)
        return
    if action == "dispatch":
        c = services.concern_dispatch(actor=d, concern=c)
    elif action == "answer":
        c = services.concern_answer(actor=d, concern=c, answer=say(phrases.ANSWER))
    elif action == "divert":
        parent = plan.parent.concern if plan.parent else None
        cases = [k for k in Diversion.values if k != Diversion.REPEAT or parent is not None]
        case = say(cases)
        c = services.concern_divert(
            actor=d,
            concern=c,
            case=case,
            note=phrases.DIVERSION_NOTES[Diversion(case)],
            repeat_of=parent if case == Diversion.REPEAT else None,
        )
    elif action == "merge":
        if plan.parent is None or plan.parent.concern is None:
            raise InvalidInput("no parent to merge into")
        c = services.concern_merge(actor=d, concern=c, parent=plan.parent.concern)
    else:
        c = _unit_action(plan, action, actors, rng)
    plan.concern = c


def _unit_action(plan: Plan, action: str, actors: Actors, rng: random.Random) -> Concern:
    c = plan.concern
    assert c is not None
    d, say = actors.dispatcher, rng.choice
    if action == "sign":
        return services.concern_sign(actor=actors.handler(plan), concern=c)
    if action == "object":
        return services.concern_object(
            actor=actors.handler(plan), concern=c, reason=say(phrases.OBJECTION)
        )
    if action in ("review_upheld", "review_rejected"):
        upheld = action == "review_upheld"
        return services.concern_objection_review(
            actor=d,
            concern=c,
            upheld=upheld,
            note=phrases.REVIEW_NOTE[0 if upheld else 1],
            new_unit=_other_unit(actors, plan) if upheld else None,  # type: ignore[arg-type]
        )
    if action == "contact":
        return services.concern_contact(
            actor=actors.handler(plan), concern=c, note=say(phrases.CONTACT)
        )
    if action == "ext_request":
        if c.resolve_due is None or c.resolve_due <= timezone.now():
            plan.extra["no_extension"] = True  # too late to ask (e.g. a 24-hour utilities case)
            return c
        return services.concern_extension_request(
            actor=actors.handler(plan),
            concern=c,
            reason=say(phrases.EXTENSION),
            new_due=workcal.add_working_days(c.resolve_due, 5),
        )
    if action == "ext_approve":
        if plan.extra.get("no_extension"):
            return c
        return services.concern_extension_decide(actor=d, concern=c, approve=True, note="同意延期")
    if action == "stop_request":
        return services.concern_stop_request(
            actor=actors.handler(plan), concern=c, reason=say(phrases.STOP)
        )
    if action == "stop_approve":
        return services.concern_stop_decide(
            actor=actors.supervisor, concern=c, approve=True, note=say(phrases.STOP_NOTE)
        )
    if action == "reply":
        resolved = rng.random() < 0.93
        return services.concern_reply(
            actor=actors.handler(plan),
            concern=c,
            text=say(phrases.REPLY if resolved else phrases.REPLY_UNRESOLVED),
            resolved=resolved,
        )
    raise ValueError(f"unknown demo action {action}")
