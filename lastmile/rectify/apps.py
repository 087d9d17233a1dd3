from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectifyConfig(AppConfig):
    name = "lastmile.rectify"
    label = "rectify"
    verbose_name = _("Rectification ledger")
