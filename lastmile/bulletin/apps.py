from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinConfig(AppConfig):
    name = "lastmile.bulletin"
    verbose_name = _("Notices, policies and the message board")
