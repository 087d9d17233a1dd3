"""What every bulletin desk page shares: the staff check and the desk template context."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lastmile.concerns.views.desk_actions import nav_roles
from lastmile.orgs.selectors import Actor, actor_for_user


def staff_actor(request: HttpRequest) -> Actor:
    actor = actor_for_user(request.user)
    if not actor.is_staff_member:
        raise PermissionDenied(_("Only staff can use this page."))
    return actor


def render_desk(
    request: HttpRequest, actor: Actor, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(
        request,
        f"bulletin/desk/{template}",
        {"actor": actor, **nav_roles(actor), **context},
        status=status,
    )


def form_error(form: Any, exc: Any) -> None:
    """Show a domain error next to its field (or above the form)."""
    field = {"photos": "attachment", "publish_at": "publish_at"}.get(exc.field, exc.field)
    form.add_error(field if field in form.fields else None, str(exc))
