"""Template filters shared by every page: masking, dates in Chinese style, working-time left."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.core import masking, workcal

register = template.Library()


@register.filter
def mask_name(value: str) -> str:
    return masking.mask_name(value)


@register.filter
def mask_phone(value: str) -> str:
    return masking.mask_phone(value)


@register.filter
def mask_text(value: str, names: str = "") -> str:
    return masking.mask_text(value, names=tuple(n for n in (names or "").split(",") if n))


@register.filter
def when(value: datetime | None) -> str:
    """11月27日 14:30 (or 2025年11月27日 14:30 for another year)."""
    if not value:
        return ""
    local = timezone.localtime(value)
    if local.year == timezone.localtime().year:
        return _("%(month)d/%(day)d %(hm)s") % {
            "month": local.month,
            "day": local.day,
            "hm": local.strftime("%H:%M"),
        }
    return _("%(year)d/%(month)d/%(day)d %(hm)s") % {
        "year": local.year,
        "month": local.month,
        "day": local.day,
        "hm": local.strftime("%H:%M"),
    }


@register.filter
def working_left(due: datetime | None) -> str:
    """Working time left until ``due`` ("剩余 3小时20分" / "已超期 2小时"), for countdowns.

    Overdue time outside working hours is still overdue: when no working time has passed since
    the deadline, the calendar time is shown instead of "0 min".
    """
    if not due:
        return ""
    now = timezone.now()
    minutes = workcal.working_minutes_between(now, due)
    if due < now and minutes == 0:
        minutes = -int((now - due).total_seconds() // 60)
        return _("overdue by %(span)s") % {"span": _span(abs(minutes), 24 * 60, calendar=True)}
    span = _span(abs(minutes), workcal.minutes_per_workday(), calendar=False)
    if due < now:
        return _("overdue by %(span)s") % {"span": span}
    return _("%(span)s left") % {"span": span}


def _span(minutes: int, day_minutes: int, *, calendar: bool) -> str:
    days, rest = divmod(minutes, day_minutes)
    hours, mins = divmod(rest, 60)
    if days:
        if calendar:
            return _("%(d)d days %(h)d h") % {"d": days, "h": hours}
        return _("%(d)d working days %(h)d h") % {"d": days, "h": hours}
    return _("%(h)d h %(m)d min") % {"h": hours, "m": mins}


@register.filter
def is_overdue(due: datetime | None) -> bool:
    return bool(due and due < timezone.now())
