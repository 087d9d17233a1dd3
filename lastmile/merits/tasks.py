"""Background tasks (django-tasks). Thin wrappers over services."""

from __future__ import annotations

from django_tasks import task

from lastmile.merits.services.shop import expire_reservations
from lastmile.orgs.selectors import SYSTEM


@task()
def expire_reservations_task() -> dict[str, int]:
    """Cancel 爱心超市 reservations not collected in time, returning points and stock
    (idempotent; cheap when there is nothing to do)."""
    return {"cancelled": expire_reservations(actor=SYSTEM)}
