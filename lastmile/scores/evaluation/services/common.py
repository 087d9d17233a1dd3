"""Input checks shared by the tracking-page evaluation and the survey answers."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from lastmile.core.errors import InvalidInput
from lastmile.scores.evaluation.choices import ASPECTS, Satisfaction

COMMENT_MAX = 300


def clean_answer(
    *, verdict: str, comment: str = "", field_prefix: str = "", **aspects: str
) -> dict[str, Any]:
    if verdict not in Satisfaction.values:
        raise InvalidInput(
            _("Choose satisfied, mostly satisfied or dissatisfied."),
            field=f"{field_prefix}verdict",
        )
    out: dict[str, Any] = {"verdict": verdict}
    for name in ASPECTS:
        value = (aspects.get(name) or "").strip()
        if value and value not in Satisfaction.values:
            raise InvalidInput(
                _("Choose one of the answers offered."), field=f"{field_prefix}{name}"
            )
        out[name] = value
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise InvalidInput(
            _("Keep the comment to %(n)s characters or fewer.") % {"n": COMMENT_MAX},
            field=f"{field_prefix}comment",
        )
    out["comment"] = comment
    return out
