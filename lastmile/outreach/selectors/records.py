"""Reads of households, links, visits and follow-ups, scoped to the actor (outside: 404)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from lastmile.concerns.models import Concern
from lastmile.concerns.selectors import concern_qs_for_actor
from lastmile.orgs.choices import AreaLevel
from lastmile.orgs.models import Area, Household
from lastmile.orgs.selectors import Actor, subtree_q
from lastmile.outreach import permissions
from lastmile.outreach.choices import FollowUpStatus, LinkStatus
from lastmile.outreach.models import FollowUp, HouseholdLink, Visit
from lastmile.outreach.selectors.coverage import CoverageRow, coverage_rows, gap_order
from lastmile.outreach.selectors.scope import Reach, household_qs_for_actor, reach_for

VISIT_RELATED = ("household__area", "visitor", "community", "concern")


def communities_for_actor(actor: Actor, reach: Reach | None = None) -> list[Area]:
    """Communities (and villages) with households in the actor's reach."""
    reach = reach or reach_for(actor)
    qs = Area.objects.filter(level=AreaLevel.COMMUNITY)
    if not reach.everything:
        above = {int(x) for p in reach.paths for x in p.strip("/").split("/") if x}
        qs = qs.filter(subtree_q(list(reach.paths), "path") | Q(pk__in=above))
    return list(qs.order_by("path"))


def community_for_actor(actor: Actor, code: str, reach: Reach | None = None) -> Area:
    for area in communities_for_actor(actor, reach):
        if area.code == code:
            return area
    raise Http404("community not found")


def managed_communities(actor: Actor, reach: Reach | None = None) -> list[Area]:
    return [c for c in communities_for_actor(actor, reach) if permissions.may_manage(actor, c)]


# ---- my households ---------------------------------------------------------------------------


def my_households(actor: Actor, today: date | None = None) -> list[CoverageRow]:
    if actor.person is None:
        return []
    qs = Household.objects.filter(
        outreach_links__cadre=actor.person, outreach_links__status=LinkStatus.ACTIVE
    ).select_related("area")
    return sorted(coverage_rows(qs, today), key=gap_order)


def my_open_followups(actor: Actor) -> list[FollowUp]:
    if actor.person is None:
        return []
    return list(
        FollowUp.objects.filter(owner=actor.person, status=FollowUpStatus.OPEN)
        .select_related("household__area", "visit")
        .order_by("due", "pk")[:50]
    )


def my_recent_visits(actor: Actor, limit: int = 10) -> list[Visit]:
    if actor.person is None:
        return []
    return list(
        Visit.objects.filter(visitor=actor.person)
        .select_related(*VISIT_RELATED)
        .order_by("-visited_on", "-pk")[:limit]
    )


# ---- a household -----------------------------------------------------------------------------


@dataclass
class HouseholdPage:
    household: Household
    coverage: CoverageRow
    links: list[HouseholdLink]
    visits: list[Visit]
    concerns: list[Concern]
    visible_codes: set[str]


def household_page(actor: Actor, household: Household) -> HouseholdPage:
    row = coverage_rows(Household.objects.filter(pk=household.pk).select_related("area"))[0]
    links = list(
        HouseholdLink.objects.filter(household=household)
        .select_related("cadre", "started_by", "ended_by")
        .order_by("-started_at", "-pk")
    )
    visits = list(
        Visit.objects.filter(household=household)
        .select_related("visitor", "concern")
        .prefetch_related(Prefetch("followups", queryset=FollowUp.objects.order_by("due", "pk")))
        .order_by("-visited_on", "-pk")[:50]
    )
    concerns = list(
        Concern.objects.filter(household=household)
        .only("code", "title", "status", "channel", "created_at", "household_id")
        .order_by("-created_at")[:50]
    )
    visible = set(
        concern_qs_for_actor(actor)
        .filter(pk__in=[c.pk for c in concerns])
        .values_list("code", flat=True)
    )
    return HouseholdPage(row.household, row, links, visits, concerns, visible)


# ---- visits and follow-ups -------------------------------------------------------------------


def visit_qs_for_actor(actor: Actor, reach: Reach | None = None) -> QuerySet[Visit]:
    if actor.is_anonymous:
        return Visit.objects.none()
    reach = reach or reach_for(actor)
    q = reach.household_q("household__")
    if actor.person is not None:
        q |= Q(visitor=actor.person)
    return Visit.objects.filter(q).select_related(*VISIT_RELATED)


def visit_get_for_actor(actor: Actor, pk: int) -> Visit:
    visit = visit_qs_for_actor(actor).filter(pk=pk).first()
    if visit is None:
        raise Http404("visit not found")
    return visit


def followup_get_for_actor(actor: Actor, pk: int) -> FollowUp:
    followup = FollowUp.objects.filter(pk=pk).select_related("visit__community").first()
    if followup is None or not visit_qs_for_actor(actor).filter(pk=followup.visit_id).exists():
        raise Http404("follow-up not found")
    return followup


def link_get_for_actor(actor: Actor, pk: int) -> HouseholdLink:
    reach = reach_for(actor)
    link = (
        HouseholdLink.objects.filter(pk=pk)
        .filter(reach.household_q("household__"))
        .select_related("household__area", "cadre", "community")
        .first()
    )
    if link is None:
        raise Http404("link not found")
    return link


def visit_form_households(actor: Actor) -> QuerySet[Household]:
    """Households the visit form offers: the actor's reach, the actor's own links first."""
    return household_qs_for_actor(actor).order_by("area__path", "pk")  # address is encrypted


def community_links(community: Area) -> list[HouseholdLink]:
    return list(
        HouseholdLink.objects.filter(community=community, status=LinkStatus.ACTIVE)
        .select_related("household__area", "cadre")
        .order_by("cadre__name", "household__area__path", "household_id")
    )


def with_contact_name(qs: QuerySet[Household]) -> QuerySet[Household]:
    """Annotate ``contact_name``: the current contact cadre's name, if any."""
    current = HouseholdLink.objects.filter(
        household=OuterRef("pk"), status=LinkStatus.ACTIVE
    ).values("cadre__name")[:1]
    return qs.annotate(contact_name=Subquery(current))


def unlinked_households(actor: Actor, community: Area) -> QuerySet[Household]:
    return (
        household_qs_for_actor(actor)
        .filter(area__path__startswith=community.path)
        .exclude(outreach_links__status=LinkStatus.ACTIVE)
        .order_by("area__path", "pk")  # address is encrypted
    )
