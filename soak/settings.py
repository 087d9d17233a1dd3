"""Settings for the soak: production settings, with the abuse-control limits lifted.

Every simulated resident reaches the app from the same loopback address through nginx, so the
per-address throttles (which protect production from one noisy client) would refuse the load the
soak means to apply. Everything else — secure cookies, HTTPS behind the proxy, the shared database
cache and database sessions — is production's own."""

from __future__ import annotations

from typing import Any

from config.production import *  # noqa: F403
from config.production import LASTMILE_CHANNELS

LASTMILE_CHANNELS["API_ANON_RATE"] = "100000/m"
LASTMILE_CHANNELS["API_SUBMIT_ANON_RATE"] = "100000/m"
LASTMILE_CHANNELS["API_TOKEN_RATE"] = "100000/m"

_throttle: dict[str, Any] = globals().get("LASTMILE_THROTTLE", {})
for _rates in _throttle.get("RATES", {}).values():
    for _kind in list(_rates):
        _rates[_kind] = ""  # "" turns a throttle off (config/base.py)
