"""Read-only admin of inbound WeChat messages (for staff to see photos' PicUrl notes)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lastmile.wechat.models import WechatMessage


@admin.register(WechatMessage)
class WechatMessageAdmin(admin.ModelAdmin):
    list_display = ("received_at", "msg_type", "concern")
    list_filter = ("msg_type",)
    exclude = ("openid",)  # personal data
    raw_id_fields = ("concern",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
