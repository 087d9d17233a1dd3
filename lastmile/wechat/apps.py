from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WechatConfig(AppConfig):
    name = "lastmile.wechat"
    label = "wechat"
    verbose_name = _("WeChat")
