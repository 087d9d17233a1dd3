"""Admin for the concern master data (categories, dispatch table, deadlines) and a read-only view
of concerns: a concern's state changes only through the services (the desk and the API)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lastmile.concerns.models import Category, Concern, DeadlineRule, DispatchRule
from lastmile.core.admin_audit import AuditedAdmin


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = ("code", "indented_name", "level", "parent", "is_active")
    list_filter = ("level", "is_active")
    search_fields = ("code", "name")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    ordering = ("code",)
    list_per_page = 100

    @admin.display(description=Category._meta.get_field("name").verbose_name, ordering="name")
    def indented_name(self, obj: Category) -> str:
        return "　" * max(obj.level - 1, 0) + obj.name


@admin.register(DispatchRule)
class DispatchRuleAdmin(AuditedAdmin):
    list_display = ("category", "area", "unit", "is_active", "bounce_count")
    list_filter = ("is_active", "area__level")
    search_fields = ("category__name", "category__code", "area__name", "unit__name")
    list_select_related = ("category", "area", "unit")
    autocomplete_fields = ("category", "area", "unit", "assist_units")
    readonly_fields = ("bounce_count",)


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(AuditedAdmin):
    list_display = ("kind", "urgency", "sign_amount", "sign_unit", "resolve_amount", "resolve_unit")
    list_filter = ("kind", "urgency")


@admin.register(Concern)
class ConcernAdmin(admin.ModelAdmin):
    """Read-only: look things up here, act at the desk."""

    list_display = ("code", "title", "status", "kind", "area", "lead_unit", "created_at")
    list_filter = ("status", "kind", "channel", "urgency")
    search_fields = ("code", "title")
    list_select_related = ("area", "lead_unit", "category")
    date_hierarchy = "created_at"
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
