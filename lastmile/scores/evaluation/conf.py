"""Settings of 群众评议 (``LASTMILE_SCORES["EVALUATION"]``)."""

from __future__ import annotations

from typing import Any

from lastmile.scores.conf import scores_setting

DEFAULTS: dict[str, Any] = {"EDIT_DAYS": 7, "MIN_SAMPLE": 5, "BURST_MINUTES": 30, "BURST_MIN": 4}


def eval_setting(name: str) -> Any:
    try:
        configured: dict[str, Any] = scores_setting("EVALUATION")
    except KeyError:
        configured = {}
    return configured.get(name, DEFAULTS[name])
