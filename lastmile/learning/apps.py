from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "lastmile.learning"
    verbose_name = _("Party-member learning and the member digest")

    def ready(self) -> None:
        from lastmile.learning.messages import register

        register()
