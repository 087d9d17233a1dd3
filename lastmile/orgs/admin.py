"""Admin for the organisation tree (master data). Areas are created through the service, which
keeps the materialised path and the level rules; an area's place in the tree is fixed once made."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from lastmile.core.admin_audit import AuditedAdmin
from lastmile.core.errors import DomainError
from lastmile.core.pii import PiiAdminMixin
from lastmile.orgs import services
from lastmile.orgs.models import Area, Household, Membership, Person, Unit

TREE_FIELDS = ("level", "parent", "code")


class AreaForm(forms.ModelForm):
    class Meta:
        model = Area
        fields = ("name", "code", "level", "parent", "polygon", "is_village")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk is None and data.get("level"):
            try:
                # The level rule lives in the service; checked here so a mistake is a form error.
                services.check_parent_level(data["level"], data.get("parent"))
            except DomainError as exc:
                raise ValidationError(str(exc.message)) from exc
        try:
            services.polygon_centre(data.get("polygon"))
        except DomainError as exc:
            self.add_error("polygon", str(exc.message))
        return data


@admin.register(Area)
class AreaAdmin(AuditedAdmin):
    form = AreaForm
    list_display = ("indented_name", "code", "level", "parent", "is_village")
    list_filter = ("level", "is_village")
    search_fields = ("name", "code")
    ordering = ("path",)
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    list_per_page = 100

    @admin.display(description=Area._meta.get_field("name").verbose_name, ordering="path")
    def indented_name(self, obj: Area) -> str:
        return "　" * max(obj.path.count("/") - 2, 0) + obj.name

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return TREE_FIELDS if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Area, form: Any, change: bool) -> None:
        if change:
            services.area_update(
                area=obj, name=obj.name, polygon=obj.polygon, is_village=obj.is_village
            )
            return
        created = services.area_create(
            name=obj.name,
            code=obj.code,
            level=obj.level,
            parent=obj.parent,
            polygon=obj.polygon,
            is_village=obj.is_village,
        )
        obj.pk, obj.path = created.pk, created.path
        obj.centre_lat, obj.centre_lng = created.centre_lat, created.centre_lng

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # concerns, units and households point at areas


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ("name", "code", "kind", "area", "parent", "is_active")
    list_filter = ("kind", "is_active", "area__level")
    search_fields = ("name", "code")
    list_select_related = ("area", "parent")
    autocomplete_fields = ("area", "parent")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ("unit", "area")


@admin.register(Person)
class PersonAdmin(PiiAdminMixin, AuditedAdmin):
    list_display = ("name", "phone", "user", "is_party_member", "home_area")
    list_filter = ("is_party_member",)
    # The phone is encrypted: a whole number typed in the search box matches its keyed hash.
    search_fields = ("name", "user__username")
    pii_fields = ("phone",)
    list_select_related = ("user", "home_area")
    autocomplete_fields = ("home_area",)
    raw_id_fields = ("user",)
    inlines = (MembershipInline,)


@admin.register(Household)
class HouseholdAdmin(PiiAdminMixin, AuditedAdmin):
    list_display = ("head_name", "address", "area", "size", "is_hardship", "is_wubao")
    list_filter = ("is_hardship", "is_wubao")
    # Name, address and phone are encrypted: a whole phone number finds the household by its
    # keyed hash; otherwise the grid's name is searched.
    search_fields = ("area__name",)
    pii_fields = ("address", "head_name", "phone")
    list_select_related = ("area",)
    autocomplete_fields = ("area",)
