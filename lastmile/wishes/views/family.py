"""The family's private page: with the wish code and PIN they follow their wish (including a
reason if it was turned down) and confirm that it came true (销号)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lastmile.core.errors import DomainError
from lastmile.wishes import presenters, selectors, services
from lastmile.wishes.choices import Status
from lastmile.wishes.forms import FamilyConfirmForm, LookupForm
from lastmile.wishes.models import Wish
from lastmile.wishes.views.common import (
    family_pin,
    form_error,
    pin_blocked,
    pin_failed,
    remember_family,
)


@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = LookupForm(request.POST)
        if pin_blocked(request):
            form.is_valid()
            form.add_error(None, _("Too many wrong attempts. Please try again in 15 minutes."))
        elif form.is_valid():
            code, pin = form.cleaned_data["code"], form.cleaned_data["pin"]
            wish = selectors.family_get(code, pin)
            if wish is not None:
                remember_family(request, wish.code, pin)
                return redirect("wishes:family", code=wish.code)
            pin_failed(request)
            form.add_error(None, _("The wish code or PIN is not right. Please check both."))
        return render(request, "wishes/public/lookup.html", {"form": form}, status=400)
    form = LookupForm(initial={"code": request.GET.get("code", "")[:16]})
    return render(request, "wishes/public/lookup.html", {"form": form})


def _unlocked(request: HttpRequest, code: str) -> tuple[Wish | None, str]:
    pin = family_pin(request, code)
    return (selectors.family_get(code, pin) if pin else None), pin


def _page(
    request: HttpRequest,
    wish: Wish,
    form: FamilyConfirmForm | None = None,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    can_confirm = wish.status == Status.FULFILLED
    context = {
        "wish": wish,
        "public": presenters.public_wish(wish),
        "claimers": [presenters.claimer_public(c) for c in selectors.public_claims(wish)],
        "photos": selectors.wish_photos(wish),
        "items": presenters.describe(selectors.timeline(wish), audience=presenters.FAMILY),
        "form": (form or FamilyConfirmForm()) if can_confirm else None,
        "error": "" if can_confirm else error,
    }
    return render(request, "wishes/public/family.html", context, status=status)


@require_GET
def family(request: HttpRequest, code: str) -> HttpResponse:
    wish, _pin = _unlocked(request, code)
    if wish is None:
        return redirect(f"{reverse('wishes:lookup')}?code={code[:16]}")
    return _page(request, wish)


@require_POST
def family_confirm(request: HttpRequest, code: str) -> HttpResponse:
    wish, pin = _unlocked(request, code)
    if wish is None:
        return redirect(f"{reverse('wishes:lookup')}?code={code[:16]}")
    form = FamilyConfirmForm(request.POST)
    if not form.is_valid():
        return _page(request, wish, form, status=400)
    try:
        services.wish_confirm_by_family(wish=wish, pin=pin, comment=form.cleaned_data["comment"])
    except DomainError as exc:
        form_error(form, exc)
        fresh = selectors.family_get(wish.code, pin) or wish
        return _page(request, fresh, form, status=exc.http_status, error=str(exc.message))
    messages.success(
        request, _("Thank you for confirming. The wish is closed (销号); we are glad it came true.")
    )
    return redirect("wishes:family", code=wish.code)
