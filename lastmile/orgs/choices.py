from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.TextChoices):
    DISTRICT = "district", _("District")
    STREET = "street", _("Street / town")
    COMMUNITY = "community", _("Community / village")
    GRID = "grid", _("Grid")


AREA_LEVEL_ORDER = [AreaLevel.DISTRICT, AreaLevel.STREET, AreaLevel.COMMUNITY, AreaLevel.GRID]


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", _("Area government (coordinates its area)")
    DEPARTMENT = "department", _("Functional department")
    GRASSROOTS = "grassroots", _("Grassroots organisation")
    ENTERPRISE = "enterprise", _("Public-service enterprise")


class Role(models.TextChoices):
    DISPATCHER = "dispatcher", _("Operator / dispatcher")
    GRID_WORKER = "grid_worker", _("Grid worker")
    HANDLER = "handler", _("Handler")
    UNIT_LEADER = "unit_leader", _("Unit leader")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Administrator")


# Roles whose reach is an area subtree; the others reach their unit's concerns.
AREA_ROLES = frozenset({Role.DISPATCHER, Role.GRID_WORKER, Role.SUPERVISOR, Role.ADMIN})
UNIT_ROLES = frozenset({Role.HANDLER, Role.UNIT_LEADER})


class PostKind(models.TextChoices):
    """Posts in a community's or village's own organisations (the registers the decision
    process takes its rolls from, and the household-link quotas)."""

    PARTY_SECRETARY = "party_secretary", _("Party organisation secretary")
    PARTY_COMMITTEE = "party_committee", _("Party committee member")
    VC_CHAIR = "vc_chair", _("Villagers'/residents' committee chair")
    VC_MEMBER = "vc_member", _("Villagers'/residents' committee member")
    PARTY_GROUP_LEADER = "party_group_leader", _("Party group leader")
    REPRESENTATIVE = "representative", _("Villagers'/residents' representative")


# The two committees (两委): the party organisation's committee and the villagers' committee.
TWO_COMMITTEES = frozenset(
    {PostKind.PARTY_SECRETARY, PostKind.PARTY_COMMITTEE, PostKind.VC_CHAIR, PostKind.VC_MEMBER}
)
