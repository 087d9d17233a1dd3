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
