"""Background tasks (django-tasks; run by ``lastmile db_worker``). Thin wrappers over services."""

from __future__ import annotations

from django_tasks import task

from lastmile.wishes.services import claims_lapse_due


@task()
def lapse_claims_task() -> dict[str, int]:
    """Warn claimers a day before their contact deadline, lapse claims past it (the wish goes
    back to the pool with priority), and carry unclaimed wishes into rounds that have started.
    Idempotent and cheap when there is nothing to do."""
    result = claims_lapse_due()
    return {"warned": len(result.warned), "lapsed": len(result.lapsed), "carried": result.carried}
