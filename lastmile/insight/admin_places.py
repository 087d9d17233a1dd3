"""Admin for the gazetteer (place names → area) and the division table; edits are audited."""

from __future__ import annotations

from django.contrib import admin

from lastmile.core.admin_audit import AuditedAdmin
from lastmile.insight.divisions import Division
from lastmile.insight.places import Place


@admin.register(Place)
class PlaceAdmin(AuditedAdmin):
    list_display = ("name", "kind", "area")
    list_filter = ("kind",)
    search_fields = ("name", "area__name")
    autocomplete_fields = ("area",)
    list_select_related = ("area",)


@admin.register(Division)
class DivisionAdmin(AuditedAdmin):
    list_display = ("code", "name", "level", "parent_code")
    list_filter = ("level",)
    search_fields = ("code", "name")
