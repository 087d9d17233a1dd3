"""Areas and units of the API: read only. Areas are public (residents pick their grid);
units are for staff."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from lastmile.core.apischema import ERRORS, Id, Text
from lastmile.core.errors import NotPermitted
from lastmile.orgs.choices import AreaLevel, UnitKind
from lastmile.orgs.selectors import actor_for_user
from lastmile.orgs.selectors_api import area_list, unit_list

router = Router(tags=["master data"])


class AreaOut(Schema):
    id: int
    code: str
    name: str
    level: AreaLevel
    parent_id: int | None
    centre_lat: float | None
    centre_lng: float | None


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: UnitKind
    area_id: int
    parent_id: int | None
    phone: str


class AreaQuery(Schema):
    level: AreaLevel | None = None
    parent: Id | None = None


class UnitQuery(Schema):
    area: Id | None = None
    kind: UnitKind | None = None
    q: Annotated[Text, Field(max_length=50)] = ""


@router.get("/areas", response={200: list[AreaOut], **ERRORS}, auth=None, summary="Areas (public)")
def areas(request: HttpRequest, filters: Query[AreaQuery]) -> list[Any]:
    return list(area_list(level=filters.level or "", parent=filters.parent))


@router.get("/units", response={200: list[UnitOut], **ERRORS}, summary="Units (staff)")
def units(request: HttpRequest, filters: Query[UnitQuery]) -> list[Any]:
    if not actor_for_user(request.user).is_staff_member:
        raise NotPermitted(_("Only staff can see this."))
    return list(unit_list(area=filters.area, kind=filters.kind or "", q=filters.q))
