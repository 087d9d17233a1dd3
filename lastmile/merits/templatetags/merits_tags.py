"""Template filters of the merits pages: day dates, public names, signed points."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.core import masking

register = template.Library()


@register.filter
def day(value: dt.date | None) -> str:
    """11月27日 (or 2024年11月27日 for another year)."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    if value.year == timezone.localdate().year:
        return _("%(month)d/%(day)d") % {"month": value.month, "day": value.day}
    return _("%(year)d/%(month)d/%(day)d") % {
        "year": value.year,
        "month": value.month,
        "day": value.day,
    }


def mask_person(name: str) -> str:
    """王*芳 for 王小芳, 欧**明 for 欧阳晓明, 王* for 王芳."""
    name = (name or "").strip()
    if len(name) < 3:
        return masking.mask_name(name)
    return name[0] + "*" * (len(name) - 2) + name[-1]


@register.filter
def public_name(name: str, consented: bool) -> str:
    """The full name only if the person agreed to be named; otherwise 王*芳."""
    return name if consented else mask_person(name)


@register.filter
def signed(points: int) -> str:
    return f"+{points}" if points > 0 else f"−{-points}" if points < 0 else "0"
