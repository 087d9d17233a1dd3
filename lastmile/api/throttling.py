"""Rate limits of the API, read from ``settings.LASTMILE_CHANNELS`` on every request.

Clients are told apart as ``token`` (per token), ``user`` (per signed-in person) or ``anon``
(per address). ``API_ANON_RATE`` limits anonymous traffic, ``API_TOKEN_RATE`` token and session
traffic, and ``API_SUBMIT_ANON_RATE`` anonymous submissions on top of that.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

_PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'30/m' → (30, 60)."""
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period.strip()]


def client_of(request: HttpRequest, ident: str | None) -> tuple[str, str]:
    token = getattr(request, "api_token", None)
    if token is not None:
        return "token", str(token.pk)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return "user", str(user.pk)
    return "anon", ident or "unknown"


class ChannelThrottle(BaseThrottle):
    def __init__(
        self, setting: str, *, clients: frozenset[str], url_names: frozenset[str] = frozenset()
    ):
        self.setting, self.clients, self.url_names = setting, clients, url_names
        self._local = threading.local()

    def applies(self, request: HttpRequest) -> bool:
        if not self.url_names:
            return True
        match = getattr(request, "resolver_match", None)
        return match is not None and match.url_name in self.url_names

    def allow_request(self, request: HttpRequest) -> bool:
        self._local.wait = None
        kind, ident = client_of(request, self.get_ident(request))
        rate = settings.LASTMILE_CHANNELS.get(self.setting)
        if kind not in self.clients or not rate or not self.applies(request):
            return True
        limit, period = parse_rate(rate)
        key = f"lastmile:throttle:{self.setting}:{kind}:{ident}"
        now = time.time()
        history = [t for t in cache.get(key, []) if t > now - period]
        if len(history) >= limit:
            self._local.wait = max(1.0, period - (now - history[-1]))
            return False
        cache.set(key, [now, *history], period)
        return True

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)


THROTTLES: list[BaseThrottle] = [
    ChannelThrottle("API_ANON_RATE", clients=frozenset({"anon"})),
    ChannelThrottle("API_TOKEN_RATE", clients=frozenset({"token", "user"})),
    # Anonymous submissions get a stricter limit of their own (a burst from one address: 429).
    ChannelThrottle(
        "API_SUBMIT_ANON_RATE",
        clients=frozenset({"anon"}),
        url_names=frozenset({"concern_create"}),
    ),
]
