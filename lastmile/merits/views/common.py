"""Shared pieces of the merits pages: the staff guard, desk rendering, form errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lastmile.concerns.uploads import CleanFile, clean_upload
from lastmile.concerns.views.desk_actions import nav_roles
from lastmile.core.errors import DomainError
from lastmile.merits import permissions
from lastmile.orgs.selectors import Actor, actor_for_user


def staff_actor(request: HttpRequest, *, cadre: bool = False) -> Actor:
    actor = actor_for_user(request.user)
    allowed = permissions.is_cadre(actor) if cadre else permissions.is_merits_staff(actor)
    if not allowed:
        raise PermissionDenied(
            _("Only community cadres can use this page.")
            if cadre
            else _("Only community staff can use this page.")
        )
    return actor


def render_desk(
    request: HttpRequest, actor: Actor, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(
        request,
        f"merits/desk/{template}",
        {
            "actor": actor,
            **nav_roles(actor),
            "is_cadre": permissions.is_cadre(actor),
            **context,
        },
        status=status,
    )


def form_error(form: forms.Form, exc: DomainError) -> None:
    """Show a refusal of the service next to its field (or above the form)."""
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


def cleaned_upload(form: forms.Form, field: str) -> CleanFile | None:
    """The uploaded photo, re-encoded without EXIF; raises InvalidInput naming the field."""
    upload = form.cleaned_data.get(field)
    if not upload:
        return None
    try:
        return clean_upload(upload.name, upload.read())
    except DomainError as exc:
        exc.field = field
        raise


def int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name) or request.POST.get(name) or ""
    return int(value) if value.isdecimal() else None
