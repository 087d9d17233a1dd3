"""The scan stores each finding once, the page shows flags in the viewer's subtree, a supervisor
dismisses with a reason (audited), and `lastmile integrity scan` reports and exits 0."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from lastmile.concerns.models import Concern
from lastmile.core.errors import InvalidInput, NotPermitted
from lastmile.core.models import AuditEvent
from lastmile.orgs import services as org_services
from lastmile.orgs.choices import Role
from lastmile.orgs.selectors import actor_for_user
from lastmile.scores.integrity.choices import FlagKind, FlagStatus
from lastmile.scores.integrity.selectors import flag_qs_for_actor
from lastmile.scores.integrity.services import integrity_flag_dismiss, integrity_scan
from lastmile.scores.models import IntegrityFlag
from lastmile.scores.tests.integrity_helpers import TEST_THRESHOLDS, at, rate, replied

pytestmark = pytest.mark.django_db
PHONE = "13912345678"


@pytest.fixture(autouse=True)
def thresholds(settings):
    settings.LASTMILE_INTEGRITY = {**settings.LASTMILE_INTEGRITY, **TEST_THRESHOLDS}


def _gamed(world, area="c1g1"):
    for i in range(4):
        c = replied(world, when=at(i * 60), phone=PHONE, area=area)
        rate(world, c, when=at(i * 60) + __import__("datetime").timedelta(seconds=10))


def test_a_rescan_refreshes_instead_of_duplicating_and_keeps_dismissals(world):
    _gamed(world)
    first = integrity_scan()
    assert first.created >= 2 and first.refreshed == 0
    kinds = set(IntegrityFlag.objects.values_list("kind", flat=True))
    assert {FlagKind.PHONE_MANY_RATINGS, FlagKind.QUICK_RATINGS} <= kinds
    flag = IntegrityFlag.objects.get(kind=FlagKind.PHONE_MANY_RATINGS)
    integrity_flag_dismiss(
        actor=world.actor("supervisor"), flag=flag, reason="已核实为同一户多次反映"
    )
    again = integrity_scan()
    assert again.created == 0 and again.refreshed == first.created
    assert IntegrityFlag.objects.count() == first.created
    flag.refresh_from_db()
    assert flag.status == FlagStatus.DISMISSED
    assert AuditEvent.objects.filter(verb="integrity.dismiss", object_id=str(flag.pk)).exists()


def test_dismissing_needs_scope_and_a_reason(world):
    _gamed(world)
    integrity_scan()
    flag = IntegrityFlag.objects.get(kind=FlagKind.PHONE_MANY_RATINGS)
    with pytest.raises(NotPermitted):
        integrity_flag_dismiss(actor=world.actor("handler"), flag=flag, reason="没有问题的理由")
    with pytest.raises(InvalidInput):
        integrity_flag_dismiss(actor=world.actor("supervisor"), flag=flag, reason="好")


def test_flags_are_scoped_to_the_supervisors_subtree(world):
    _gamed(world, area="c1g1")
    integrity_scan()
    community_sup = org_services.person_create(name="向阳督办", username="t_c2sup", password="x")
    org_services.membership_add(
        person=community_sup,
        unit=world.units["c2_org"],
        role=Role.SUPERVISOR,
        area=world.areas["c2"],
    )
    assert flag_qs_for_actor(world.actor("supervisor")).exists()
    assert not flag_qs_for_actor(actor_for_user(community_sup.user)).exists()
    assert not flag_qs_for_actor(world.actor("handler")).exists()
    assert not flag_qs_for_actor(world.actor("dispatcher")).exists()


def test_the_page_shows_evidence_with_links_and_hides_the_phone(client, world):
    _gamed(world)
    integrity_scan()
    client.force_login(world.people["supervisor"].user)
    page = client.get(reverse("scores:integrity")).content.decode()
    code = Concern.objects.filter(resident_phone=PHONE).first().code
    assert reverse("concerns:desk_concern", args=[code]) in page
    assert PHONE not in page
    assert (
        'action="' + reverse("scores:integrity_dismiss", args=[IntegrityFlag.objects.first().pk])
        in page
    )


def test_the_page_refuses_people_without_the_role(client, world):
    client.force_login(world.people["handler"].user)
    assert client.get(reverse("scores:integrity")).status_code == 403


def test_dismiss_from_the_page_and_from_outside_the_scope(client, world):
    _gamed(world)
    integrity_scan()
    flag = IntegrityFlag.objects.first()
    url = reverse("scores:integrity_dismiss", args=[flag.pk])
    client.force_login(world.people["handler"].user)
    assert client.post(url, {"reason": "与我无关的理由"}).status_code == 404
    client.force_login(world.people["supervisor"].user)
    assert client.get(url).status_code == 405
    assert client.post(url, {"reason": "已核实，属正常情况"}).status_code == 302
    flag.refresh_from_db()
    assert flag.status == FlagStatus.DISMISSED and flag.dismissed_by == world.people["supervisor"]


def test_the_page_query_count_does_not_grow_with_flags(
    client, world, django_assert_max_num_queries
):
    _gamed(world)
    integrity_scan()
    client.force_login(world.people["supervisor"].user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("scores:integrity") + "?status=all").status_code == 200


def test_the_command_prints_flags_and_exits_zero(world):
    _gamed(world)
    out = StringIO()
    call_command("integrity", "scan", "--period", "2027-03", stdout=out)
    text = out.getvalue()
    assert "phone_many_ratings" in text and "flag(s)" in text and PHONE not in text
    out = StringIO()
    call_command("integrity", "scan", "--period", "2027-04", "--dry-run", stdout=out)
    assert "0 flag(s)" in out.getvalue()
