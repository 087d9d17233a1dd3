"""Read-only admin view of notifications (they change only through the services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lastmile.notify.models import DeliveryAttempt, Notification


class DeliveryAttemptInline(admin.TabularInline):
    """The delivery log of one notification: each try, deferral or skip."""

    model = DeliveryAttempt
    fields = ("at", "outcome", "error")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    inlines = [DeliveryAttemptInline]
    list_display = ("pk", "channel", "template", "status", "attempts", "created_at", "sent_at")
    list_filter = ("channel", "status", "urgent", "template")
    exclude = ("recipient_openid", "recipient_phone")  # personal data stays out of the admin
    readonly_fields = ("last_error",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
