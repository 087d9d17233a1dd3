"""Helpers shared by the wish pages: the family's unlocked wishes in the session, the PIN
attempt limit, uploads, and the staff desk frame."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from lastmile.concerns.uploads import CleanFile, clean_upload
from lastmile.concerns.views.desk_actions import nav_roles
from lastmile.core.conf import setting
from lastmile.core.errors import InvalidInput
from lastmile.orgs.selectors import Actor, actor_for_user
from lastmile.wishes import permissions

FAMILY = "lastmile_wishes_family"  # {code: pin} unlocked by this browser
KEEP = 10
PIN_FAILURES_ALLOWED = 10
PIN_FAILURE_WINDOW = 15 * 60


def remember_family(request: HttpRequest, code: str, pin: str) -> None:
    stored = dict(request.session.get(FAMILY, {}))
    stored.pop(code, None)
    stored[code] = pin
    request.session[FAMILY] = dict(list(stored.items())[-KEEP:])


def family_pin(request: HttpRequest, code: str) -> str:
    return str(request.session.get(FAMILY, {}).get(code, ""))


def family_codes(request: HttpRequest) -> frozenset[str]:
    return frozenset(request.session.get(FAMILY, {}))


def _pin_key(request: HttpRequest) -> str:
    return f"lastmile:wishpin:{request.META.get('REMOTE_ADDR', '')}"


def pin_blocked(request: HttpRequest) -> bool:
    return int(cache.get(_pin_key(request), 0)) >= PIN_FAILURES_ALLOWED


def pin_failed(request: HttpRequest) -> None:
    key = _pin_key(request)
    cache.add(key, 0, PIN_FAILURE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, PIN_FAILURE_WINDOW)


def clean_photos(uploads: list[Any]) -> list[CleanFile]:
    limit = setting("UPLOAD_MAX_FILES")
    if len(uploads) > limit:
        raise InvalidInput(_("Attach at most %(n)d files.") % {"n": limit}, field="photos")
    return [clean_upload(f.name, f.read()) for f in uploads]


def url_or_empty(name: str) -> str:
    """``reverse(name)``, or "" while that page does not exist (e.g. sign-up)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def staff_actor(request: HttpRequest) -> Actor:
    actor = actor_for_user(request.user)
    if not permissions.is_wish_staff(actor):
        raise PermissionDenied(_("Only community staff can use the wish desk."))
    return actor


def render_desk(
    request: HttpRequest, actor: Actor, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(
        request,
        f"wishes/desk/{template}",
        {"actor": actor, **nav_roles(actor), **context},
        status=status,
    )


def form_error(form: Any, exc: Any, aliases: dict[str, str] | None = None) -> None:
    """Put a domain error next to its field (or on top of the form)."""
    field = (aliases or {}).get(exc.field, exc.field)
    form.add_error(field if field in form.fields else None, str(exc.message))
