"""联系户 rules: quotas by post, one contact cadre at a time, only inside the cadre's community,
and who may manage links."""

from __future__ import annotations

import pytest

from lastmile.core.errors import Conflict, InvalidInput, NotPermitted, TransitionNotAllowed
from lastmile.core.models import AuditEvent
from lastmile.orgs import services as org_services
from lastmile.outreach import selectors, services
from lastmile.outreach.models import HouseholdLink
from lastmile.outreach.tests.helpers import c1_cadre, c1_household, committee, link

pytestmark = pytest.mark.django_db


def test_link_records_post_and_audits(world, village):
    cadre = committee(village)
    made = link(world, village.households[3], cadre)
    assert made.is_active and made.post_kind == "party_committee"
    assert made.community == village.area
    event = AuditEvent.objects.get(verb="outreach.household_link.linked", object_id=str(made.pk))
    assert event.data["cadre"] == cadre.pk and event.data["quota"] == 3
    assert "桃园" not in str(event.data)  # ids only, no names


@pytest.mark.parametrize(
    ("who", "quota"),
    [("secretary", 5), ("committee", 3), ("vc", 3), ("group", 2), ("member", 1)],
)
def test_quota_by_highest_post(world, village, who, quota):
    person = {
        "secretary": village.secretary,  # party secretary (5) and committee chair (3)
        "committee": village.committee[1],
        "vc": village.committee[2],
        "group": village.group_leaders[0],
        "member": village.members[-1],  # a party member without a post
    }[who]
    assert selectors.quota_for(person, village.area).limit == quota
    for household in village.households[:quota]:
        link(world, household, person)
    with pytest.raises(InvalidInput) as refused:
        link(world, village.households[quota], person)
    assert refused.value.field == "cadre"
    assert f"已联系{quota}户" in str(refused.value)
    assert HouseholdLink.objects.filter(cadre=person, status="active").count() == quota


def test_no_post_and_not_a_party_member_cannot_take_links(world, village):
    representative = village.representatives[0]  # a post without a quota, not a party member
    with pytest.raises(InvalidInput) as refused:
        link(world, village.households[0], representative)
    assert "不能承担联系户" in str(refused.value)
    resident = org_services.person_create(name="普通村民", household=village.households[2])
    with pytest.raises(InvalidInput):
        link(world, village.households[0], resident)


def test_second_contact_cadre_ends_the_first(world, village):
    household = village.households[4]
    first = link(world, household, village.committee[1])
    second = link(world, household, village.committee[2])
    first.refresh_from_db()
    assert first.status == "ended" and first.end_reason == "relinked"
    assert second.is_active
    assert HouseholdLink.objects.filter(household=household, status="active").count() == 1
    ended = AuditEvent.objects.get(verb="outreach.household_link.end", object_id=str(first.pk))
    assert (
        ended.data["reason"] == "relinked" and ended.data["replaced_by"] == village.committee[2].pk
    )
    assert selectors.active_link(household).cadre == village.committee[2]


def test_relinking_the_same_cadre_changes_nothing(world, village):
    household = village.households[4]
    first = link(world, household, village.committee[1])
    events = AuditEvent.objects.count()
    assert link(world, household, village.committee[1]).pk == first.pk
    assert AuditEvent.objects.count() == events


def test_relinking_a_full_cadre_keeps_the_old_link(world, village):
    leader = village.group_leaders[0]  # quota 2
    link(world, village.households[0], leader)
    link(world, village.households[1], leader)
    current = link(world, village.households[2], village.committee[1])
    with pytest.raises(InvalidInput):
        link(world, village.households[2], leader)
    current.refresh_from_db()
    assert current.is_active  # a refused re-link does not end the current one


def test_household_outside_the_cadres_community_is_refused(world, village):
    outsider = c1_cadre(world)  # serves in 东风社区
    with pytest.raises(InvalidInput) as refused:
        link(world, village.households[0], outsider)
    assert refused.value.field == "cadre"
    assert "东风社区" in str(refused.value) and "桃园村" in str(refused.value)


def test_only_managers_link(world, village):
    with pytest.raises(NotPermitted):
        link(world, village.households[0], village.committee[1], who="v_committee")
    with pytest.raises(NotPermitted):  # a c1 household is not the village secretary's
        link(world, c1_household(world), c1_cadre(world))
    # a supervisor covering the district may
    assert link(world, village.households[0], village.committee[1], who="supervisor").is_active


def test_end_a_link(world, village):
    made = link(world, village.households[0], village.group_leaders[0])
    with pytest.raises(NotPermitted):
        services.link_end(actor=world.actor("v_committee"), link=made)
    with pytest.raises(Conflict):
        services.link_end(actor=world.actor("v_secretary"), link=made, expected_version=99)
    ended = services.link_end(
        actor=world.actor("v_secretary"), link=made, expected_version=made.version
    )
    assert ended.status == "ended" and ended.end_reason == "ended" and ended.ended_at
    with pytest.raises(TransitionNotAllowed) as refused:
        services.link_end(actor=world.actor("v_secretary"), link=ended)
    assert "已解除" in str(refused.value)
    # the quota is free again
    link(world, village.households[1], village.group_leaders[0])
    link(world, village.households[2], village.group_leaders[0])
