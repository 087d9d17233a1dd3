"""“My claims” for a logged-in claimer: the family's contact details, the contact deadline,
recording the contact, and the fulfilment with photos. Also their unit's claims."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lastmile.core.errors import DomainError
from lastmile.orgs.selectors import actor_for_user
from lastmile.wishes import permissions, selectors, services
from lastmile.wishes.choices import ClaimStatus, Status
from lastmile.wishes.forms import ContactForm, FulfilForm
from lastmile.wishes.views.common import clean_photos, form_error, url_or_empty

ACTIONS = {"contact": ContactForm, "fulfil": FulfilForm}


def _page(
    request: HttpRequest,
    *,
    bound: Any = None,
    bound_pk: int | None = None,
    bound_action: str = "",
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    actor = actor_for_user(request.user)
    rows = []
    for claim in selectors.my_claims(actor):
        wish = claim.wish
        can_contact = claim.status == ClaimStatus.ACTIVE
        can_fulfil = claim.status == ClaimStatus.CONTACTED and wish.status == Status.CLAIMED

        def form(name: str, cls: Any, pk: int = claim.pk) -> Any:
            if bound is not None and bound_pk == pk and bound_action == name:
                return bound
            return cls(auto_id=f"id_{name}{pk}_%s")

        rows.append(
            {
                "claim": claim,
                "wish": wish,
                "contact_form": form("contact", ContactForm) if can_contact else None,
                "fulfil_form": form("fulfil", FulfilForm) if can_fulfil else None,
                "open": bound_pk == claim.pk,
            }
        )
    shown = any(bound is not None and bound in (r["contact_form"], r["fulfil_form"]) for r in rows)
    return render(
        request,
        "wishes/public/mine.html",
        {
            "rows": rows,
            "error": "" if shown else error,
            "now": timezone.now(),
            "actor_person_pk": actor.person.pk if actor.person else None,
            "may_claim": permissions.may_claim(actor),
            "points_url": url_or_empty("merits:me"),
        },
        status=status,
    )


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def claim_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = actor_for_user(request.user)
    claim = selectors.my_claim_get(actor, pk)
    if action not in ACTIONS:
        return redirect("wishes:mine")
    form = ACTIONS[action](request.POST, request.FILES, auto_id=f"id_{action}{pk}_%s")
    if not form.is_valid():
        return _page(request, bound=form, bound_pk=pk, bound_action=action, status=400)
    data = form.cleaned_data
    try:
        if action == "contact":
            services.claim_contact(actor=actor, claim=claim, note=data["note"])
            done = _("The contact is recorded. When the wish is done, record it with a photo.")
        else:
            services.wish_fulfil(
                actor=actor,
                claim=claim,
                note=data["note"],
                files=clean_photos(data["photos"]),
                public_photos=data["public_photos"],
            )
            done = _("Recorded as fulfilled (圆梦). The family is asked to confirm; thank you!")
    except DomainError as exc:
        form_error(form, exc)
        return _page(
            request,
            bound=form,
            bound_pk=pk,
            bound_action=action,
            error=str(exc.message),
            status=exc.http_status,
        )
    messages.success(request, done)
    return redirect("wishes:mine")
