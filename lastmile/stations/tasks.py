"""Background tasks (django-tasks; run by ``lastmile db_worker``). Thin wrappers over services."""

from __future__ import annotations

from django_tasks import task

from lastmile.stations.services import agent_sweep


@task()
def agent_sweep_task() -> dict[str, int]:
    """Reminders and 催办 for agent requests not forwarded to the centre in time."""
    result = agent_sweep()
    return {"reminders": len(result.reminders), "urges": len(result.urges)}
