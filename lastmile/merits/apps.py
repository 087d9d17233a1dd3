from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeritsConfig(AppConfig):
    name = "lastmile.merits"
    verbose_name = _("Good deeds and points")
