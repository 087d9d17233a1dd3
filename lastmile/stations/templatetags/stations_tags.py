"""Template filters of the stations pages: "today 14:00" style times and distances."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()

WEEKDAY_SHORT = "一二三四五六日"


@register.filter
def day_time(value: datetime | None) -> str:
    """今天 14:00 / 明天 09:00 / 12月1日 09:00."""
    if not value:
        return ""
    local = timezone.localtime(value)
    today = timezone.localdate()
    hm = local.strftime("%H:%M")
    if local.date() == today:
        return _("today %(hm)s") % {"hm": hm}
    if local.date() == today + timedelta(days=1):
        return _("tomorrow %(hm)s") % {"hm": hm}
    return _("%(month)d/%(day)d %(hm)s") % {"month": local.month, "day": local.day, "hm": hm}


@register.filter
def hm(value: datetime | time | None) -> str:
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return value.strftime("%H:%M")


@register.filter
def md(value: date | None) -> str:
    """11月27日 (周五)."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return _("%(month)d/%(day)d (%(weekday)s)") % {
        "month": value.month,
        "day": value.day,
        "weekday": WEEKDAY_SHORT[value.weekday()],
    }


@register.filter
def km(value: float | None) -> str:
    if value is None:
        return ""
    if value < 1:
        return _("%(m)d m away") % {"m": round(value * 1000 / 10) * 10}
    return _("%(km).1f km away") % {"km": value}


@register.filter
def periods(value: list[tuple[time, time]]) -> str:
    return "、".join(f"{o:%H:%M}–{c:%H:%M}" for o, c in value or [])
