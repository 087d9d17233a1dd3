"""Writes of 群众评议: a resident evaluates a cadre; a round is created, opened, answered,
closed."""

from lastmile.scores.evaluation.services.evaluate import cadre_evaluate
from lastmile.scores.evaluation.services.rounds import (
    round_close,
    round_create,
    round_open,
    round_respond,
)

__all__ = ["cadre_evaluate", "round_close", "round_create", "round_open", "round_respond"]
