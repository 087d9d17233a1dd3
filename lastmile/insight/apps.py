from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "lastmile.insight"
    label = "insight"
    verbose_name = _("Insight")

    def ready(self) -> None:
        # Providers for lastmile.concerns.hooks: every insight provider registers here, one
        # import and one register() call each (classification, duplicates, places, ...).
        # Registering is cheap: models load lazily, on the first call.
        from lastmile.concerns import hooks
        from lastmile.insight import classify, duplicates, places

        hooks.register(suggester=classify.suggest)
        hooks.register(duplicates=duplicates.find_duplicates)
        hooks.register(places=places.resolve_address)
