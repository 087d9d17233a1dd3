"""The rule table in the admin (categories × items), audited like every master-data edit.
Deeds, the ledger and the shop are changed only through the services (read-only here)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lastmile.core.admin_audit import AuditedAdmin
from lastmile.merits.models import Deed, PointsEntry, RuleCategory, RuleItem


class RuleItemInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RuleItem
    extra = 0
    fields = ("name", "unit", "points", "description", "order", "is_active")


@admin.register(RuleCategory)
class RuleCategoryAdmin(AuditedAdmin):
    list_display = ("name", "order", "is_active")
    list_editable = ("order", "is_active")
    inlines = [RuleItemInline]


@admin.register(RuleItem)
class RuleItemAdmin(AuditedAdmin):
    list_display = ("name", "category", "unit", "points", "is_active")
    list_filter = ("category", "unit", "is_active")
    search_fields = ("name",)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Deed)
class DeedAdmin(ReadOnlyAdmin):
    list_display = ("title", "community", "item", "status", "points", "occurred_on")
    list_filter = ("status", "community")
    list_select_related = ("community", "item__category")


@admin.register(PointsEntry)
class PointsEntryAdmin(ReadOnlyAdmin):
    list_display = ("cause", "kind", "points", "balance_after", "created_at")
    list_filter = ("kind",)
    search_fields = ("cause",)
