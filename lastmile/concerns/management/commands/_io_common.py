"""Who a spreadsheet command acts as."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from lastmile.orgs.selectors import Actor, actor_for_user


def actor_for_username(username: str, *, default_superuser: bool = False) -> Actor:
    """The named user's actor; without a name, the system (with full scope when asked)."""
    if not username:
        if default_superuser:
            # The selectors give nothing to an anonymous actor, so the command line's full scope
            # is a superuser with the placeholder id 0 (no such user; audited as "system").
            return Actor(user_id=0, label="system", is_superuser=True)
        return Actor(user_id=None, label="system")
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"找不到用户 / No such user: {username}")
    return actor_for_user(user)
