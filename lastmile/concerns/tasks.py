"""Background tasks (django-tasks; run by ``lastmile db_worker``). Thin wrappers over services."""

from __future__ import annotations

from django_tasks import task

from lastmile.concerns.services import escalation_sweep

SWEEP_FIELDS = ("reminders", "urges", "circulars", "not_rated")


@task()
def escalation_sweep_task() -> dict[str, int]:
    """督办 sweep: reminders, 催办, 通报 and not-rated closures that are due now."""
    result = escalation_sweep()
    return {name: len(getattr(result, name)) for name in SWEEP_FIELDS}
