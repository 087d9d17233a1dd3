"""Admin: the blocked-word list is edited here (audited); notices and posts are read-only here
(act at the desk, where the services check the rules and write the audit log)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lastmile.bulletin.models import BlockedWord, BoardPost, ModerationRecord, Notice
from lastmile.core.admin_audit import AuditedAdmin


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(BlockedWord)
class BlockedWordAdmin(AuditedAdmin):
    list_display = ("word", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("word",)
    fields = ("word", "is_active")


@admin.register(Notice)
class NoticeAdmin(ReadOnly):
    list_display = ("title", "kind", "audience", "area", "status", "published_at", "expires_at")
    list_filter = ("status", "kind", "audience", "is_pinned")
    search_fields = ("title",)
    list_select_related = ("area",)
    exclude = ("body",)
    show_full_result_count = False


class ModerationInline(admin.TabularInline):
    model = ModerationRecord
    extra = 0
    fields = ("created_at", "from_status", "to_status", "reason", "by_label")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(BoardPost)
class BoardPostAdmin(ReadOnly):
    list_display = ("title", "kind", "area", "visibility", "created_at", "concern")
    list_filter = ("visibility", "kind")
    search_fields = ("title",)
    list_select_related = ("area", "concern")
    exclude = ("name", "phone")  # private: seen at the desk by the area's staff only
    inlines = [ModerationInline]
    show_full_result_count = False
