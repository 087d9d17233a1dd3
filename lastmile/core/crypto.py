"""Encryption of personal data at rest and the keyed-hash ("blind") index used to find it.

Keys come from settings (``LASTMILE_PII["KEYS"]``, ``LASTMILE_PII["HASH_KEY"]``), which
``config/env.py`` fills from ``LASTMILE_PII_KEYS`` / ``LASTMILE_PII_HASH_KEY``. Values are
encrypted with :class:`cryptography.fernet.MultiFernet`: the first key encrypts, every key
decrypts, so a new key can be put in front and the old rows re-encrypted later
(``lastmile rotate-keys``). The blind index is ``HMAC-SHA256(hash key, normalised value)``, so an
equal phone number finds its rows without the database ever holding the number.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import unicodedata
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Every Fernet token starts with version byte 0x80, which base64 renders as "gAAAAA".
TOKEN_PREFIX = "gAAAAA"

NORMALISERS = ("text", "phone", "exact")


class DecryptionError(ImproperlyConfigured):
    """A stored value could not be decrypted with any configured key (a key is missing)."""


def derived_key(secret: str, purpose: str) -> str:
    """A development key derived from SECRET_KEY (local and test settings only)."""
    digest = hashlib.sha256(f"lastmile-pii:{purpose}:{secret}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def _conf() -> dict[str, Any]:
    conf: dict[str, Any] = getattr(settings, "LASTMILE_PII", {})
    return conf


def encryption_keys() -> tuple[str, ...]:
    keys: Any = _conf().get("KEYS") or ()
    if isinstance(keys, str):
        keys = [k.strip() for k in keys.split(",") if k.strip()]
    if not keys:
        raise ImproperlyConfigured("LASTMILE_PII_KEYS is not set: personal data cannot be stored")
    return tuple(str(k) for k in keys)


def hash_key() -> str:
    key = str(_conf().get("HASH_KEY") or "")
    if not key:
        raise ImproperlyConfigured(
            "LASTMILE_PII_HASH_KEY is not set: personal data cannot be found"
        )
    return key


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "LASTMILE_PII_KEYS must be Fernet keys (32 url-safe base64-encoded bytes each)"
        ) from exc


def fernet(keys: tuple[str, ...] | None = None) -> MultiFernet:
    return _fernet(keys or encryption_keys())


def is_token(value: str) -> bool:
    return value.startswith(TOKEN_PREFIX)


def encrypt(value: str, *, keys: tuple[str, ...] | None = None) -> str:
    """Ciphertext for a non-empty string; the empty string stays empty."""
    if not value:
        return value
    return fernet(keys).encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(value: str, *, keys: tuple[str, ...] | None = None) -> str:
    """Plaintext of a stored value. A value that is not a token is legacy plaintext (a row not yet
    encrypted by its migration) and is returned as it is."""
    if not value or not is_token(value):
        return value
    try:
        return fernet(keys).decrypt(value.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise DecryptionError(
            "a stored personal-data value cannot be decrypted with LASTMILE_PII_KEYS "
            "(was a key removed before `lastmile rotate-keys` finished?)"
        ) from exc


def rotate(value: str, *, keys: tuple[str, ...] | None = None) -> str:
    """The value re-encrypted with the first key (plaintext is encrypted)."""
    if not value:
        return value
    if not is_token(value):
        return encrypt(value, keys=keys)
    try:
        return fernet(keys).rotate(value.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise DecryptionError(
            "a stored personal-data value cannot be decrypted with any of LASTMILE_PII_KEYS"
        ) from exc


def encrypted_with_first_key(value: str, *, keys: tuple[str, ...] | None = None) -> bool:
    if not value:
        return True
    if not is_token(value):
        return False
    first = (keys or encryption_keys())[0]
    try:
        Fernet(first.encode()).decrypt(value.encode("ascii"))
    except InvalidToken:
        return False
    return True


_NOT_DIGIT = re.compile(r"\D")


def normalise(value: str, kind: str = "text") -> str:
    """What the blind index hashes: digits only for phones (a leading 86 country code dropped),
    the value itself for OpenIDs, and text without white space, case-folded, NFKC otherwise."""
    value = value or ""
    if kind == "phone":
        digits = _NOT_DIGIT.sub("", value)
        if len(digits) == 13 and digits.startswith("86"):
            digits = digits[2:]
        elif len(digits) == 15 and digits.startswith("0086"):
            digits = digits[4:]
        return digits
    if kind == "exact":
        return value.strip()
    return "".join(unicodedata.normalize("NFKC", value).split()).casefold()


def blind_index(value: str, kind: str = "text", *, key: str | None = None) -> str:
    """HMAC-SHA256 hex of the normalised value; "" for a value that normalises to nothing."""
    plain = normalise(value, kind)
    if not plain:
        return ""
    secret = (key or hash_key()).encode("utf-8")
    return hmac.new(secret, f"{kind}:{plain}".encode(), hashlib.sha256).hexdigest()


def phone_hash(phone: str) -> str:
    return blind_index(phone, "phone")


def looks_like_phone(text: str) -> bool:
    """A search term that is a phone number (7 to 15 digits, spaces/dashes/+ allowed)."""
    text = (text or "").strip()
    return (
        bool(re.fullmatch(r"\+?[\d\s-]{7,20}", text)) and 7 <= len(normalise(text, "phone")) <= 15
    )
