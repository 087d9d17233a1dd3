"""Deletion requests and erasing a person's identity: texts and the audit chain stay, every
identity field goes; refused while a concern is open; scoped to the admins of the home area."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from lastmile.bulletin.models import BoardPost
from lastmile.bulletin.services.board import PostInput, post_submit
from lastmile.concerns.choices import Status
from lastmile.concerns.models import Concern
from lastmile.concerns.testing import reach
from lastmile.core.audit import verify
from lastmile.core.errors import Conflict, InvalidInput, NotPermitted, TransitionNotAllowed
from lastmile.core.models import AuditEvent
from lastmile.notify.models import Notification
from lastmile.notify.services import notify
from lastmile.orgs.models import Person
from lastmile.privacy.models import DeletionRequest
from lastmile.privacy.selectors import my_data, request_qs_for_actor
from lastmile.privacy.services import (
    deletion_request_approve,
    deletion_request_create,
    deletion_request_refuse,
    privacy_erase_identity,
)
from lastmile.privacy.tests.helpers import (
    PHONE,
    actor_of,
    other_street_admin,
    raise_concern,
    resident,
    street_admin,
)
from lastmile.wishes.models import Wish
from lastmile.wishes.services.collect import wish_submit

pytestmark = pytest.mark.django_db


def _closed_concern_of(world, person):
    concern = reach(world, Status.CLOSED)
    Concern.objects.filter(pk=concern.pk).update(
        resident_name=person.name,
        resident_phone=PHONE,
        address="东风路12号",
        resident_user=person.user,
        resident_openid="oWX-1",
    )
    return Concern.objects.get(pk=concern.pk)


def _everything(world, person):
    concern = _closed_concern_of(world, person)
    post = post_submit(
        actor=actor_of(person),
        data=PostInput(
            kind="question",
            title="垃圾清运时间",
            text="请问每天几点清运垃圾？",
            area=world.areas["c1"],
            name=person.name,
            phone=PHONE,
        ),
    )
    wish = wish_submit(
        actor=actor_of(person),
        channel="online",
        community=world.areas["c1"],
        title="想要一台助听器",
        value="300",
        beneficiary_name=person.name,
        beneficiary_phone=PHONE,
        beneficiary_address="东风路12号",
    ).wish
    notify(
        channel="sms",
        template="concern_closed",
        payload={"code": concern.code},
        user=person.user,
        phone=PHONE,
    )
    return concern, post, wish


def test_my_data_gathers_every_kind(world):
    person = resident(world)
    concern, post, wish = _everything(world, person)
    sections = {s.key: s for s in my_data(person)}
    assert {
        "account",
        "households",
        "concerns",
        "ratings",
        "evaluations",
        "board_posts",
        "wishes",
        "merits",
        "study",
        "notifications",
    } <= set(sections)
    assert sections["concerns"].rows[0]["code"] == concern.code
    assert sections["concerns"].rows[0]["timeline"]
    assert sections["board_posts"].rows[0]["title"] == post.title
    assert sections["wishes"].rows[0]["code"] == wish.code
    assert any(r["value"] == PHONE for r in sections["account"].rows)
    assert sections["notifications"].rows


def test_erase_blanks_identity_keeps_texts_and_chain(world):
    person = resident(world)
    concern, post, wish = _everything(world, person)
    raised = raise_concern(world, person)
    Concern.objects.filter(pk=raised.pk).update(status=Status.CLOSED)
    admin = street_admin(world)
    before = AuditEvent.objects.count()
    counts = privacy_erase_identity(actor=admin, person=person)
    assert counts["concerns"] == 2 and counts["board_posts"] == 1 and counts["wishes"] == 1
    for c in Concern.objects.filter(pk__in=[concern.pk, raised.pk]):
        assert (c.resident_name, c.resident_phone, c.address, c.resident_openid) == (
            "已删除",
            "",
            "",
            "",
        )
        assert c.text  # the text stays
        for name in ("resident_phone_hash", "resident_openid_hash", "address_hash"):
            if hasattr(c, name):
                assert getattr(c, name) in ("", None) or getattr(c, name) != "x"
    assert Concern.objects.get(pk=raised.pk).text == "小区门口路灯坏了三天"
    post = BoardPost.objects.get(pk=post.pk)
    assert (post.name, post.phone, post.text) == ("已删除", "", "请问每天几点清运垃圾？")
    wish = Wish.objects.get(pk=wish.pk)
    assert (wish.beneficiary_name, wish.beneficiary_phone, wish.beneficiary_address) == (
        "已删除",
        "",
        "",
    )
    assert wish.title == "想要一台助听器"
    n = Notification.objects.get(template="concern_closed")
    assert (n.recipient_phone, n.recipient_openid, n.recipient_email) == ("", "", "")
    person = Person.objects.get(pk=person.pk)
    assert (person.name, person.phone) == ("已删除", "")
    user = get_user_model().objects.get(pk=person.user_id)
    assert not user.is_active and user.username.startswith("deleted-")
    erase_events = AuditEvent.objects.filter(verb="privacy.erase")
    assert erase_events.count() == AuditEvent.objects.count() - before
    assert {e.data["kind"] for e in erase_events} >= {
        "concerns",
        "board_posts",
        "wishes",
        "person",
        "login",
        "notifications",
    }
    assert all(PHONE not in str(e.data) for e in erase_events)
    assert verify().ok


def test_phone_hash_is_blanked_too(world):
    person = resident(world)
    concern = _closed_concern_of(world, person)
    privacy_erase_identity(actor=street_admin(world), person=person)
    concern = Concern.objects.get(pk=concern.pk)
    if hasattr(concern, "resident_phone_hash"):
        from lastmile.core.fields import with_hash_values

        old = with_hash_values(Concern, resident_phone=PHONE)["resident_phone_hash"]
        assert concern.resident_phone_hash != old
        assert not Concern.objects.filter(resident_phone_hash=old).exists()


def test_erase_refused_while_a_concern_is_open(world):
    person = resident(world)
    open_one = raise_concern(world, person)
    with pytest.raises(InvalidInput) as exc:
        privacy_erase_identity(actor=street_admin(world), person=person)
    assert open_one.code in str(exc.value.message)
    assert "关闭" in str(exc.value.message)
    assert Person.objects.get(pk=person.pk).name == "王小明"


def test_request_then_approve(world):
    person = resident(world)
    _closed_concern_of(world, person)
    req = deletion_request_create(actor=actor_of(person), reason="搬家了，不再使用")
    assert req.area == world.areas["c1"] and req.status == "pending"
    with pytest.raises(Conflict):
        deletion_request_create(actor=actor_of(person), reason="再问一次")
    admin = street_admin(world)
    req = deletion_request_approve(actor=admin, req=req, expected_version=1)
    assert req.status == "approved" and req.decided_by == admin.person
    assert Person.objects.get(pk=person.pk).name == "已删除"
    assert Notification.objects.filter(
        template="privacy_erasure_done", recipient_user=person.user
    ).exists()
    with pytest.raises(TransitionNotAllowed):
        deletion_request_refuse(actor=admin, req=req, reason="晚了")
    verbs = list(
        AuditEvent.objects.filter(object_type="deletion_request").values_list("verb", flat=True)
    )
    assert verbs == ["privacy.request", "privacy.approve"]
    assert verify().ok


def test_approve_with_an_open_concern_changes_nothing(world):
    person = resident(world)
    raise_concern(world, person)
    req = deletion_request_create(actor=actor_of(person), reason="不想用了")
    with pytest.raises(InvalidInput):
        deletion_request_approve(actor=street_admin(world), req=req)
    assert DeletionRequest.objects.get(pk=req.pk).status == "pending"
    assert Person.objects.get(pk=person.pk).name == "王小明"


def test_refuse_needs_a_reason_and_tells_the_resident(world):
    person = resident(world)
    req = deletion_request_create(actor=actor_of(person), reason="不想用了")
    admin = street_admin(world)
    with pytest.raises(InvalidInput) as exc:
        deletion_request_refuse(actor=admin, req=req, reason=" ")
    assert exc.value.field == "decision_reason"
    req = deletion_request_refuse(actor=admin, req=req, reason="您的诉求仍在办理中")
    assert req.status == "refused"
    note = Notification.objects.get(template="privacy_erasure_refused")
    assert (
        note.recipient_user_id == person.user_id and note.payload["reason"] == "您的诉求仍在办理中"
    )
    # after a refusal the resident may ask again
    assert deletion_request_create(actor=actor_of(person), reason="再次申请").status == "pending"


def test_request_needs_a_reason_and_a_resident(world):
    person = resident(world)
    with pytest.raises(InvalidInput) as exc:
        deletion_request_create(actor=actor_of(person), reason="")
    assert exc.value.field == "reason"
    with pytest.raises(NotPermitted):
        deletion_request_create(actor=world.actor("handler"), reason="不想干了")


def test_admin_of_another_street_can_neither_see_nor_decide(world):
    person = resident(world)
    req = deletion_request_create(actor=actor_of(person), reason="不想用了")
    other = other_street_admin(world)
    assert not request_qs_for_actor(other).exists()
    with pytest.raises(NotPermitted):
        deletion_request_approve(actor=other, req=req)
    with pytest.raises(NotPermitted):
        deletion_request_refuse(actor=other, req=req, reason="不行")
    assert request_qs_for_actor(world.actor("admin")).get() == req  # the district admin
    assert DeletionRequest.objects.get(pk=req.pk).status == "pending"


def test_non_admin_staff_cannot_see_requests(world):
    from django.http import Http404

    with pytest.raises(Http404):
        request_qs_for_actor(world.actor("dispatcher"))
