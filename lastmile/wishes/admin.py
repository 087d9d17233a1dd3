"""Admin: rounds are master data (edits audited); wishes, claims and photos are read-only here —
they change at the desk and on the wish pages, through the services that audit each step."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lastmile.core.admin_audit import AuditedAdmin
from lastmile.wishes.models import Claim, Photo, Round, Wish


class ReadOnly(AuditedAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Round)
class RoundAdmin(AuditedAdmin):
    list_display = ("name", "area", "starts_on", "ends_on", "carried_over_at")
    list_select_related = ("area",)
    search_fields = ("name",)
    fields = ("name", "area", "starts_on", "ends_on")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Wish)
class WishAdmin(ReadOnly):
    list_display = ("code", "title", "community", "status", "value", "pledged", "priority")
    list_filter = ("status", "category", "channel", "priority")
    search_fields = ("code", "title")
    list_select_related = ("community",)
    exclude = ("beneficiary_phone", "beneficiary_address", "idempotency_key")
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(Claim)
class ClaimAdmin(ReadOnly):
    list_display = ("wish", "person", "unit", "amount", "status", "claimed_at", "contact_due")
    list_filter = ("status",)
    list_select_related = ("wish", "person", "unit")
    search_fields = ("wish__code",)


@admin.register(Photo)
class PhotoAdmin(ReadOnly):
    list_display = ("wish", "original_name", "content_type", "size", "is_public", "created_at")
    list_select_related = ("wish",)
    search_fields = ("wish__code",)
