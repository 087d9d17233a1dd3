"""Background tasks (django-tasks). Thin wrappers over services."""

from __future__ import annotations

from django_tasks import task

from lastmile.decisions.services import close_finished_matters


@task()
def close_finished_matters_task() -> dict[str, list[str]]:
    """Close the matters whose result notice has run its full period (idempotent, cheap)."""
    return {"closed": close_finished_matters()}
