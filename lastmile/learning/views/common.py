"""Shared pieces of the learning pages: the members-only gate and the staff gate."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from lastmile.concerns.views.desk_actions import nav_roles
from lastmile.learning import permissions
from lastmile.learning.selectors.member import member_person
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import Actor, actor_for_user

MemberView = Callable[..., HttpResponseBase]


def members_only(request: HttpRequest, actor: Actor) -> HttpResponse:
    """A clear page for anyone logged in who is not a party member (403)."""
    return render(
        request,
        "learning/members_only.html",
        {"may_manage": permissions.may_manage(actor)},
        status=403,
    )


def member_view(view: MemberView) -> Callable[..., HttpResponseBase]:
    """Log in first; then only party members get the page, with ``actor`` and ``person``."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        actor = actor_for_user(request.user)
        person = member_person(actor)
        if person is None:
            return members_only(request, actor)
        return view(request, actor, person, *args, **kwargs)

    return wrapper


def staff_actor(request: HttpRequest) -> Actor:
    actor = actor_for_user(request.user)
    if not permissions.may_manage(actor):
        raise PermissionDenied(_("Only staff who manage party-member learning can use this page."))
    return actor


def render_desk(
    request: HttpRequest, actor: Actor, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(
        request,
        f"learning/desk/{template}",
        {"actor": actor, **nav_roles(actor), **context},
        status=status,
    )


def render_member(
    request: HttpRequest,
    person: Person,
    template: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    return render(request, f"learning/{template}", {"person": person, **context}, status=status)
