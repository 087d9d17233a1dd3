"""Background tasks (django-tasks). Thin wrappers over services."""

from __future__ import annotations

from django_tasks import task

from lastmile.scores.services import rollup_refresh


@task()
def rollup_refresh_task() -> dict[str, int]:
    """Fold new audit events into the score rollups (idempotent; safe to run concurrently)."""
    return {"events": rollup_refresh()}
