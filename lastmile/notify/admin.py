"""Read-only admin view of notifications (they change only through the services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lastmile.notify.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("pk", "channel", "template", "status", "attempts", "created_at", "sent_at")
    list_filter = ("channel", "status", "template")
    exclude = ("recipient_openid", "recipient_phone")  # personal data stays out of the admin
    readonly_fields = ("last_error",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
