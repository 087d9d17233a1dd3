"""Template filters of the outreach pages: dates as 11月27日, days since."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def day(value: date | None) -> str:
    """11月27日 (2025年11月27日 in another year)."""
    if not value:
        return ""
    if value.year == timezone.localdate().year:
        return _("%(month)d/%(day)d") % {"month": value.month, "day": value.day}
    return _("%(year)d/%(month)d/%(day)d") % {
        "year": value.year,
        "month": value.month,
        "day": value.day,
    }


@register.filter
def days_ago(value: date | None) -> str:
    """今天 / 昨天 / 12天前."""
    if not value:
        return ""
    days = (timezone.localdate() - value).days
    if days <= 0:
        return _("today")
    if days == 1:
        return _("yesterday")
    return _("%(n)d days ago") % {"n": days}


@register.filter
def days_left(value: date | None) -> str:
    """还有3天 / 今天到期 / 已超期5天."""
    if not value:
        return ""
    days = (value - timezone.localdate()).days
    if days == 0:
        return _("due today")
    if days < 0:
        return _("%(n)d days overdue") % {"n": -days}
    return _("%(n)d days left") % {"n": days}


@register.filter
def month_label(value: date | None) -> str:
    """3月 (2025年12月 in another year)."""
    if not value:
        return ""
    if value.year == timezone.localdate().year:
        return _("month %(month)d") % {"month": value.month}
    return _("%(year)d/%(month)d") % {"year": value.year, "month": value.month}
