"""Admin: master data (stations with hours and exceptions, service guides, agents) is edited
here and audited; duty shifts and agent requests are read-only (act on the desk pages)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lastmile.core.admin_audit import AuditedAdmin
from lastmile.stations.models import (
    AgentAssignment,
    AgentRequest,
    DutyShift,
    HoursException,
    OpeningHours,
    ServiceGuide,
    Station,
)


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class HoursExceptionInline(admin.TabularInline):
    model = HoursException
    extra = 0


@admin.register(Station)
class StationAdmin(AuditedAdmin):
    list_display = ("name", "kind", "area", "unit", "phone", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "address")
    list_select_related = ("area", "unit")
    inlines = [OpeningHoursInline, HoursExceptionInline]


@admin.register(ServiceGuide)
class ServiceGuideAdmin(AuditedAdmin):
    list_display = ("name", "category", "is_one_visit", "is_online", "handled_by", "is_active")
    list_filter = ("category", "is_one_visit", "is_online", "is_active")
    search_fields = ("name", "code")
    filter_horizontal = ("stations",)
    list_select_related = ("handled_by",)


@admin.register(AgentAssignment)
class AgentAssignmentAdmin(AuditedAdmin):
    list_display = ("person", "area", "centre", "since", "is_active")
    list_filter = ("is_active",)
    list_select_related = ("person", "area", "centre")
    raw_id_fields = ("person",)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DutyShift)
class DutyShiftAdmin(ReadOnly):
    list_display = ("station", "person", "post", "starts_at", "ends_at", "checked_in_at")
    list_filter = ("station",)
    list_select_related = ("station", "person")
    date_hierarchy = "starts_at"


@admin.register(AgentRequest)
class AgentRequestAdmin(ReadOnly):
    # The resident's name and phone stay on the desk pages.
    list_display = ("number", "service", "area", "centre", "status", "forward_due")
    list_filter = ("status",)
    list_select_related = ("service", "area", "centre")
    exclude = ("resident_name", "resident_phone")
    date_hierarchy = "registered_at"
