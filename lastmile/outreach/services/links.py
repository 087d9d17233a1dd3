"""联系户: linking a cadre to a household (quota by post, one contact cadre at a time, only in
the cadre's own community) and ending a link."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.core.errors import Conflict, InvalidInput
from lastmile.orgs.models import Area, Household, Person
from lastmile.orgs.selectors import Actor
from lastmile.outreach import permissions
from lastmile.outreach.choices import LinkEndReason, LinkStatus
from lastmile.outreach.models import HouseholdLink
from lastmile.outreach.selectors.cadres import links_used, post_label, quota_for
from lastmile.outreach.selectors.scope import community_of, serves, serving_names
from lastmile.outreach.services import transition


def _community(household: Household) -> Area:
    community = community_of(household.area)
    if community is None:
        raise InvalidInput(
            _("This household is not in any community or village."), field="household"
        )
    return community


def _check_cadre(cadre: Person, household: Household, community: Area) -> None:
    if serves(cadre, household):
        return
    where = serving_names(cadre)
    if where:
        message = _(
            "%(name)s serves in %(where)s, not in %(community)s: a contact cadre can only be "
            "linked to households in their own community."
        ) % {"name": cadre.name, "where": where, "community": community.name}
    else:
        message = _(
            "%(name)s holds no post and serves in no community, so cannot be linked to "
            "households in %(community)s."
        ) % {"name": cadre.name, "community": community.name}
    raise InvalidInput(message, field="cadre")


@transaction.atomic
def link_household(
    *, actor: Actor, household: Household, cadre: Person, note: str = ""
) -> HouseholdLink:
    """Make ``cadre`` the household's contact cadre. A household has one at a time: an existing
    link to someone else ends (audited) when the new one starts. Linking the same cadre again
    changes nothing."""
    community = _community(household)
    permissions.require_manager(actor, community)
    Household.objects.select_for_update().filter(pk=household.pk).first()  # one link at a time
    current = (
        HouseholdLink.objects.select_for_update(of=("self",))
        .filter(household=household, status=LinkStatus.ACTIVE)
        .first()
    )
    if current is not None and current.cadre_id == cadre.pk:
        return current
    _check_cadre(cadre, household, community)
    quota = quota_for(cadre, community)
    if quota.limit <= 0:
        raise InvalidInput(
            _(
                "%(name)s holds no post in %(community)s and is not a party member, so cannot "
                "take household links."
            )
            % {"name": cadre.name, "community": community.name},
            field="cadre",
        )
    Person.objects.select_for_update().filter(pk=cadre.pk).first()  # quota: one at a time
    used = links_used(cadre, community)
    if used >= quota.limit:
        raise InvalidInput(
            _(
                "%(name)s already has %(used)d linked households, the quota for %(post)s "
                "(%(limit)d). End one of their links first."
            )
            % {
                "name": cadre.name,
                "used": used,
                "post": post_label(quota.post_kind) or _("a party member"),
                "limit": quota.limit,
            },
            field="cadre",
        )
    if current is not None:
        _end(actor, current, LinkEndReason.RELINKED, replaced_by=cadre.pk)
    try:
        with transaction.atomic():
            link = HouseholdLink.objects.create(
                household=household,
                cadre=cadre,
                community=community,
                post_kind=quota.post_kind,
                note=note.strip()[:200],
                started_by=actor.person,
                started_at=timezone.now(),
            )
    except IntegrityError as exc:  # a concurrent link won the race
        raise Conflict(
            _("Someone else linked this household a moment ago. Reload the page.")
        ) from exc
    transition.record(
        actor=actor,
        obj=link,
        verb="linked",
        data={
            "to": LinkStatus.ACTIVE,
            "household": household.pk,
            "cadre": cadre.pk,
            "community": community.pk,
            "post": quota.post_kind,
            "quota": quota.limit,
            "replaces": current.pk if current else None,
        },
    )
    return link


def _end(
    actor: Actor, link: HouseholdLink, reason: str, *, replaced_by: int | None = None
) -> HouseholdLink:
    return transition.apply(
        actor=actor,
        obj=link,
        action="end",
        fields={"ended_at": timezone.now(), "ended_by": actor.person, "end_reason": reason},
        data={"reason": reason, "household": link.household_id, "replaced_by": replaced_by},
    )


@transaction.atomic
def link_end(
    *, actor: Actor, link: HouseholdLink, expected_version: int | None = None
) -> HouseholdLink:
    """End a link by hand (the cadre moved away, the household left…)."""
    link = transition.lock(link, expected_version)
    permissions.require_manager(actor, link.community)
    return _end(actor, link, LinkEndReason.ENDED)
