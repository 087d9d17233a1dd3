"""Link management for the party secretary: cadres with their quota and households, link a
household (re-linking ends the old link), end a link."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lastmile.core.errors import DomainError
from lastmile.orgs.models import Area, Person
from lastmile.orgs.selectors import Actor
from lastmile.outreach import permissions, selectors, services
from lastmile.outreach.forms import LinkForm, VersionForm
from lastmile.outreach.views.common import cadre_actor, form_error, render_page, reraise_forbidden
from lastmile.outreach.views.community import pick_community


def _link_form(actor: Actor, community: Area, data: Any = None, initial: Any = None) -> LinkForm:
    rows = selectors.cadre_rows(community)
    labels = {
        r.person.pk: f"{r.person.name} · {r.post or _('party member')} · {r.used}/{r.quota.limit}"
        for r in rows
    }
    households = selectors.with_contact_name(
        selectors.household_qs_for_actor(actor).filter(area__path__startswith=community.path)
    )
    return LinkForm(
        data,
        initial=initial,
        households=households.order_by("area__path", "pk"),  # address is encrypted
        cadres=Person.objects.filter(pk__in=[r.person.pk for r in rows]).order_by("name"),
        cadre_labels=labels,
        auto_id="lk_%s",
    )


def _page(
    request: HttpRequest,
    actor: Actor,
    communities: list[Area],
    community: Area,
    form: LinkForm,
    status: int = 200,
) -> HttpResponse:
    links = selectors.community_links(community)
    by_cadre: dict[int, list[Any]] = {}
    for link in links:
        by_cadre.setdefault(link.cadre_id, []).append(link)
    rows = [(r, by_cadre.get(r.person.pk, [])) for r in selectors.cadre_rows(community)]
    return render_page(
        request,
        actor,
        "links.html",
        {
            "communities": [c for c in communities if permissions.may_manage(actor, c)],
            "community": community,
            "rows": rows,
            "form": form,
            "unlinked": selectors.unlinked_households(actor, community).count(),
        },
        status,
    )


def _managed(request: HttpRequest) -> tuple[Actor, list[Area], Area]:
    actor = cadre_actor(request)
    communities, community = pick_community(request, actor)
    permissions.require_manager(actor, community)
    return actor, communities, community


@login_required
@require_GET
def links(request: HttpRequest) -> HttpResponse:
    actor, communities, community = _managed(request)
    initial = {}
    raw = request.GET.get("household", "")
    if raw.isdecimal():
        initial["household"] = int(raw)
    return _page(
        request, actor, communities, community, _link_form(actor, community, None, initial)
    )


@login_required
@require_POST
def link_new(request: HttpRequest) -> HttpResponse:
    actor, communities, community = _managed(request)
    form = _link_form(actor, community, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            link = services.link_household(
                actor=actor, household=data["household"], cadre=data["cadre"], note=data["note"]
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is now the contact cadre of %(address)s.")
                % {"name": link.cadre.name, "address": link.household.address},
            )
            return redirect(f"{reverse('outreach:links')}?community={community.code}")
    return _page(request, actor, communities, community, form, status=400)


@login_required
@require_POST
def link_end(request: HttpRequest, pk: int) -> HttpResponse:
    actor = cadre_actor(request)
    link = selectors.link_get_for_actor(actor, pk)
    form = VersionForm(request.POST)
    target = f"{reverse('outreach:links')}?community={link.community.code}"
    if not form.is_valid():
        messages.error(request, _("Reload the page and try again."))
        return redirect(target)
    try:
        services.link_end(actor=actor, link=link, expected_version=form.cleaned_data["version"])
    except DomainError as exc:
        reraise_forbidden(exc)
        messages.error(request, str(exc))
        return redirect(target)
    messages.success(request, _("The link has ended."))
    return redirect(target)
