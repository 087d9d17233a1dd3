"""One rate limiter for pages and adapters: fixed windows counted in the Django cache.

Rates live in ``settings.LASTMILE_THROTTLE["RATES"]``, one dict per *scope* (a page or an
action) mapping a *key kind* to a rate string such as ``"5/m"``, ``"30/h"`` or ``"10/15m"``::

    "intake": {"address": "10/h", "phone": "5/h", "account": "10/h"}

Key kinds: ``address`` (the client address, see ``client_address``), ``phone``, ``account``
(a signed-in user), ``username`` (a login name typed) and ``openid`` (a WeChat follower). A scope
without a rate for a kind does not limit by it; an empty rate turns that limit off.

Views call ``hit(scope, request, phone=…)`` (check and count) inside the ``try`` that already
turns a ``DomainError`` into a message next to the form, so a throttled page answers 429 with
everything the resident typed still in it. ``check``/``count`` split the two steps for code
that only counts successes (the message board). Identifiers are hashed with the secret key
before they become cache keys: no phone number or address sits in the cache in clear.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import time
from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from lastmile.core.errors import DomainError

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
KINDS = ("address", "phone", "account", "username", "openid")


class Throttled(DomainError):
    """Too many requests from one address, phone, account or follower: HTTP 429."""

    code = "throttled"
    http_status = 429

    def __init__(self, message: Any = None, *, wait: int = 60, field: str = ""):
        self.wait = max(1, int(wait))
        super().__init__(message or wait_message(self.wait), field=field)


def wait_message(wait: int) -> str:
    minutes = max(1, (wait + 59) // 60)
    return _(
        "Too many attempts in a short time. Please wait about %(minutes)d minutes and try "
        "again; what you typed is kept."
    ) % {"minutes": minutes}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "5/m" → (5, 60); also "30/h", "10/15m", "100/d". Raises ValueError on nonsense."""
    count, _sep, period = (rate or "").partition("/")
    match = re.fullmatch(r"(\d*)\s*([smhd])\w*", period.strip())
    if not count.strip().isdecimal() or match is None:
        raise ValueError(f"bad rate {rate!r}")
    return int(count), int(match.group(1) or 1) * _UNITS[match.group(2)]


def _conf() -> Mapping[str, Any]:
    return getattr(settings, "LASTMILE_THROTTLE", {})


def client_address(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR``, or — behind a reverse proxy — the header named by
    ``LASTMILE_THROTTLE["TRUSTED_PROXY_HEADER"]`` (e.g. ``HTTP_X_REAL_IP``). For an
    ``X-Forwarded-For`` list, the entry ``TRUSTED_PROXY_COUNT`` from the right is used (the
    address your own proxy saw), never the left-most one a client can forge."""
    remote = _valid_ip(request.META.get("REMOTE_ADDR"))
    header = str(_conf().get("TRUSTED_PROXY_HEADER") or "")
    if not header:
        return remote
    raw = str(request.META.get(header, "") or "")
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    if not parts:
        return remote
    depth = max(1, int(_conf().get("TRUSTED_PROXY_COUNT", 1)))
    # A malformed value (garbage, a port, a forged list) never crashes a page: fall back.
    return _valid_ip(parts[-depth] if len(parts) >= depth else parts[0]) or remote


def _valid_ip(value: object) -> str:
    try:
        return str(ipaddress.ip_address(str(value or "").strip()))
    except ValueError:
        return ""


def axes_client_address(request: HttpRequest) -> str | None:
    """``AXES_CLIENT_IP_CALLABLE``: lockout counts the same address as the throttles (None when
    there is none, e.g. the test client's ``force_login``; axes stores it as an IP field)."""
    return client_address(request) or None


def _normalise(kind: str, value: object) -> str:
    text = str(value or "").strip()
    if kind == "phone":
        return re.sub(r"\D", "", text)
    if kind in ("username", "openid"):
        return text.lower()[:200]
    return text[:200]


def _digest(kind: str, value: str) -> str:
    key = str(settings.SECRET_KEY).encode()
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def _limits(
    scope: str, idents: Mapping[str, object], rates: Mapping[str, str] | None
) -> list[tuple[str, int, int, float]]:
    """(cache key, limit, period, seconds left in the window) for each applicable limit."""
    if rates is None:
        rates = _conf().get("RATES", {}).get(scope, {})
    now = time.time()
    out = []
    for kind, rate in rates.items():
        value = _normalise(kind, idents.get(kind))
        if not rate or not value:
            continue
        limit, period = parse_rate(rate)
        window = int(now // period)
        key = f"lastmile:throttle:{scope}:{kind}:{_digest(kind, value)}:{window}"
        out.append((key, limit, period, (window + 1) * period - now))
    return out


def _idents(request: HttpRequest | None, **given: object) -> dict[str, object]:
    idents = {k: v for k, v in given.items() if v}
    if request is not None:
        idents.setdefault("address", client_address(request))
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            idents.setdefault("account", user.pk)
    return idents


def check(
    scope: str,
    request: HttpRequest | None = None,
    *,
    rates: Mapping[str, str] | None = None,
    message: str | None = None,
    **idents: object,
) -> None:
    """Raise ``Throttled`` if any limit of ``scope`` is used up; count nothing."""
    limits = _limits(scope, _idents(request, **idents), rates)
    if not limits:
        return
    counts = cache.get_many([key for key, *_rest in limits])
    full = [left for key, limit, _p, left in limits if (counts.get(key) or 0) >= limit]
    if full:
        raise Throttled(message, wait=int(max(full)) + 1)


def count(
    scope: str,
    request: HttpRequest | None = None,
    *,
    rates: Mapping[str, str] | None = None,
    **idents: object,
) -> None:
    """Count one use against every limit of ``scope``."""
    for key, _limit, period, _left in _limits(scope, _idents(request, **idents), rates):
        if cache.add(key, 1, period + 1):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, period + 1)


def hit(
    scope: str,
    request: HttpRequest | None = None,
    *,
    rates: Mapping[str, str] | None = None,
    message: str | None = None,
    **idents: object,
) -> None:
    """Check, then count one use: every attempt counts, refused ones included."""
    check(scope, request, rates=rates, message=message, **idents)
    count(scope, request, rates=rates, **idents)


def throttled_response(request: HttpRequest, error: Throttled) -> HttpResponse:
    """A plain 429 for machine endpoints (Open311, WeChat): the message and Retry-After."""
    response = HttpResponse(str(error.message), status=429, content_type="text/plain")
    response["Retry-After"] = str(error.wait)
    return response


def throttle(
    scope: str, *, methods: tuple[str, ...] = ("POST",)
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorator for views with no form to keep (machine endpoints): per client address (and
    account when signed in), only for ``methods``; answers a plain 429 with Retry-After."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in methods:
                try:
                    hit(scope, request)
                except Throttled as error:
                    return throttled_response(request, error)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
