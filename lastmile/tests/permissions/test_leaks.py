"""Regression tests for the leaks the permission matrix found (one test each)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lastmile.orgs.testing import World, build_world
from lastmile.wishes.services import round_create

pytestmark = pytest.mark.django_db


def _round(w: World, area: str, name: str):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    return round_create(
        actor=w.actor("admin"),
        name=name,
        area=w.areas[area],
        starts_on=today,
        ends_on=today + dt.timedelta(days=30),
    )


def _client(w: World, key: str) -> Client:
    client = Client()
    user = w.people[key].user
    assert user is not None
    client.force_login(user)
    return client


def test_wish_round_of_another_district_is_not_found(world: World) -> None:
    """Leak: /wishes/desk/rounds/<pk>/ showed any round (its name and figures) to any staff
    member, and the rounds list named every round of every district."""
    other = build_world("x")
    theirs = _round(other, "street", "外区秋季微心愿")
    ours = _round(world, "street", "本街道秋季微心愿")
    client = _client(world, "c1_handler")

    page = client.get(reverse("wishes:desk_round", kwargs={"pk": theirs.pk}))
    assert page.status_code == 404
    assert client.get(reverse("wishes:desk_round", kwargs={"pk": ours.pk})).status_code == 200
    listing = client.get(reverse("wishes:desk_rounds")).content.decode()
    assert "本街道秋季微心愿" in listing  # a round of the street above the community
    assert "外区秋季微心愿" not in listing
    desk = client.get(reverse("wishes:desk")).content.decode()
    assert "外区秋季微心愿" not in desk
    assert (
        _client(other, "c1_handler")
        .get(reverse("wishes:desk_round", kwargs={"pk": theirs.pk}))
        .status_code
        == 200
    )


@pytest.mark.parametrize(
    "name", ["concerns:desk", "concerns:desk_queue", "concerns:desk_supervise"]
)
def test_concern_desk_refuses_people_without_a_staff_role(world: World, name: str) -> None:
    """Beyond the role: a signed-in resident got the (empty) desk inbox, dispatch queue and
    supervision board with 200; now 403 with the reason."""
    response = _client(world, "outsider").get(reverse(name))
    assert response.status_code == 403
    assert "只有工作人员可以使用此页面。" in response.content.decode()
    assert _client(world, "dispatcher").get(reverse(name)).status_code == 200
