"""The app's settings (``settings.LASTMILE_WISHES``), read when used so tests can override."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings


def wishes_setting(name: str) -> Any:
    value: dict[str, Any] = settings.LASTMILE_WISHES
    return value[name]


def value_cap() -> Decimal:
    return Decimal(str(wishes_setting("VALUE_CAP_YUAN")))


def contact_days() -> int:
    return int(wishes_setting("CONTACT_DAYS"))


def points_per_fulfilment() -> int:
    return int(wishes_setting("POINTS_PER_FULFILMENT"))


def yuan(value: Decimal | int | float | str | None) -> str:
    """120 → "120", 120.5 → "120.50": whole yuan without decimals."""
    if value is None:
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:  # too large to show in cents (only ever in a refusal message)
        return f"{Decimal(str(value)):.0f}"
    return f"{amount:.0f}" if amount == amount.to_integral_value() else f"{amount:.2f}"
