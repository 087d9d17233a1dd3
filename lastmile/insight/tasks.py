"""Background tasks of the insight app (django-tasks; run by ``lastmile db_worker``).

Thin wrappers over the app's modules; each is idempotent and cheap when there is nothing to do.
"""

from __future__ import annotations

from django_tasks import task


def _recently_retrained() -> bool:
    """The retraining's own "not due" answer (``retrain._due``), read without importing the
    classifier: ``retrain`` loads scikit-learn, SciPy and jieba (about 90 MB in every worker
    that runs the sweep), only worth it once a day. The stamp sits next to the model file
    (``runtime.model_path``); when in doubt, ``retrain_if_due`` decides."""
    import datetime as dt
    from pathlib import Path

    from django.conf import settings

    stamp = Path(settings.VAR_DIR) / "models" / "classifier.retrain-stamp"
    try:
        last = dt.datetime.fromtimestamp(stamp.stat().st_mtime, tz=dt.UTC)
    except OSError:
        return False
    return dt.datetime.now(dt.UTC) - last < dt.timedelta(days=1)


@task()
def retrain_classifier() -> dict[str, object]:
    """Retrain the category classifier from dispatched concerns, at most once a day."""
    if _recently_retrained():
        return {"outcome": "not_due", "labelled": 0, "detail": ""}
    from lastmile.insight.classify.retrain import retrain_if_due

    result = retrain_if_due()
    return {"outcome": result.outcome, "labelled": result.labelled, "detail": result.detail}
