"""Template filters of the wish pages."""

from __future__ import annotations

from decimal import Decimal

from django import template

from lastmile.wishes import conf

register = template.Library()


@register.filter
def yuan(value: Decimal | int | float | str | None) -> str:
    """120.00 → 120; 120.50 → 120.50."""
    return conf.yuan(value)
