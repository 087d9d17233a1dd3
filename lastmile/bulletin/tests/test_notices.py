"""Notice services: validation, sanitising, reach, the transition table, scheduling, expiry,
telling the audience once, attachments."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from PIL import Image

from lastmile.bulletin.choices import NOTICE_TRANSITIONS, NoticeStatus
from lastmile.bulletin.models import Notice
from lastmile.bulletin.selectors import audience_user_ids, notices_for_person
from lastmile.bulletin.services import notices
from lastmile.bulletin.tests.helpers import ago, draft, notice_input, published
from lastmile.core.errors import Conflict, InvalidInput, NotPermitted, TransitionNotAllowed
from lastmile.core.models import AuditEvent
from lastmile.notify.models import Notification
from lastmile.orgs import services as org_services
from lastmile.orgs.testing import PASSWORD

pytestmark = pytest.mark.django_db

INJECTION = (
    '<p onclick="steal()">停水<script>alert(1)</script><style>body{display:none}</style>'
    '<img src=x onerror="alert(2)"><a href="javascript:alert(3)">点此</a>'
    '<a href="https://www.gov.cn/">政策原文</a><iframe src="https://evil.example"></iframe></p>'
)


def test_body_is_sanitised_on_save(world):
    notice = draft(world, body=INJECTION)
    body = notice.body
    for bad in (
        "<script",
        "alert(1)",
        "<style",
        "display:none",
        "onerror",
        "onclick",
        "javascript:",
        "<img",
        "<iframe",
        "evil.example",
    ):
        assert bad not in body, bad
    assert "停水" in body and 'href="https://www.gov.cn/"' in body


def test_plain_text_becomes_paragraphs(world):
    notice = draft(world, body="第一段\n第二行\n\n第二段 <b>加粗</b>")
    assert notice.body.startswith("<p>第一段<br>第二行</p><p>第二段")


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"title": " "}, "title"),
        ({"title": "长" * 121}, "title"),
        ({"body": "<script>alert(1)</script>"}, "body"),
        ({"kind": "gossip"}, "kind"),
        ({"audience": "everyone"}, "audience"),
        ({"area": None}, "area"),
        ({"expires_at": ago(hours=1)}, "expires_at"),
    ],
)
def test_invalid_input_names_the_field(world, over, field):
    with pytest.raises(InvalidInput) as exc:
        draft(world, **over)
    assert exc.value.field == field


def test_reach(world):
    # A community worker writes for the community, not for the neighbour or the street.
    with pytest.raises(NotPermitted):
        draft(world, area=world.areas["c2"])
    with pytest.raises(NotPermitted):
        draft(world, area=world.areas["street"])
    # The street dispatcher covers both communities; the outsider (no membership) nothing.
    assert draft(world, who="dispatcher", area=world.areas["c2"]).unit == world.units["street_gov"]
    with pytest.raises(NotPermitted):
        draft(world, who="outsider")


def test_signed_by_the_nearest_unit(world):
    notice = draft(world, who="gridder", area=world.areas["c1g1"])
    assert notice.unit == world.units["c1_org"]
    assert notice.author == world.people["gridder"]


@pytest.mark.parametrize("status", NoticeStatus.values)
@pytest.mark.parametrize("action", sorted(NOTICE_TRANSITIONS))
def test_transition_table_exhaustive(world, status, action):
    notice = draft(world)
    Notice.objects.filter(pk=notice.pk).update(status=status)
    notice.refresh_from_db()
    actor = world.actor("c1_handler")
    run = {
        "publish": lambda: notices.notice_publish(actor=actor, notice=notice),
        "republish": lambda: notices.notice_republish(actor=actor, notice=notice),
        "withdraw": lambda: notices.notice_withdraw(actor=actor, notice=notice, reason="有误"),
    }[action]
    if status in NOTICE_TRANSITIONS[action].sources:
        assert run().status == NOTICE_TRANSITIONS[action].target
    else:
        with pytest.raises(TransitionNotAllowed) as exc:
            run()
        label = str(NoticeStatus(status).label)
        assert label in str(exc.value) or status in ("draft", "published", "withdrawn")


def test_refusal_names_the_status_in_chinese(world):
    notice = draft(world)
    with pytest.raises(TransitionNotAllowed) as exc:
        notices.notice_withdraw(actor=world.actor("c1_handler"), notice=notice)
    assert "草稿" in str(exc.value)


def test_stale_version_conflicts(world):
    notice = draft(world)
    with pytest.raises(Conflict):
        notices.notice_publish(
            actor=world.actor("c1_handler"), notice=notice, expected_version=notice.version + 1
        )


def test_each_change_is_audited(world):
    notice = published(world)
    notices.notice_withdraw(actor=world.actor("c1_handler"), notice=notice, reason="时间有误")
    verbs = list(
        AuditEvent.objects.filter(object_type="notice", object_id=str(notice.pk))
        .order_by("seq")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "bulletin.notice.create",
        "bulletin.notice.publish",
        "bulletin.notice.announce",
        "bulletin.notice.withdraw",
    ]


def _resident(world, name="东风居民", area="c1g1"):
    return org_services.person_create(
        name=name, home_area=world.areas[area], username=f"u_{name}", password=PASSWORD
    )


def test_publish_tells_the_audience_once_after_commit(world, django_capture_on_commit_callbacks):
    resident = _resident(world)
    outsider = _resident(world, "向阳居民", "c2g1")
    notice = draft(world)
    actor = world.actor("c1_handler")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notice = notices.notice_publish(actor=actor, notice=notice)
    assert callbacks, "delivery waits for the commit"
    told = Notification.objects.filter(template="notice_published")
    users = set(told.values_list("recipient_user_id", flat=True))
    assert resident.user_id in users
    assert outsider.user_id not in users
    assert world.people["c1_handler"].user_id not in users  # not the author
    first = told.count()
    # Withdraw and republish: nobody is told twice.
    notices.notice_withdraw(actor=actor, notice=notice)
    notices.notice_republish(actor=actor, notice=notice)
    assert told.count() == first
    assert told.filter(recipient_user=resident.user).count() == 1
    assert told.first().payload["url"] == f"/notices/{notice.pk}/"


def test_scheduled_notice_is_hidden_then_told_by_the_sweep(world):
    resident = _resident(world)
    at = timezone.now() + dt.timedelta(hours=2)
    notice = notices.notice_publish(
        actor=world.actor("c1_handler"), notice=draft(world), publish_at=at
    )
    assert notice.status == "published" and not notice.is_live()
    assert notices.notices_notify_due() == 0  # not yet
    assert not Notification.objects.filter(template="notice_published").exists()
    later = at + dt.timedelta(minutes=1)
    assert notices.notices_notify_due(now=later) >= 1
    assert notices.notices_notify_due(now=later) == 0  # idempotent
    assert Notification.objects.filter(recipient_user=resident.user).count() == 1


def test_publish_time_in_the_past_or_after_expiry_is_refused(world):
    actor = world.actor("c1_handler")
    with pytest.raises(InvalidInput) as exc:
        notices.notice_publish(actor=actor, notice=draft(world), publish_at=ago(days=1))
    assert exc.value.field == "publish_at"
    soon = timezone.now() + dt.timedelta(hours=1)
    notice = draft(world, expires_at=soon)
    with pytest.raises(InvalidInput):
        notices.notice_publish(actor=actor, notice=notice, publish_at=soon + dt.timedelta(hours=1))


def test_expired_notice_is_hidden(world):
    notice = published(world)
    assert notice.is_live()
    Notice.objects.filter(pk=notice.pk).update(expires_at=ago(minutes=1))
    notice.refresh_from_db()
    assert not notice.is_live()
    assert list(notices_for_person(None, since=ago(days=1))) == []


def test_update_keeps_rules(world):
    notice = draft(world)
    actor = world.actor("c1_handler")
    changed = notices.notice_update(
        actor=actor,
        notice=notice,
        data=notice_input(world, title="停水通知（更新）", body="<b>改期</b><script>x</script>"),
        expected_version=notice.version,
    )
    assert changed.title == "停水通知（更新）" and "<script" not in changed.body
    assert changed.version == notice.version + 1
    with pytest.raises(NotPermitted):
        notices.notice_update(
            actor=actor, notice=changed, data=notice_input(world, area=world.areas["c2"])
        )
    with pytest.raises(Conflict):
        notices.notice_update(
            actor=actor, notice=changed, data=notice_input(world), expected_version=1
        )


def test_audience_recipients(world, village):
    resident = _resident(world)
    member = village.members[-1]
    org_services.person_create  # noqa: B018 - members without logins are skipped
    cadres = draft(world, audience="cadres", area=world.areas["c1"])
    ids = set(audience_user_ids(cadres))
    assert world.people["c1_handler"].user_id in ids
    assert world.people["gridder"].user_id in ids
    assert world.people["c2_handler"].user_id not in ids
    assert resident.user_id not in ids
    party = draft(world, who="v_secretary", audience="party_members", area=village.area)
    ids = set(audience_user_ids(party))
    assert village.secretary.user_id in ids and member.user_id is None
    assert resident.user_id not in ids
    public = draft(world, audience="public", area=world.areas["c1"])
    ids = set(audience_user_ids(public))
    assert {resident.user_id, world.people["c1_handler"].user_id} <= ids


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, format="PNG")
    return out.getvalue()


# Header, an object, a trailer and the end marker: passes the upload structure check.
MINI_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_attachments_checked_by_content(world):
    notice = draft(world)
    actor = world.actor("c1_handler")
    pdf = notices.notice_attach(actor=actor, notice=notice, name="政策原文.pdf", content=MINI_PDF)
    assert pdf.content_type == "application/pdf"
    png = notices.notice_attach(actor=actor, notice=notice, name="海报.png", content=_png())
    assert png.content_type == "image/png"
    with pytest.raises(InvalidInput) as exc:
        notices.notice_attach(actor=actor, notice=notice, name="假的.pdf", content=b"MZ\x90\x00")
    assert exc.value.field == "attachment"
    with pytest.raises(NotPermitted):
        notices.notice_attach(
            actor=world.actor("c2_handler"), notice=notice, name="a.pdf", content=b"%PDF-1.4"
        )
    notices.notice_detach(actor=actor, attachment=png)
    assert list(notice.attachments.all()) == [pdf]


def test_periodic_task_tells_due_scheduled_notices(world):
    from lastmile.bulletin.tasks import notify_due_notices

    resident = _resident(world)
    notice = notices.notice_publish(
        actor=world.actor("c1_handler"),
        notice=draft(world),
        publish_at=timezone.now() + dt.timedelta(minutes=30),
    )
    assert notify_due_notices.call() == 0
    Notice.objects.filter(pk=notice.pk).update(published_at=ago(minutes=1))
    assert notify_due_notices.call() >= 1
    assert notify_due_notices.call() == 0
    assert Notification.objects.filter(recipient_user=resident.user).count() == 1
