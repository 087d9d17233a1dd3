"""Background tasks of the insight app (django-tasks; run by ``lastmile db_worker``).

Thin wrappers over the app's modules; each is idempotent and cheap when there is nothing to do.
"""

from __future__ import annotations

from django_tasks import task


@task()
def retrain_classifier() -> dict[str, object]:
    """Retrain the category classifier from dispatched concerns, at most once a day."""
    from django.utils import timezone

    from lastmile.insight.classify import schedule

    if not schedule.due(timezone.now()):  # answered without loading the classifier
        return {"outcome": "not_due", "labelled": 0, "detail": ""}
    from lastmile.insight.classify.retrain import retrain_if_due

    result = retrain_if_due()
    return {"outcome": result.outcome, "labelled": result.labelled, "detail": result.detail}
