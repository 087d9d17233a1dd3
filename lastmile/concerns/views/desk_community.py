"""The desk's "Community work" page: one entry per community mechanism the actor may use
(registered by the apps above the loop through ``hooks.register_desk_link``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from lastmile.concerns import hooks
from lastmile.concerns.views.desk_actions import nav_roles
from lastmile.orgs.selectors import actor_for_user


@login_required
@require_GET
def community(request: HttpRequest) -> HttpResponse:
    actor = actor_for_user(request.user)
    entries = []
    for link in hooks.desk_links(actor):
        try:
            entries.append((link, reverse(link.url)))
        except NoReverseMatch:  # an app that is switched off
            continue
    return render(
        request,
        "concerns/desk/community.html",
        {"actor": actor, "entries": entries, **nav_roles(actor)},
    )
