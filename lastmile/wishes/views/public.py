"""Public pages (no login): the wish wall, each wish's page with its claim button, the family's
submit page, the round summary, and photos (checked on every download)."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lastmile.core.errors import DomainError
from lastmile.orgs.selectors import Actor, actor_for_user
from lastmile.wishes import permissions, presenters, selectors, services, stats
from lastmile.wishes.choices import WALL_FILTER_LABELS, Channel, Status
from lastmile.wishes.conf import contact_days, value_cap, yuan
from lastmile.wishes.forms import ClaimForm, SubmitForm
from lastmile.wishes.models import Wish
from lastmile.wishes.views.common import (
    family_codes,
    family_pin,
    form_error,
    remember_family,
    url_or_empty,
)

PER_PAGE = 24
RESIDENT = Actor(user_id=None, label="family")


@require_GET
def wall(request: HttpRequest) -> HttpResponse:
    filters = selectors.parse_wall_filters(request.GET)
    page = Paginator(selectors.wall_qs(filters), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "wishes/public/wall.html",
        {
            "page": page,
            "wishes": [presenters.public_wish(w) for w in page.object_list],
            "filters": filters,
            "statuses": WALL_FILTER_LABELS,
            "communities": selectors.wall_communities(),
            "query": query.urlencode(),
        },
    )


def _claim_context(
    request: HttpRequest, wish: Wish, form: ClaimForm | None = None
) -> dict[str, object]:
    actor = actor_for_user(request.user)
    mine = selectors.my_live_claims_on(actor, wish) if not actor.is_anonymous else []
    personal = permissions.may_claim_personally(actor)
    units = permissions.claimer_units(actor)
    claimable = wish.status == Status.PUBLISHED and (personal or bool(units))
    if claimable and form is None:
        form = ClaimForm(initial={"amount": wish.left}, units=units, personal=personal)
    login = reverse("login") + "?" + urlencode({"next": request.path})
    signup = url_or_empty("signup")
    return {
        "actor": actor,
        "mine": mine,
        "claim_form": form if claimable else None,
        "login_url": login,
        "contact_days": contact_days(),
        "signup_url": f"{signup}?{urlencode({'next': request.path})}" if signup else "",
    }


def _detail(
    request: HttpRequest,
    wish: Wish,
    form: ClaimForm | None = None,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    context = {
        "claim_error": error,
        "wish": presenters.public_wish(wish),
        "claimers": [presenters.claimer_public(c) for c in selectors.public_claims(wish)],
        "photos": [p for p in selectors.wish_photos(wish) if p.is_public],
        "items": presenters.describe(selectors.timeline(wish), audience=presenters.PUBLIC),
        **_claim_context(request, wish, form),
    }
    return render(request, "wishes/public/detail.html", context, status=status)


@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    return _detail(request, selectors.public_get(code))


@require_POST
def claim(request: HttpRequest, code: str) -> HttpResponse:
    wish = selectors.public_get(code)
    if not request.user.is_authenticated:
        back = reverse("wishes:detail", args=[wish.code])
        return redirect(reverse("login") + "?" + urlencode({"next": back}))
    actor = actor_for_user(request.user)
    units = permissions.claimer_units(actor)
    # Without units the choice is "myself": the service then says who may claim.
    form = ClaimForm(
        request.POST, units=units, personal=permissions.may_claim_personally(actor) or not units
    )
    if not form.is_valid():
        return _detail(request, wish, form, status=400)
    unit_id = form.cleaned_data.get("unit")
    unit = next((u for u in units if u.pk == unit_id), None)
    try:
        made = services.wish_claim(
            actor=actor, wish=wish, amount=form.cleaned_data["amount"], unit=unit
        )
    except DomainError as exc:
        form_error(form, exc)
        fresh = selectors.public_get(code)
        return _detail(request, fresh, form, status=exc.http_status, error=str(exc.message))
    messages.success(
        request,
        _(
            "Thank you! You claimed %(amount)s yuan of “%(title)s”. Contact the family within "
            "%(days)s days — their details are on “My claims”."
        )
        % {
            "amount": yuan(made.amount),
            "title": wish.title,
            "days": contact_days(),
        },
    )
    return redirect("wishes:mine")


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    """The family posts a wish (no login). Afterwards: the wish code and PIN, once."""
    if request.method == "POST":
        form = SubmitForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = services.wish_submit(
                    actor=actor_for_user(request.user)
                    if request.user.is_authenticated
                    else RESIDENT,
                    channel=Channel.ONLINE,
                    community=data["community"],
                    title=data["title"],
                    category=data["category"],
                    value=data["value"],
                    description=data["description"],
                    beneficiary_name=data["beneficiary_name"],
                    beneficiary_phone=data["beneficiary_phone"],
                    beneficiary_address=data["beneficiary_address"],
                    idempotency_key=data["idempotency_key"],
                )
            except DomainError as exc:
                form_error(form, exc)
            else:
                remember_family(request, result.wish.code, result.pin)
                return redirect("wishes:submitted", code=result.wish.code)
        return render(request, "wishes/public/submit.html", _submit_context(form), status=400)
    form = SubmitForm(initial={"idempotency_key": secrets.token_hex(16)})
    return render(request, "wishes/public/submit.html", _submit_context(form))


def _submit_context(form: SubmitForm) -> dict[str, object]:
    return {"form": form, "cap": yuan(value_cap()), "contact_days": contact_days()}


@require_GET
def submitted(request: HttpRequest, code: str) -> HttpResponse:
    pin = family_pin(request, code)
    wish = selectors.family_get(code, pin) if pin else None
    if wish is None:
        raise Http404("not this browser's wish")
    return render(request, "wishes/public/submitted.html", {"wish": wish, "pin": pin})


@require_GET
def summary(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "wishes/public/summary.html",
        {"rounds": stats.public_summary(), "open": selectors.open_count()},
    )


@require_GET
def photo(request: HttpRequest, pk: int) -> FileResponse:
    item = selectors.photo_for_viewer(
        actor_for_user(request.user), pk=pk, family_codes=family_codes(request)
    )
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("file missing") from exc
    response = FileResponse(handle, content_type=item.content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
