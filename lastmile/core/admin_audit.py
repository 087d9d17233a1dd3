"""Master-data edits in the admin are audited like everything else.

Each add, change or delete through the admin appends one event naming the model, the object and
the fields that changed (names only, never values: the log must not collect personal data).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from lastmile.core import audit


def _record(request: HttpRequest, verb: str, obj: models.Model, fields: list[str]) -> None:
    user = request.user
    audit.record(
        verb=f"admin.{verb}",
        obj_type=obj._meta.label_lower,
        obj_id=obj.pk,
        actor_id=getattr(user, "pk", None),
        actor_label=user.get_username() if hasattr(user, "get_username") else "",
        data={"fields": sorted(fields)},
    )


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        _record(request, "changed" if change else "added", obj, list(form.changed_data))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        _record(request, "deleted", obj, [])
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            _record(request, "deleted", obj, [])
        super().delete_queryset(request, queryset)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            _record(request, "deleted", obj, [])
            obj.delete()
        for obj in instances:
            adding = obj.pk is None
            obj.save()
            _record(request, "added" if adding else "changed", obj, [])
        formset.save_m2m()
