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
