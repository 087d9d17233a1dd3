"""What every outreach page shares: the acting cadre, the page frame, safe redirects."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from lastmile.concerns.views.desk_actions import nav_roles
from lastmile.core.errors import DomainError, NotPermitted
from lastmile.orgs.selectors import Actor, actor_for_user
from lastmile.outreach import permissions


def cadre_actor(request: HttpRequest) -> Actor:
    """The logged-in person; only people on the registers (or administrators) use these pages."""
    actor = actor_for_user(request.user)
    if actor.person is None and not actor.is_superuser:
        raise PermissionDenied(_("Only cadres can use household links and visit logs."))
    return actor


def render_page(
    request: HttpRequest,
    actor: Actor,
    template: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        f"outreach/{template}",
        {
            "actor": actor,
            **nav_roles(actor),
            "may_manage": permissions.may_manage_somewhere(actor),
            **context,
        },
        status=status,
    )


def reraise_forbidden(exc: DomainError) -> None:
    """An action beyond the person's role is a 403 page, not a form error."""
    if isinstance(exc, NotPermitted):
        raise exc


def form_error(form: forms.Form, exc: DomainError, aliases: dict[str, str] | None = None) -> None:
    """Show a refusal next to its field (or above the form); NotPermitted is a 403."""
    reraise_forbidden(exc)
    field = (aliases or {}).get(exc.field, exc.field)
    form.add_error(field if field in form.fields else None, str(exc))


def back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(default)
