"""The transition table, exhaustively: every action from every status, through the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from lastmile.concerns import services
from lastmile.concerns.choices import TRANSITIONS, Diversion, Kind, Satisfaction, Status
from lastmile.concerns.models import Concern
from lastmile.concerns.services.imports import concern_import_reply
from lastmile.concerns.testing import ANONYMOUS, fresh, reach, submit
from lastmile.core.errors import TransitionNotAllowed
from lastmile.core.models import AuditEvent
from lastmile.orgs import services as org_services
from lastmile.orgs.selectors import Actor, actor_for_user
from lastmile.orgs.testing import World

Call = Callable[[World, Actor | None, Concern], Concern]


def _root(world: World) -> Actor:
    person = org_services.person_create(name="超级管理员", username="t_root", is_superuser=True)
    return actor_for_user(person.user)


def _who(world: World, actor: Actor | None, key: str) -> Actor:
    return actor or world.actor(key)


def _new_due(concern: Concern):
    return (concern.resolve_due or timezone.now()) + timedelta(days=7)


CALLS: dict[str, Call] = {
    "answer": lambda w, a, c: services.concern_answer(
        actor=_who(w, a, "dispatcher"), concern=c, answer="请到街道服务中心办理"
    ),
    "divert": lambda w, a, c: services.concern_divert(
        actor=_who(w, a, "dispatcher"), concern=c, case=Diversion.SECRET, note="涉及他人隐私"
    ),
    "dispatch": lambda w, a, c: services.concern_dispatch(
        actor=_who(w, a, "dispatcher"), concern=c, unit=w.units["housing"]
    ),
    "object": lambda w, a, c: services.concern_object(
        actor=_who(w, a, "handler"), concern=c, reason="本单位不负责此类事项，应由城管处理"
    ),
    "review_objection": lambda w, a, c: services.concern_objection_review(
        actor=_who(w, a, "dispatcher"), concern=c, upheld=False, note="职责清楚，仍由你单位办理"
    ),
    "sign": lambda w, a, c: services.concern_sign(actor=_who(w, a, "handler"), concern=c),
    "contact": lambda w, a, c: services.concern_contact(
        actor=_who(w, a, "handler"), concern=c, note="已电话联系居民"
    ),
    "request_extension": lambda w, a, c: services.concern_extension_request(
        actor=_who(w, a, "handler"),
        concern=c,
        reason="需要协调多个部门共同处理",
        new_due=_new_due(c),
    ),
    "decide_extension": lambda w, a, c: services.concern_extension_decide(
        actor=_who(w, a, "dispatcher"), concern=c, approve=True, note="同意"
    ),
    "request_stop": lambda w, a, c: services.concern_stop_request(
        actor=_who(w, a, "handler"), concern=c, reason="居民拒绝提供必要信息无法办理"
    ),
    "decide_stop": lambda w, a, c: services.concern_stop_decide(
        actor=_who(w, a, "supervisor"), concern=c, approve=True, note="核实属实"
    ),
    "reply": lambda w, a, c: services.concern_reply(
        actor=_who(w, a, "handler"), concern=c, text="已经处理完毕并告知居民结果", resolved=True
    ),
    "callback": lambda w, a, c: services.concern_callback(
        actor=a or ANONYMOUS,
        concern=c,
        contacted=True,
        resolved=True,
        satisfaction=Satisfaction.SATISFIED,
    ),
    "expire_callback": lambda w, a, c: services.concern_callback_expire(
        concern=c, now=timezone.now() + timedelta(days=60)
    ),
    "reopen": lambda w, a, c: services.concern_reopen(
        actor=_who(w, a, "supervisor"), concern=c, reason="居民再次反映问题没有解决"
    ),
    "import_reply": lambda w, a, c: concern_import_reply(
        actor=_who(w, a, "dispatcher"),
        concern=c,
        reply="经核实，已协调相关部门处理。",
        replied_at=timezone.now(),
    ),
    "merge": lambda w, a, c: services.concern_merge(
        actor=_who(w, a, "dispatcher"), concern=c, parent=submit(w, kind=Kind.CONSULT)
    ),
}


def test_every_action_has_a_service():
    assert set(CALLS) == set(TRANSITIONS)


@pytest.mark.parametrize("status", list(Status))
def test_forbidden_from_every_other_status(world, status):
    """From a status outside an action's sources the service refuses, naming the status."""
    concern = reach(world, status, kind=Kind.CONSULT)
    assert concern.status == status
    root = _root(world)
    label = str(Status(status).label)
    forbidden = [name for name, t in TRANSITIONS.items() if status not in t.sources]
    assert forbidden
    before = AuditEvent.objects.filter(object_type="concern", object_id=str(concern.pk)).count()
    for action in forbidden:
        with pytest.raises(TransitionNotAllowed) as info:
            CALLS[action](world, root, concern)
        assert label in str(info.value), (action, str(info.value))
        assert fresh(concern).status == status
    after = AuditEvent.objects.filter(object_type="concern", object_id=str(concern.pk)).count()
    assert after == before


ALLOWED = [(name, source) for name, t in TRANSITIONS.items() for source in sorted(t.sources)]


@pytest.mark.parametrize(("action", "source"), ALLOWED)
def test_allowed_from_each_source_writes_one_event(world, action, source):
    concern = reach(world, source, kind=Kind.CONSULT)
    version = concern.version
    last = AuditEvent.objects.order_by("-seq").first()
    result = CALLS[action](world, None, concern)
    transition = TRANSITIONS[action]
    expected = {transition.target} if transition.target else set(transition.targets)
    assert result.status in expected
    stored = fresh(concern)
    assert stored.status == result.status
    assert stored.version == version + 1
    events = AuditEvent.objects.filter(
        seq__gt=last.seq, object_type="concern", object_id=str(concern.pk)
    )
    assert [e.verb for e in events] == [f"concern.{action}"]
    event = events.get()
    assert event.data["from"] == source
    assert event.data["to"] == stored.status


def test_transition_events_keep_the_chain_valid(world):
    from lastmile.core import audit

    reach(world, Status.CLOSED)
    reach(world, Status.STOPPED)
    reach(world, Status.MERGED)
    assert audit.verify().ok
