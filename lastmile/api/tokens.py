"""Create, check and revoke API tokens. The raw token is shown once and never stored: the
database keeps its SHA-256 (tokens are long random strings, so a fast hash is right here)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from lastmile.api.models import ApiToken, TokenScope
from lastmile.core import audit
from lastmile.core.errors import InvalidInput

PREFIX = "lm_"


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    raw: str


@transaction.atomic
def token_create(
    *, name: str, scope: str, username: str | None = None, days: int | None = 365
) -> NewToken:
    if scope not in TokenScope.values:
        raise InvalidInput(f"scope must be one of {', '.join(TokenScope.values)}", field="scope")
    if not name.strip():
        raise InvalidInput("a token needs a name", field="name")
    user = None
    if username:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise InvalidInput(f"no user {username!r}", field="user")
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name.strip(),
        scope=scope,
        user=user,
        prefix=raw[:10],
        digest=_digest(raw),
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )
    audit.record(
        verb="apitoken.created",
        obj_type="apitoken",
        obj_id=token.pk,
        data={"scope": scope, "user": user.pk if user else None},
    )
    return NewToken(token=token, raw=raw)


@transaction.atomic
def token_revoke(*, token: ApiToken) -> ApiToken:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(verb="apitoken.revoked", obj_type="apitoken", obj_id=token.pk)
    return token


def token_check(raw: str, *, scope: str, now: datetime | None = None) -> ApiToken | None:
    """The live token for ``raw`` in ``scope``, or None (unknown, revoked, expired, other scope)."""
    if not raw or not raw.startswith(PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(digest=_digest(raw)).first()
    now = now or timezone.now()
    if token is None or token.scope != scope or token.revoked_at is not None:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.user is not None and not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # coarse, cheap
    return token


def token_user(token: ApiToken) -> AbstractBaseUser | None:
    return token.user
