"""Shared bits of the staff pages: the acting person and the desk layout's context."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from lastmile.concerns.views.desk_actions import nav_roles
from lastmile.orgs.selectors import Actor, actor_for_user
from lastmile.stations import permissions


def actor_of(request: HttpRequest) -> Actor:
    return actor_for_user(request.user)


def desk_links(actor: Actor) -> dict[str, bool]:
    """Which parts of the stations desk this person gets (drives the sub-navigation)."""
    return {
        "st_manage": permissions.may_manage_any(actor),
        "st_agent": permissions.is_agent(actor),
        "st_queue": permissions.may_see_queue(actor),
    }


def render_desk(
    request: HttpRequest,
    actor: Actor,
    template: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        f"stations/desk/{template}",
        {"actor": actor, **nav_roles(actor), **desk_links(actor), **context},
        status=status,
    )


def safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
