"""Bring a wish to any status through the real services."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lastmile.concerns.uploads import CleanFile, clean_upload
from lastmile.orgs import services as org_services
from lastmile.orgs.models import Person
from lastmile.orgs.testing import PASSWORD, World
from lastmile.wishes import services
from lastmile.wishes.choices import Channel
from lastmile.wishes.models import Claim, Wish

ORDER = ["submitted", "verified", "published", "claimed", "fulfilled", "closed"]


def submit(world: World, who: str | None = "c1_handler", **over: Any) -> Wish:
    values: dict[str, Any] = {
        "channel": Channel.VISIT if who else Channel.ONLINE,
        "community": world.areas["c1"],
        "title": "一个新书包",
        "description": "孩子读三年级，旧书包已经破了",
        "category": "study",
        "value": "120",
        "beneficiary_name": "王小明",
        "beneficiary_phone": "13812345678",
        "beneficiary_address": "东风社区3栋2单元501室",
    }
    values.update(over)
    actor = world.actor(who) if who else services.FAMILY
    return services.wish_submit(actor=actor, **values).wish


def volunteer(world: World, key: str = "vol", name: str = "李志愿", **over: Any) -> Person:
    if key not in world.people:
        values: dict[str, Any] = {
            "name": name,
            "username": f"t_{key}",
            "password": PASSWORD,
            "is_volunteer": True,
            "phone": "13900001111",
        }
        values.update(over)
        world.people[key] = org_services.person_create(**values)
    return world.people[key]


def photo(name: str = "done.jpg") -> CleanFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 60)).save(buffer, format="JPEG")
    return clean_upload(name, buffer.getvalue())


def photo_upload(name: str = "done.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (60, 80, 200)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def to_status(
    world: World, status: str, claimer: str = "vol", staff: str = "c1_handler", **over: Any
) -> Wish:
    """A wish in ``status``: verified and published by c1_handler, claimed whole by a volunteer,
    contacted, fulfilled with a photo, confirmed by the family."""
    wish = submit(world, staff, **over)
    cadre = world.actor(staff)
    if status == "submitted":
        return wish
    wish = services.wish_verify(actor=cadre, wish=wish, method="visit", note="入户核实，属实")
    if status == "verified":
        return wish
    wish = services.wish_publish(actor=cadre, wish=wish)
    if status == "published":
        return wish
    volunteer(world, claimer)
    claim = services.wish_claim(actor=world.actor(claimer), wish=wish)
    wish.refresh_from_db()
    if status == "claimed":
        return wish
    services.claim_contact(actor=world.actor(claimer), claim=claim, note="电话联系了王奶奶")
    wish = services.wish_fulfil(
        actor=world.actor(claimer), claim=claim, note="送去新书包一个", files=[photo()]
    )
    if status == "fulfilled":
        return wish
    assert status == "closed"
    return services.wish_confirm_by_family(wish=wish, pin=services.pin_for(wish.code))


def claim_of(wish: Wish) -> Claim:
    return Claim.objects.filter(wish=wish).order_by("pk").first()  # type: ignore[return-value]


def refreshed(wish: Wish) -> Wish:
    return Wish.objects.get(pk=wish.pk)


def dec(value: str) -> Decimal:
    return Decimal(value)
