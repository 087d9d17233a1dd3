"""Background tasks of the insight app (django-tasks; run by ``lastmile db_worker``).

Thin wrappers over the app's modules; each is idempotent and cheap when there is nothing to do.
"""

from __future__ import annotations

from django_tasks import task


@task()
def retrain_classifier() -> dict[str, object]:
    """Retrain the category classifier from dispatched concerns, at most once a day."""
    from lastmile.insight.classify.retrain import retrain_if_due

    result = retrain_if_due()
    return {"outcome": result.outcome, "labelled": result.labelled, "detail": result.detail}
