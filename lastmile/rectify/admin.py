"""Read-only admin for the ledger: look things up here, act at the desk (the services audit)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lastmile.rectify.models import Evidence, LedgerItem, Milestone, ProgressNote


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ("title", "due", "done_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LedgerItem)
class LedgerItemAdmin(ReadOnly):
    list_display = ("number", "title", "source", "status", "owner_unit", "deadline", "is_public")
    list_filter = ("status", "source", "is_public", "is_long_term")
    search_fields = ("number", "title")
    list_select_related = ("owner_unit",)
    date_hierarchy = "created_at"
    inlines = [MilestoneInline]
    show_full_result_count = False


@admin.register(ProgressNote)
class ProgressNoteAdmin(ReadOnly):
    list_display = ("item", "kind", "created_at", "created_by")
    list_select_related = ("item", "created_by")
    search_fields = ("item__number",)


@admin.register(Evidence)
class EvidenceAdmin(ReadOnly):
    list_display = ("item", "original_name", "content_type", "size", "is_public", "created_at")
    list_select_related = ("item",)
    search_fields = ("item__number", "original_name")
