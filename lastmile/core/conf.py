"""Typed access to the LASTMILE settings dict (configurable domain defaults)."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def setting(name: str) -> Any:
    value: dict[str, Any] = settings.LASTMILE
    return value[name]
