"""Read-only admin for links, visits and follow-ups: look things up here, act on the outreach
pages (the services check quotas and communities, and audit every change). The audited admin
base records any change an administrator's override might still make."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lastmile.core.admin_audit import AuditedAdmin
from lastmile.outreach.models import FollowUp, HouseholdLink, Visit


class ReadOnly(AuditedAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(HouseholdLink)
class HouseholdLinkAdmin(ReadOnly):
    list_display = ("household", "cadre", "community", "post_kind", "status", "started_at")
    list_filter = ("status", "post_kind", "end_reason")
    search_fields = ("cadre__name", "household__area__name")  # the address is encrypted
    list_select_related = ("household__area", "cadre", "community")
    show_full_result_count = False


@admin.register(Visit)
class VisitAdmin(ReadOnly):
    list_display = ("visited_on", "household", "visitor", "community", "concern")
    list_filter = ("visited_on",)
    search_fields = ("visitor__name", "household__area__name")  # the address is encrypted
    list_select_related = ("household__area", "visitor", "community", "concern")
    date_hierarchy = "visited_on"
    show_full_result_count = False


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnly):
    list_display = ("text", "household", "owner", "due", "status")
    list_filter = ("status",)
    search_fields = ("text", "household__area__name")  # the address is encrypted
    list_select_related = ("household__area", "owner")
