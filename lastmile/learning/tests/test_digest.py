"""The member digest: one per member per period, nothing sent when nothing is new, sent through
notifications, readable only by its member."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from lastmile.core.models import AuditEvent
from lastmile.learning import services
from lastmile.learning.models import Digest
from lastmile.learning.selectors.digest import current_period
from lastmile.learning.tasks import send_digests_task
from lastmile.notify.models import Notification
from lastmile.orgs.testing import PASSWORD

pytestmark = pytest.mark.django_db

MONDAY_7 = timezone.make_aware(dt.datetime(2026, 11, 23, 7, 0))


def at(clock, moment):
    if moment > clock.moment:
        clock.set(moment)


def sent_to(person):
    return Notification.objects.filter(recipient_user=person.user, template="member_digest")


def test_periods_follow_the_settings():
    wednesday = timezone.make_aware(dt.datetime(2026, 11, 25, 10, 0))
    weekly = current_period("weekly", wednesday)
    assert weekly.key == "W2026-11-23" and weekly.moment == MONDAY_7
    early_monday = timezone.make_aware(dt.datetime(2026, 11, 23, 6, 59))
    assert current_period("weekly", early_monday).key == "W2026-11-16"
    assert current_period("weekly", MONDAY_7).key == "W2026-11-23"
    assert current_period("daily", wednesday).key == "D2026-11-25"
    assert current_period("daily", wednesday.replace(hour=6)).key == "D2026-11-24"


def test_a_new_task_makes_a_digest_once(clock, learn):
    """The course was assigned this week: the member's digest lists it and is sent in-app."""
    run = services.digests_send()
    digest = Digest.objects.get(person=learn.member, is_empty=False)
    assert digest.period_key == "W2026-11-23"
    assert [t["title"] for t in digest.content["tasks"]] == ["党章学习"]
    assert digest.content["tasks"][0]["new"] is True
    notes = sent_to(learn.member)
    assert notes.count() == 1 and notes.get().channel == "inapp"
    assert notes.get().payload["url"] == f"/learn/digest/{digest.pk}/"
    assert run.sent >= 1
    again = services.digests_send()
    assert (again.sent, again.empty) == (0, 0)  # run twice: still one digest each
    assert Digest.objects.filter(person=learn.member).count() == 1
    assert sent_to(learn.member).count() == 1
    assert AuditEvent.objects.filter(verb="learning.digest_sent").count() == run.sent


def test_quiet_members_get_no_digest(clock, learn):
    services.digests_send()
    assert not Digest.objects.filter(person=learn.c1_member, is_empty=False).exists()
    assert not sent_to(learn.c1_member).exists()
    # Looked at once per period: the next run does nothing for them.
    assert Digest.objects.filter(person=learn.c1_member, is_empty=True).count() == 1


def test_an_old_task_not_due_soon_is_not_news(clock, learn):
    services.digests_send()
    at(clock, MONDAY_7 + dt.timedelta(days=7, minutes=5))  # next Monday
    services.digests_send()
    # Assigned last week, due in 12 days (after the next digest): nothing new this week.
    assert Digest.objects.filter(person=learn.member, is_empty=False).count() == 1
    at(clock, MONDAY_7 + dt.timedelta(days=14, minutes=5))  # due within the coming week
    services.digests_send()
    latest = Digest.objects.filter(person=learn.member, is_empty=False).first()
    assert latest.period_key == "W2026-12-07"
    assert latest.since == Digest.objects.filter(person=learn.member, is_empty=False).last().until


def test_completed_courses_are_not_tasks(clock, learn):
    services.quiz_submit(
        actor=learn.actor("member"), course=learn.course, answers=learn.right_answers()
    )
    for item in (learn.article, learn.video):
        services.study_beat(actor=learn.actor("member"), item=item, seconds=0, start=True)
        for _ in range(4):
            clock.set(clock.moment + dt.timedelta(seconds=30))
            services.study_beat(actor=learn.actor("member"), item=item, seconds=30)
    services.digests_send()
    assert not Digest.objects.filter(person=learn.member, is_empty=False).exists()


def test_daily_members_and_extra_channels(clock, learn):
    learn.member.phone = "13900001111"
    learn.member.save(update_fields=["phone"])
    learn.member.user.email = "member@example.org"
    learn.member.user.save(update_fields=["email"])
    services.preference_set(actor=learn.actor("member"), frequency="daily")
    services.digests_send()
    digest = Digest.objects.get(person=learn.member)
    assert digest.period_key == "D2026-11-25" and digest.frequency == "daily"
    # In-app always; email and SMS go to the notify app, which applies the member's channel
    # preferences and quiet hours at delivery (so every message names the member's login).
    channels = sorted(sent_to(learn.member).values_list("channel", flat=True))
    assert channels == ["email", "inapp", "sms"]
    sms = sent_to(learn.member).get(channel="sms")
    assert sms.recipient_phone == "13900001111"
    assert sent_to(learn.member).get(channel="email").recipient_email == "member@example.org"


def test_preference_checks(learn):
    from lastmile.core.errors import InvalidInput, NotPermitted

    with pytest.raises(InvalidInput) as bad:
        services.preference_set(actor=learn.actor("member"), frequency="hourly")
    assert bad.value.field == "frequency"
    with pytest.raises(NotPermitted):
        services.preference_set(actor=learn.actor("outsider"), frequency="weekly")
    services.preference_set(actor=learn.actor("member"), frequency="off")
    services.digests_send()
    assert not Digest.objects.filter(person=learn.member).exists()


def test_the_task_is_the_service(clock, learn):
    send_digests_task.enqueue()
    assert Digest.objects.filter(person=learn.member, is_empty=False).count() == 1


def test_digest_page_is_only_for_its_member(client, clock, learn):
    services.digests_send()
    digest = Digest.objects.get(person=learn.member)
    url = f"/learn/digest/{digest.pk}/"
    assert client.login(username="t_c1_member", password=PASSWORD)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.login(username="t_v_member", password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "党章学习" in body and "党报" in body


@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_make_one_digest(world, village):
    """Two workers at once (PostgreSQL: SQLite's shared in-memory test database locks whole
    tables, so there the unique constraint is shown by the sequential test above)."""
    from lastmile.learning.tests.conftest import build_learn

    if connection.vendor == "sqlite":
        pytest.skip("needs a database with row locks")

    learn = build_learn(world, village)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            services.digests_send()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Digest.objects.filter(person=learn.member).count() == 1
    assert sent_to(learn.member).count() == 1


def test_notices_and_news_from_the_bulletin_are_included(clock, learn):
    bulletin = pytest.importorskip("lastmile.bulletin.services.notices")
    secretary = learn.secretary

    def publish(kind: str, title: str, audience: str) -> None:
        data = bulletin.NoticeInput(
            kind=kind,
            title=title,
            body="<p>请各位党员按时参加。</p>",
            audience=audience,
            area=learn.village.area,
        )
        notice = bulletin.notice_create(actor=secretary, data=data)
        bulletin.notice_publish(actor=secretary, notice=notice)

    # The course assignment alone would make a digest; check a member with notices only too.
    publish("notice", "关于召开十二月党员大会的通知", "party_members")
    publish("news", "桃园村文化广场建成开放", "public")
    clock.set(clock.moment + dt.timedelta(minutes=5))
    services.digests_send()
    digest = Digest.objects.get(person=learn.member)
    assert [n["title"] for n in digest.content["notices"]] == ["关于召开十二月党员大会的通知"]
    assert [n["title"] for n in digest.content["news"]] == ["桃园村文化广场建成开放"]
    # 东风社区's member has no task, but the public news is new for them.
    other = Digest.objects.get(person=learn.c1_member)
    assert not other.is_empty and other.content["notices"] == []
    assert [n["title"] for n in other.content["news"]] == ["桃园村文化广场建成开放"]
    body = sent_to(learn.member).get().payload
    assert (body["notices"], body["news"], body["tasks"]) == (1, 1, 1)
