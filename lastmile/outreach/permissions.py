"""Who may do what with links and visits. Each ``require_*`` raises NotPermitted with a reason.

- Link management (联系户 assignment) belongs to the community's party secretary, the leader of
  the community's own organisation, and supervisors or administrators covering it.
- A cadre logs their own visits; a manager may also record a visit for a cadre of the community
  (代录: many village cadres keep their log on paper) and turn any note of it into a concern.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from lastmile.core.errors import NotPermitted
from lastmile.orgs.choices import PostKind, Role, UnitKind
from lastmile.orgs.models import Area, Post
from lastmile.orgs.selectors import Actor
from lastmile.outreach.models import FollowUp, Visit

MANAGER_AREA_ROLES = (Role.SUPERVISOR, Role.ADMIN)


def may_manage(actor: Actor, community: Area) -> bool:
    if actor.is_superuser:
        return True
    for m in actor.memberships:
        if (
            m.role == Role.UNIT_LEADER
            and m.unit.kind == UnitKind.GRASSROOTS
            and m.unit.area_id == community.pk
        ):
            return True
    if actor.covers_area(community, *MANAGER_AREA_ROLES):
        return True
    if actor.person is None:
        return False
    return Post.objects.filter(
        person=actor.person, area=community, kind=PostKind.PARTY_SECRETARY, is_active=True
    ).exists()


def require_manager(actor: Actor, community: Area) -> None:
    if not may_manage(actor, community):
        raise NotPermitted(
            _(
                "Only the party secretary of %(community)s, its organisation's leader, or a "
                "supervisor covering it can do this."
            )
            % {"community": community.name}
        )


def may_work_visit(actor: Actor, visit: Visit) -> bool:
    """The visitor, or a manager of the visit's community."""
    if actor.person is not None and visit.visitor_id == actor.person.pk:
        return True
    return may_manage(actor, visit.community)


def require_visit_worker(actor: Actor, visit: Visit) -> None:
    if not may_work_visit(actor, visit):
        raise NotPermitted(
            _("Only the cadre who made the visit or the party secretary can do this.")
        )


def require_followup_worker(actor: Actor, followup: FollowUp) -> None:
    if actor.person is not None and followup.owner_id == actor.person.pk:
        return
    require_visit_worker(actor, followup.visit)


def may_manage_somewhere(actor: Actor) -> bool:
    """Whether to offer link management at all (the page checks the community)."""
    if actor.is_superuser or actor.has_role(*MANAGER_AREA_ROLES):
        return True
    if any(
        m.role == Role.UNIT_LEADER and m.unit.kind == UnitKind.GRASSROOTS for m in actor.memberships
    ):
        return True
    if actor.person is None:
        return False
    return Post.objects.filter(
        person=actor.person, kind=PostKind.PARTY_SECRETARY, is_active=True
    ).exists()
