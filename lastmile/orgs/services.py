"""Every write to the organisation tree."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from shapely.geometry import Polygon

from lastmile.core import audit
from lastmile.core.errors import InvalidInput
from lastmile.orgs.choices import AREA_LEVEL_ORDER, AreaLevel, PostKind, Role, UnitKind
from lastmile.orgs.models import Area, Household, Membership, Person, Post, Unit


def _choice(enum: Any, value: str, field: str) -> None:
    if value not in enum.values:
        raise InvalidInput(f"无效的取值 / Not a valid choice: {value!r}", field=field)


def check_parent_level(level: str, parent: Area | None) -> None:
    _choice(AreaLevel, level, "level")
    index = AREA_LEVEL_ORDER.index(AreaLevel(level))
    if parent is None:
        if index != 0:
            raise InvalidInput("只有区可以没有上级区域 / Only a district may have no parent area")
        return
    if AREA_LEVEL_ORDER.index(AreaLevel(parent.level)) != index - 1:
        raise InvalidInput("区域层级不对 / The parent must be exactly one level up")


def polygon_centre(polygon: list[list[float]] | None) -> tuple[float | None, float | None]:
    """Validate a grid boundary and return its centroid (lat, lng); (None, None) for no boundary."""
    if not polygon:
        return None, None
    try:
        shape = Polygon(polygon)
    except (ValueError, TypeError) as exc:  # fewer than 3 points, or not coordinates
        raise InvalidInput(
            "网格边界不是有效的多边形 / The boundary is not a valid polygon", field="polygon"
        ) from exc
    if not shape.is_valid or shape.area == 0:
        raise InvalidInput(
            "网格边界不是有效的多边形 / The boundary is not a valid polygon", field="polygon"
        )
    return shape.centroid.y, shape.centroid.x


@transaction.atomic
def area_update(
    *, area: Area, name: str, polygon: list[list[float]] | None, is_village: bool
) -> Area:
    """Rename an area or redraw its boundary; its place in the tree never changes."""
    area.centre_lat, area.centre_lng = polygon_centre(polygon)
    area.name, area.polygon, area.is_village = name, polygon, is_village
    area.save(update_fields=["name", "polygon", "is_village", "centre_lat", "centre_lng"])
    audit.record(verb="area.updated", obj_type="area", obj_id=area.pk, data={"name": name})
    return area


@transaction.atomic
def area_create(
    *,
    name: str,
    code: str,
    level: str,
    parent: Area | None = None,
    polygon: list[list[float]] | None = None,
    is_village: bool = False,
) -> Area:
    check_parent_level(level, parent)
    if Area.objects.filter(code=code).exists():
        raise InvalidInput(f"区域代码已存在 / The area code {code!r} is taken", field="code")
    centre_lat, centre_lng = polygon_centre(polygon)
    area = Area.objects.create(
        name=name,
        code=code,
        level=level,
        parent=parent,
        polygon=polygon,
        centre_lat=centre_lat,
        centre_lng=centre_lng,
        is_village=is_village,
    )
    area.path = f"{parent.path if parent else '/'}{area.pk}/"
    area.save(update_fields=["path"])
    audit.record(verb="area.created", obj_type="area", obj_id=area.pk, data={"name": name})
    return area


@transaction.atomic
def unit_create(
    *, name: str, code: str, kind: str, area: Area, parent: Unit | None = None, phone: str = ""
) -> Unit:
    _choice(UnitKind, kind, "kind")
    if Unit.objects.filter(code=code).exists():
        raise InvalidInput(f"单位代码已存在 / The unit code {code!r} is taken", field="code")
    unit = Unit.objects.create(
        name=name, code=code, kind=kind, area=area, parent=parent, phone=phone
    )
    audit.record(verb="unit.created", obj_type="unit", obj_id=unit.pk, data={"name": name})
    return unit


@transaction.atomic
def person_create(
    *,
    name: str,
    phone: str = "",
    username: str | None = None,
    password: str | None = None,
    is_party_member: bool = False,
    home_area: Area | None = None,
    is_superuser: bool = False,
    household: Household | None = None,
    is_volunteer: bool = False,
) -> Person:
    user = None
    if username:
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            raise InvalidInput(f"用户名已存在 / The login {username!r} is taken", field="username")
        user = user_model.objects.create_user(
            username=username,
            password=password,
            first_name=name,
            is_staff=is_superuser,
            is_superuser=is_superuser,
        )
    person = Person.objects.create(
        user=user,
        name=name,
        phone=phone,
        is_party_member=is_party_member,
        home_area=home_area or (household.area if household else None),
        household=household,
        is_volunteer=is_volunteer,
    )
    audit.record(verb="person.created", obj_type="person", obj_id=person.pk)
    return person


@transaction.atomic
def membership_add(
    *, person: Person, unit: Unit, role: str, area: Area | None = None
) -> Membership:
    _choice(Role, role, "role")
    if Membership.objects.filter(person=person, unit=unit, role=role).exists():
        raise InvalidInput(
            "已有该身份 / This person already has that role in that unit", field="role"
        )
    membership = Membership.objects.create(
        person=person, unit=unit, role=role, area=area or unit.area
    )
    if role == Role.ADMIN and person.user and not person.user.is_staff:
        person.user.is_staff = True
        person.user.save(update_fields=["is_staff"])
    audit.record(
        verb="membership.added",
        obj_type="person",
        obj_id=person.pk,
        data={"unit": unit.pk, "role": role},
    )
    return membership


@transaction.atomic
def household_create(**fields: Any) -> Household:
    household = Household.objects.create(**fields)
    audit.record(verb="household.created", obj_type="household", obj_id=household.pk)
    return household


@transaction.atomic
def post_add(*, person: Person, area: Area, kind: str, since: Any = None) -> Post:
    """Give a person a post in a community or village (registers for rolls and link quotas)."""
    _choice(PostKind, kind, "kind")
    if area.level != AreaLevel.COMMUNITY:
        raise InvalidInput(
            "职务只能设在社区或村 / Posts belong to a community or village", field="area"
        )
    post, created = Post.objects.get_or_create(
        person=person, area=area, kind=kind, defaults={"since": since}
    )
    if not created and not post.is_active:
        post.is_active = True
        post.save(update_fields=["is_active"])
    audit.record(
        verb="post.added", obj_type="person", obj_id=person.pk, data={"area": area.pk, "kind": kind}
    )
    return post


@transaction.atomic
def resident_signup(
    *, name: str, phone: str, area: Area, username: str, password: str, is_volunteer: bool
) -> Person:
    """A resident, volunteer or party member opens an account (to claim wishes, report good
    deeds, study). Party membership is never self-declared: the branch records it."""
    if area.level != AreaLevel.COMMUNITY:
        raise InvalidInput("请选择社区或村 / Choose a community or village", field="community")
    person = person_create(
        name=name.strip(),
        phone=phone,
        username=username,
        password=password,
        home_area=area,
        is_volunteer=is_volunteer,
    )
    audit.record(
        verb="person.signed_up",
        obj_type="person",
        obj_id=person.pk,
        actor_id=person.user_id,
        actor_label=person.name,
        data={"area": area.pk, "volunteer": is_volunteer},
    )
    return person
