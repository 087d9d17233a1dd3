"""The person's own page: their deeds, balance and ledger, reservations, and the self-report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lastmile.core.errors import DomainError
from lastmile.merits.choices import RedemptionStatus
from lastmile.merits.forms import ReserveForm, SelfReportForm
from lastmile.merits.places import community_of
from lastmile.merits.selectors import deeds as deed_sel
from lastmile.merits.selectors import points as points_sel
from lastmile.merits.selectors import shop as shop_sel
from lastmile.merits.services import deeds as deed_services
from lastmile.merits.services import shop as shop_services
from lastmile.merits.views.common import form_error
from lastmile.orgs.selectors import actor_for_user

LEDGER_PER_PAGE = 20


def _no_person(request: HttpRequest) -> HttpResponse:
    return render(request, "merits/me/no_person.html", status=403)


@login_required
def me(request: HttpRequest) -> HttpResponse:
    actor = actor_for_user(request.user)
    person = actor.person
    if person is None:
        return _no_person(request)
    account = points_sel.account_for(person)
    ledger = Paginator(points_sel.ledger_for_person(person), LEDGER_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "merits/me/me.html",
        {
            "person": person,
            "account": account,
            "balance": account.balance if account else 0,
            "ledger": ledger,
            "deeds": list(deed_sel.my_deeds(person)[:20]),
            "redemptions": list(shop_sel.redemptions_of(person)[:10]),
            "reserved": RedemptionStatus.RESERVED,
            "community": community_of(person),
        },
    )


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    """Self-report. Anonymous visitors get the reason and the ways in (log in, sign up)."""
    if not request.user.is_authenticated:
        status = 403 if request.method == "POST" else 200
        return render(request, "merits/me/login_needed.html", {"next": request.path}, status=status)
    actor = actor_for_user(request.user)
    if actor.person is None:
        return _no_person(request)
    form = SelfReportForm(request.POST or None, initial={"occurred_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            deed_services.deed_self_report(
                actor=actor,
                item=data["item"],
                title=data["title"],
                description=data["description"],
                occurred_on=data["occurred_on"],
                hours=data["hours"],
                name_public=data["name_public"],
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request, _("Thank you! A cadre of your community will review it soon.")
            )
            return redirect("merits:me")
    status = 400 if form.errors else 200
    return render(request, "merits/me/report.html", {"form": form}, status=status)


@login_required
@require_POST
def reserve(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for_user(request.user)
    goods = shop_sel.goods_public(pk)
    form = ReserveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a quantity of at least 1."))
        return redirect("merits:shop")
    try:
        shop_services.reserve(actor=actor, goods=goods, quantity=form.cleaned_data["quantity"])
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect(f"{reverse('merits:shop')}?community={goods.community_id}")
    messages.success(
        request,
        _("Reserved: %(name)s. Collect it at the community's 爱心超市; the points are held.")
        % {"name": goods.name},
    )
    return redirect("merits:me")


@login_required
@require_POST
def cancel_reservation(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for_user(request.user)
    if actor.person is None:
        return _no_person(request)
    redemption = shop_sel.redemption_of(actor.person, pk)
    version = request.POST.get("version", "")
    try:
        shop_services.cancel(
            actor=actor,
            redemption=redemption,
            expected_version=int(version) if version.isdecimal() else None,
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Reservation cancelled; the points are back."))
    return redirect("merits:me")
