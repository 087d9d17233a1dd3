"""Helpers shared by the soak runner and the locustfile. Standard library only (no Django, no
locust), so the quick tests in ``make test`` can import it."""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
# A tracking code as the platform makes them (letters, digits, dashes), in a redirect or JSON.
CODE_IN_DONE_URL = re.compile(r"/raise/done/([A-Za-z0-9-]{4,32})/")


class NotLoopback(ValueError):
    """The soak only ever talks to this machine."""


def is_loopback(host: str) -> bool:
    host = host.strip().strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def require_loopback(url_or_host: str) -> str:
    """Return the host of ``url_or_host`` when it is a loopback address; else raise NotLoopback."""
    text = url_or_host.strip()
    host = urlsplit(text).hostname if "://" in text else text.rsplit(":", 1)[0]
    if not host or not is_loopback(host):
        raise NotLoopback(f"the soak runs on loopback only, not {url_or_host!r}")
    return host


def code_from_redirect(location: str) -> str | None:
    """The tracking code in the web form's redirect to ``/raise/done/<code>/``."""
    found = CODE_IN_DONE_URL.search(location or "")
    return found.group(1) if found else None


def percentile(values: Iterable[float], pct: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, min(len(ordered), math.ceil(pct / 100 * len(ordered))))
    return ordered[rank - 1]
