from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WishesConfig(AppConfig):
    name = "lastmile.wishes"
    verbose_name = _("Micro-wishes")
