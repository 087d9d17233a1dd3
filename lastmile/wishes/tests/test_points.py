"""Claimers earn points when the family confirms: once per claim, never twice; for a unit's
claim, the member who claimed. Uses the merits app's points ledger."""

from __future__ import annotations

import pytest

from lastmile.wishes import services
from lastmile.wishes.models import Claim
from lastmile.wishes.tests.helpers import photo, to_status, volunteer

points = pytest.importorskip("lastmile.merits.services.points")

pytestmark = pytest.mark.django_db


def _entries(person):
    from lastmile.merits.models import PointsEntry

    return list(PointsEntry.objects.filter(person=person))


def test_each_claimer_earns_points_once(world, settings):
    settings.LASTMILE_WISHES = {**settings.LASTMILE_WISHES, "POINTS_PER_FULFILMENT": 12}
    wish = to_status(world, "published", value="200")
    a = volunteer(world, "a", "甲志愿")
    first = services.wish_claim(actor=world.actor("a"), wish=wish, amount="80")
    second = services.wish_claim(
        actor=world.actor("c1_handler"), wish=wish, unit=world.units["c1_org"]
    )
    services.claim_contact(actor=world.actor("a"), claim=first, note="电话")
    services.claim_contact(actor=world.actor("gridder"), claim=second, note="上门")
    wish = services.wish_fulfil(actor=world.actor("a"), claim=first, note="送到", files=[photo()])
    wish = services.wish_confirm_by_family(wish=wish, pin=services.pin_for(wish.code))
    (entry,) = _entries(a)
    assert entry.points == 12 and entry.cause == f"wish:{wish.pk}:claim:{first.pk}"
    # The unit's points go to the member who claimed, not the one who contacted.
    (unit_entry,) = _entries(world.people["c1_handler"])
    assert unit_entry.cause == f"wish:{wish.pk}:claim:{second.pk}"
    assert _entries(world.people["gridder"]) == []
    assert [c.points_awarded for c in Claim.objects.filter(wish=wish).order_by("pk")] == [12, 12]
    # The ledger never books the same cause twice.
    again = points.points_award(
        actor=world.actor("c1_handler"),
        person=a,
        points=12,
        cause=f"wish:{wish.pk}:claim:{first.pk}",
        reason="重复",
    )
    assert again.pk == entry.pk and len(_entries(a)) == 1


def test_points_for_the_simple_journey(world):
    wish = to_status(world, "closed")
    (entry,) = _entries(world.people["vol"])
    assert entry.points == 10 and str(wish.code) in entry.reason
