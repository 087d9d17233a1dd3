"""Read-only admin for the decision process: look things up here, record at the desk (the services
check the rules and audit). Based on AuditedAdmin so any future editable field is audited too."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lastmile.core.admin_audit import AuditedAdmin
from lastmile.decisions.models import AreaSetting, Matter, Meeting, Notice, Objection, RollEntry


class ReadOnly(AuditedAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RollInline(admin.TabularInline):
    model = RollEntry
    extra = 0
    fields = ("name", "posts", "present")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Matter)
class MatterAdmin(ReadOnly):
    list_display = ("number", "title", "area", "category", "status", "step_index", "created_at")
    list_filter = ("status", "category", "kind", "merged")
    search_fields = ("number", "title")
    list_select_related = ("area",)
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(Meeting)
class MeetingAdmin(ReadOnly):
    list_display = ("matter", "step", "body", "held_on", "eligible", "present", "outcome")
    list_filter = ("body", "outcome")
    list_select_related = ("matter",)
    search_fields = ("matter__number",)
    inlines = [RollInline]


@admin.register(Notice)
class NoticeAdmin(ReadOnly):
    list_display = ("matter", "kind", "title", "posted_at", "ends_on")
    list_filter = ("kind",)
    list_select_related = ("matter",)
    search_fields = ("matter__number", "title")


@admin.register(Objection)
class ObjectionAdmin(ReadOnly):
    list_display = ("notice", "raised_on", "created_at")
    list_select_related = ("notice",)


@admin.register(AreaSetting)
class AreaSettingAdmin(ReadOnly):
    list_display = ("area", "merge_first_steps", "updated_at")
    list_select_related = ("area",)
