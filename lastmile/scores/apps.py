from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


def check_score_settings(**kwargs: Any) -> list[checks.CheckMessage]:
    """Refuse weights that do not sum to 1 at start-up, with the reason."""
    from lastmile.core.errors import DomainError
    from lastmile.scores.conf import weights

    try:
        weights()
    except DomainError as exc:
        return [checks.Error(f"LASTMILE_SCORES['WEIGHTS']: {exc.message}", id="scores.E001")]
    return []


class ScoresConfig(AppConfig):
    name = "lastmile.scores"
    label = "scores"
    verbose_name = _("Scores")

    def ready(self) -> None:
        checks.register(check_score_settings)
        # 群众评议: the tracking-page panel, the round-opened message, two integrity checks.
        from lastmile.concerns import hooks
        from lastmile.scores.evaluation import integrity, notifications
        from lastmile.scores.evaluation.panels import track_evaluation_panel
        from lastmile.scores.integrity.checks import ALL_CHECKS

        hooks.register_panel("track", track_evaluation_panel, order=70)
        notifications.register()
        ALL_CHECKS.extend(c for c in integrity.CHECKS if c not in ALL_CHECKS)
