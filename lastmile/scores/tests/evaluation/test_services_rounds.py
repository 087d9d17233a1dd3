"""民主评议 rounds: managers, cadres from the registers, transitions, one answer per person."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from lastmile.core.audit import verify
from lastmile.core.errors import Conflict, InvalidInput, NotPermitted, TransitionNotAllowed
from lastmile.core.models import AuditEvent
from lastmile.notify.models import Notification
from lastmile.orgs import services as org_services
from lastmile.orgs.choices import Role
from lastmile.scores.evaluation.models import RoundResponse
from lastmile.scores.evaluation.services import (
    round_close,
    round_create,
    round_open,
    round_respond,
)
from lastmile.scores.tests.evaluation.helpers import actor_of, resident

pytestmark = pytest.mark.django_db


def _street_admin(world):
    person = org_services.person_create(name="街道管理员", username="t_street_admin", password="x")
    org_services.membership_add(
        person=person, unit=world.units["street_gov"], role=Role.ADMIN, area=world.areas["street"]
    )
    return actor_of(person)


def test_cadres_come_from_posts_and_memberships(world, village):
    rnd = round_create(actor=world.actor("supervisor"), area=village.area, title="2026年第四季度")
    people = {c.person_id: c for c in rnd.cadres.all()}
    expected = {
        village.secretary.pk,
        *(p.pk for p in village.committee),
        *(p.pk for p in village.group_leaders),
        *(p.pk for p in village.representatives),
    }
    assert set(people) == expected
    secretary = people[village.secretary.pk]
    assert secretary.unit_id == village.unit.pk
    assert "党组织书记" in secretary.post or "书记" in secretary.post
    assert rnd.status == "draft"
    assert AuditEvent.objects.filter(verb="evaluation_round.create").count() == 1


def test_street_admin_may_open_a_round_for_a_community(world):
    rnd = round_create(actor=_street_admin(world), area=world.areas["c1"], title="2026年第四季度")
    assert {c.person for c in rnd.cadres.all()} == {
        world.people["c1_handler"],
        world.people["gridder"],
    }


@pytest.mark.parametrize("key", ["handler", "dispatcher", "c1_handler", "outsider"])
def test_others_cannot_create(world, key):
    with pytest.raises(NotPermitted):
        round_create(actor=world.actor(key), area=world.areas["c1"], title="2026年第四季度")


def test_admin_of_another_street_cannot_manage(world, village):
    other = org_services.area_create(
        name="别的街道", code="OS", level="street", parent=world.areas["district"]
    )
    unit = org_services.unit_create(name="别的街道办", code="OSU", kind="government", area=other)
    person = org_services.person_create(name="别的管理员", username="t_other_admin", password="x")
    org_services.membership_add(person=person, unit=unit, role=Role.ADMIN, area=other)
    with pytest.raises(NotPermitted):
        round_create(actor=actor_of(person), area=village.area, title="2026年第四季度")
    rnd = round_create(actor=world.actor("supervisor"), area=village.area, title="2026年第四季度")
    with pytest.raises(NotPermitted):
        round_open(actor=actor_of(person), rnd=rnd)


@pytest.mark.parametrize("title", ["", "   ", "年" * 61])
def test_title_is_checked(world, title):
    with pytest.raises(InvalidInput) as exc:
        round_create(actor=world.actor("supervisor"), area=world.areas["c1"], title=title)
    assert exc.value.field == "title"


def test_an_area_without_cadres_is_refused(world):
    empty = org_services.area_create(
        name="空社区", code="EMPTY", level="community", parent=world.areas["street"]
    )
    with pytest.raises(InvalidInput) as exc:
        round_create(actor=world.actor("supervisor"), area=empty, title="2026年第四季度")
    assert exc.value.field == "area"


def test_transitions_draft_open_closed(world, village):
    sup = world.actor("supervisor")
    rnd = round_create(actor=sup, area=village.area, title="2026年第四季度")
    with pytest.raises(TransitionNotAllowed) as exc:
        round_close(actor=sup, rnd=rnd)
    assert "草稿" in str(exc.value.message) or "Draft" in str(exc.value.message)
    rnd = round_open(actor=sup, rnd=rnd, expected_version=1)
    assert rnd.status == "open" and rnd.version == 2 and rnd.opened_at
    with pytest.raises(TransitionNotAllowed):
        round_open(actor=sup, rnd=rnd)
    with pytest.raises(Conflict):
        round_close(actor=sup, rnd=rnd, expected_version=1)
    rnd = round_close(actor=sup, rnd=rnd, expected_version=2)
    assert rnd.status == "closed" and rnd.closed_at
    for action in ("open", "close"):
        with pytest.raises(TransitionNotAllowed):
            (round_open if action == "open" else round_close)(actor=sup, rnd=rnd)
    verbs = list(
        AuditEvent.objects.filter(object_type="evaluation_round").values_list("verb", flat=True)
    )
    assert verbs == ["evaluation_round.create", "evaluation_round.open", "evaluation_round.close"]
    assert verify().ok


def test_opening_notifies_residents_of_the_area_only(world, village):
    inside = resident(world, "村里人", area="v1")
    outside = resident(world, "外面人", area="c2")
    rnd = round_create(actor=world.actor("supervisor"), area=village.area, title="2026年第四季度")
    round_open(actor=world.actor("supervisor"), rnd=rnd)
    notes = Notification.objects.filter(template="evaluation_round_open")
    assert set(notes.values_list("recipient_user_id", flat=True)) == {inside.user_id}
    assert outside.user_id not in set(notes.values_list("recipient_user_id", flat=True))
    assert notes.get().payload["title"] == "2026年第四季度"


def _open_round(world, village):
    sup = world.actor("supervisor")
    rnd = round_create(actor=sup, area=village.area, title="2026年第四季度")
    return round_open(actor=sup, rnd=rnd)


def test_one_response_per_person_per_round(world, village):
    rnd = _open_round(world, village)
    person = resident(world, "村民答卷", area="v1")
    cadre = rnd.cadres.first()
    round_respond(actor=actor_of(person), rnd=rnd, answers={cadre.pk: {"verdict": "satisfied"}})
    with pytest.raises(Conflict) as exc:
        round_respond(actor=actor_of(person), rnd=rnd, answers={cadre.pk: {"verdict": "satisfied"}})
    assert RoundResponse.objects.count() == 1
    assert exc.value.message


def test_response_uniqueness_is_in_the_database(world, village):
    rnd = _open_round(world, village)
    person = resident(world, "村民答卷", area="v1")
    RoundResponse.objects.create(round=rnd, person=person, submitted_at=rnd.opened_at)
    with pytest.raises(IntegrityError):
        RoundResponse.objects.create(round=rnd, person=person, submitted_at=rnd.opened_at)


def test_residents_outside_the_area_staff_and_anonymous_refused(world, village):
    rnd = _open_round(world, village)
    cadre = rnd.cadres.first()
    answers = {cadre.pk: {"verdict": "satisfied"}}
    with pytest.raises(NotPermitted):
        round_respond(actor=actor_of(resident(world, "外人", area="c1")), rnd=rnd, answers=answers)
    with pytest.raises(NotPermitted):
        round_respond(actor=world.actor("v_committee"), rnd=rnd, answers=answers)
    with pytest.raises(NotPermitted):
        round_respond(actor=world.actor("handler"), rnd=rnd, answers=answers)


def test_only_while_open(world, village):
    sup = world.actor("supervisor")
    rnd = round_create(actor=sup, area=village.area, title="2026年第四季度")
    person = resident(world, "村民答卷", area="v1")
    answers = {rnd.cadres.first().pk: {"verdict": "satisfied"}}
    with pytest.raises(InvalidInput):
        round_respond(actor=actor_of(person), rnd=rnd, answers=answers)
    rnd = round_close(actor=sup, rnd=round_open(actor=sup, rnd=rnd))
    with pytest.raises(InvalidInput):
        round_respond(actor=actor_of(person), rnd=rnd, answers=answers)


def test_needs_a_verdict_and_checks_each_answer(world, village):
    rnd = _open_round(world, village)
    person = resident(world, "村民答卷", area="v1")
    blank = {c.pk: {"verdict": ""} for c in rnd.cadres.all()}
    with pytest.raises(InvalidInput):
        round_respond(actor=actor_of(person), rnd=rnd, answers=blank)
    cadre = rnd.cadres.first()
    with pytest.raises(InvalidInput) as exc:
        round_respond(actor=actor_of(person), rnd=rnd, answers={cadre.pk: {"verdict": "ok"}})
    assert exc.value.field == f"c{cadre.pk}_verdict"
    assert not RoundResponse.objects.exists()


def test_a_cadre_living_in_the_area_skips_themselves(world, village):
    rnd = _open_round(world, village)
    person = resident(world, "新代表", area="v1")
    org_services.post_add(person=person, area=village.area, kind="representative")
    rnd2 = round_open(
        actor=world.actor("supervisor"),
        rnd=round_create(actor=world.actor("supervisor"), area=village.area, title="第二轮"),
    )
    own = rnd2.cadres.get(person=person)
    other = rnd2.cadres.exclude(person=person).first()
    response = round_respond(
        actor=actor_of(person),
        rnd=rnd2,
        answers={own.pk: {"verdict": "satisfied"}, other.pk: {"verdict": "satisfied"}},
    )
    assert list(response.answers.values_list("cadre_id", flat=True)) == [other.pk]
    assert rnd.pk != rnd2.pk
