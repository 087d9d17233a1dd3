"""Wish codes and the family's PIN: the PIN is a keyed hash of the code (never stored), like a
concern's tracking PIN, in its own namespace."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.utils import timezone

from lastmile.wishes.models import Wish

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
PREFIX = "W"


def new_code() -> str:
    stamp = timezone.localtime().strftime("%y%m%d")
    while True:
        code = PREFIX + stamp + "".join(secrets.choice(CODE_ALPHABET) for _ in range(4))
        if not Wish.objects.filter(code=code).exists():
            return code


def pin_for(code: str) -> str:
    """The six-digit PIN that goes with a wish code."""
    key = (getattr(settings, "LASTMILE_PIN_KEY", "") or settings.SECRET_KEY).encode()
    digest = hmac.new(key, f"wish-pin:{code}".encode(), hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:6], 'big') % 1_000_000:06d}"


def check_pin(code: str, pin: str) -> bool:
    return hmac.compare_digest(pin_for(code), (pin or "").strip())
