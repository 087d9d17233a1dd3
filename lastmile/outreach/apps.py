from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "lastmile.outreach"
    verbose_name = _("Household links and visit logs")
