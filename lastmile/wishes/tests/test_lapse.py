"""A claim without contact within CONTACT_DAYS lapses: warned a day before, then lapsed by the
periodic task (idempotent); the wish goes back to the pool with priority and is shown first."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from lastmile.core.errors import TransitionNotAllowed
from lastmile.notify.models import Notification
from lastmile.notify.selectors import rendered
from lastmile.wishes import selectors, services
from lastmile.wishes.choices import ClaimStatus, PriorityReason, Status
from lastmile.wishes.models import Claim
from lastmile.wishes.tasks import lapse_claims_task
from lastmile.wishes.tests.helpers import claim_of, refreshed, to_status, volunteer

pytestmark = pytest.mark.django_db


def _claimed(world):
    wish = to_status(world, "claimed")
    return wish, claim_of(wish)


def test_warning_a_day_before_once(world, django_capture_on_commit_callbacks):
    wish, claim = _claimed(world)
    early = claim.contact_due - timedelta(days=2)
    assert services.claims_lapse_due(now=early).warned == []
    soon = claim.contact_due - timedelta(hours=20)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.claims_lapse_due(now=soon).warned == [claim.pk]
    assert services.claims_lapse_due(now=soon + timedelta(hours=1)).warned == []
    note = Notification.objects.get(template="wish_claim_lapsing")
    assert note.recipient_user == world.people["vol"].user and note.channel == "inapp"
    text = rendered(note)
    assert text.title == "请联系您认领的心愿人"
    assert wish.code in text.body and "否则认领失效" in text.body
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.ACTIVE


def test_lapse_returns_the_wish_with_priority(world):
    wish, claim = _claimed(world)
    later = claim.contact_due + timedelta(minutes=1)
    result = services.claims_lapse_due(now=later)
    assert result.lapsed == [claim.pk]
    claim = Claim.objects.get(pk=claim.pk)
    wish = refreshed(wish)
    assert claim.status == ClaimStatus.LAPSED and claim.lapsed_at == later
    assert wish.status == Status.PUBLISHED and wish.pledged == Decimal("0")
    assert wish.priority and wish.priority_reason == PriorityReason.LAPSED
    assert wish.claimed_at is None
    lapsed = Notification.objects.get(template="wish_claim_lapsed")
    assert "认领已失效" in rendered(lapsed).body
    # Idempotent: nothing more happens on the next runs.
    assert services.claims_lapse_due(now=later + timedelta(hours=1)).lapsed == []
    assert Notification.objects.filter(template="wish_claim_lapsed").count() == 1
    # Shown first on the wall, before newer wishes.
    to_status(world, "published", title="一盏台灯")
    assert selectors.wall_qs().first() == wish
    # Someone else may claim it now, and the priority ends with the pledge that covers it.
    volunteer(world, "next", "后来者")
    services.wish_claim(actor=world.actor("next"), wish=wish)
    wish = refreshed(wish)
    assert wish.status == Status.CLAIMED and not wish.priority


def test_lapse_of_a_partial_pledge(world):
    wish = to_status(world, "published", value="200")
    volunteer(world)
    claim = services.wish_claim(actor=world.actor("vol"), wish=wish, amount="80")
    services.claims_lapse_due(now=claim.contact_due + timedelta(seconds=1))
    wish = refreshed(wish)
    assert wish.status == Status.PUBLISHED and wish.pledged == 0 and wish.priority


def test_contact_after_the_claim_lapsed_is_refused(world):
    _wish, claim = _claimed(world)
    services.claims_lapse_due(now=claim.contact_due + timedelta(minutes=1))
    with pytest.raises(TransitionNotAllowed, match="这条认领已失效：认领后 7 天内未联系心愿人"):
        services.claim_contact(actor=world.actor("vol"), claim=claim, note="刚打了电话")


def test_contact_past_the_deadline_lapses_it_at_once(world, monkeypatch):
    wish, claim = _claimed(world)
    late = claim.contact_due + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: late)
    with pytest.raises(TransitionNotAllowed, match="这条认领已失效"):
        services.claim_contact(actor=world.actor("vol"), claim=claim, note="刚打了电话")
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.LAPSED
    assert refreshed(wish).status == Status.PUBLISHED


def test_contacted_claims_never_lapse(world):
    wish, claim = _claimed(world)
    services.claim_contact(actor=world.actor("vol"), claim=claim, note="电话联系")
    result = services.claims_lapse_due(now=claim.contact_due + timedelta(days=3))
    assert result.lapsed == [] and refreshed(wish).status == Status.CLAIMED


def test_the_periodic_task(world):
    _wish, claim = _claimed(world)
    result = lapse_claims_task.enqueue()
    assert result.return_value == {"warned": 0, "lapsed": 0, "carried": 0}
    Claim.objects.filter(pk=claim.pk).update(contact_due=timezone.now() - timedelta(minutes=1))
    result = lapse_claims_task.enqueue()
    assert result.return_value["lapsed"] == 1
