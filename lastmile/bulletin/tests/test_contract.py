"""The public contract the member digest codes against: ``notices_for_person``."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lastmile.bulletin.models import Notice
from lastmile.bulletin.selectors import notices_for_person
from lastmile.bulletin.services import notices
from lastmile.bulletin.tests.helpers import ago, draft, published
from lastmile.orgs import services as org_services

pytestmark = pytest.mark.django_db


def test_window_newest_first_and_fields(world):
    old = published(world, title="旧通知", at=ago(days=10))
    mid = published(world, title="中间", at=ago(days=3))
    new = published(world, title="最新", at=ago(hours=1))
    got = list(notices_for_person(None, since=ago(days=7)))
    assert got == [new, mid]
    assert old not in got
    n = got[0]
    assert (n.title, n.kind) == ("最新", "notice")
    assert n.published_at is not None
    assert n.get_absolute_url() == f"/notices/{n.pk}/"


def test_until_is_exclusive_and_expiry_judged_at_until(world):
    a = published(world, title="甲通知", at=ago(days=5))
    b = published(world, title="乙通知", at=ago(days=2))
    Notice.objects.filter(pk=a.pk).update(expires_at=ago(days=1))
    # At until=3 days ago, a was not yet expired; b was not yet published.
    got = list(notices_for_person(None, since=ago(days=7), until=ago(days=3)))
    assert got == [a]
    assert list(notices_for_person(None, since=ago(days=7))) == [b]
    exact = list(notices_for_person(None, since=ago(days=7), until=b.published_at))
    assert b not in exact


def test_drafts_withdrawn_and_scheduled_are_left_out(world):
    draft(world, title="草稿")
    gone = published(world, title="撤回")
    notices.notice_withdraw(actor=world.actor("c1_handler"), notice=gone)
    later = timezone.now() + timezone.timedelta(days=1)
    notices.notice_publish(
        actor=world.actor("c1_handler"), notice=draft(world, title="定时"), publish_at=later
    )
    assert list(notices_for_person(None, since=ago(days=1))) == []


def test_audiences(world, village):
    for_res = published(world, title="居民", audience="residents", area=world.areas["c1"])
    for_party = published(
        world, who="v_secretary", title="党员", audience="party_members", area=village.area
    )
    for_cadres = published(world, title="干部", audience="cadres", area=world.areas["c1"])
    resident = org_services.person_create(name="东风居民", home_area=world.areas["c1g1"])
    other = org_services.person_create(name="向阳居民", home_area=world.areas["c2g1"])
    since = ago(days=1)

    def titles(person):
        return {n.title for n in notices_for_person(person, since=since)}

    assert titles(None) == set()
    assert titles(resident) == {"居民"}
    assert titles(other) == set()
    # Party members of the village live there through their household.
    assert titles(village.members[-1]) == {"党员"}
    assert titles(world.people["c1_handler"]) == {"干部"}  # unit area c1
    assert titles(world.people["gridder"]) == {"干部"}  # jurisdiction c1g1 inside c1
    assert titles(world.people["c2_handler"]) == set()
    # A street-wide cadre notice reaches the communities' cadres too.
    street = published(
        world, who="dispatcher", title="街道", audience="cadres", area=world.areas["street"]
    )
    assert "街道" in titles(world.people["c1_handler"])
    assert {for_res, for_party, for_cadres, street}
