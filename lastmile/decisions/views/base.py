"""Shared by the staff pages: who may use them, and the desk frame."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lastmile.concerns.views.desk_actions import nav_roles
from lastmile.decisions import permissions
from lastmile.orgs.selectors import Actor, actor_for_user


def staff(request: HttpRequest) -> Actor:
    """The acting staff member; residents and other non-staff get 403."""
    actor = actor_for_user(request.user)
    if not actor.is_staff_member:
        raise PermissionDenied(
            _("Only the cadres of a community or village record its decision process.")
        )
    return actor


def render_desk(
    request: HttpRequest, actor: Actor, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(
        request,
        f"decisions/desk/{template}",
        {
            "actor": actor,
            **nav_roles(actor),
            "may_register": permissions.may_register_anywhere(actor),
            **context,
        },
        status=status,
    )
