"""Template filters of the decision pages."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def day(value: dt.date | None) -> str:
    """11月27日 (or 2025年11月27日 for another year)."""
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
