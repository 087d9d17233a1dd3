"""Insight admin. Each helper's registrations sit in their own section; append below."""

from __future__ import annotations

from django.contrib import admin

from lastmile.insight.models import SurgeAlert

# ---- surge alerts ---------------------------------------------------------------------------


@admin.register(SurgeAlert)
class SurgeAlertAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: alerts are written by the surge scan only."""

    list_display = ("label", "key", "count", "baseline", "z", "period_start", "period_end")
    list_filter = ("period_start",)
    search_fields = ("label", "key")
    readonly_fields = [f.name for f in SurgeAlert._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


# ---- places and divisions (registered in admin_places.py) ------------------------------------

from lastmile.insight import admin_places  # noqa: E402,F401
