"""Every write of the scores app: the incremental refresh, the full recompute of a period, and the
verify that compares stored figures with a recomputation from the audit log."""

from lastmile.scores.services.rollup import (
    Difference,
    recompute,
    rollup_refresh,
    verify,
)

__all__ = ["Difference", "recompute", "rollup_refresh", "verify"]
