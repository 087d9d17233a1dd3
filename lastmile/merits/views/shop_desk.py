"""The 爱心超市 at the desk: the counter (redeem for a person, hand over their reservations) and
keeping the goods (add, edit, restock)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lastmile.core.errors import DomainError
from lastmile.merits.choices import RedemptionStatus
from lastmile.merits.conf import merits_setting
from lastmile.merits.forms import CounterForm, GoodsEditForm, GoodsForm, RestockForm
from lastmile.merits.models import Goods
from lastmile.merits.permissions import may_keep_shop
from lastmile.merits.places import community_of
from lastmile.merits.selectors import deeds as deed_sel
from lastmile.merits.selectors import shop as shop_sel
from lastmile.merits.selectors.points import account_for
from lastmile.merits.services import shop as shop_services
from lastmile.merits.views.common import (
    cleaned_upload,
    form_error,
    int_param,
    render_desk,
    staff_actor,
)
from lastmile.orgs.models import Area, Person
from lastmile.orgs.selectors import Actor

PEOPLE_SHOWN = 30


def _counter_page(
    request: HttpRequest,
    actor: Actor,
    person: Person | None,
    *,
    bound: CounterForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {"person": person, "query": request.GET.get("q", "").strip()}
    if person is None:
        query = context["query"]
        context["people"] = (
            list(deed_sel.people_for_actor(actor, query)[:PEOPLE_SHOWN]) if query else []
        )
    else:
        account = account_for(person)
        goods = list(shop_sel.goods_for_actor(actor).filter(is_active=True))
        context.update(
            balance=account.balance if account else 0,
            community=community_of(person),
            rows=[
                {
                    "goods": g,
                    "form": bound
                    if bound is not None and bound.data.get("goods") == str(g.pk)
                    else CounterForm(initial={"goods": g.pk}, auto_id=f"id_g{g.pk}_%s"),
                }
                for g in goods
            ],
            reservations=list(
                shop_sel.redemptions_for_actor(actor, status=RedemptionStatus.RESERVED).filter(
                    person=person
                )
            ),
        )
    return render_desk(request, actor, "counter.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def counter(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request, cadre=True)
    person_id = int_param(request, "person")
    person = deed_sel.person_get_for_actor(actor, person_id) if person_id else None
    if request.method == "GET" or person is None:
        return _counter_page(request, actor, person)
    goods_id = int_param(request, "goods")
    form = CounterForm(request.POST, auto_id=f"id_g{goods_id}_%s")
    if not form.is_valid():
        return _counter_page(request, actor, person, bound=form, status=400)
    goods = shop_sel.goods_get_for_actor(actor, form.cleaned_data["goods"])
    try:
        redemption = shop_services.redeem_at_counter(
            actor=actor, goods=goods, person=person, quantity=form.cleaned_data["quantity"]
        )
    except DomainError as exc:
        form.add_error("quantity", str(exc))
        return _counter_page(request, actor, person, bound=form, status=400)
    messages.success(
        request,
        _("Handed over: %(name)s × %(n)d, %(points)d points.")
        % {"name": goods.name, "n": redemption.quantity, "points": redemption.points},
    )
    return redirect(f"{reverse('merits:desk_counter')}?person={person.pk}")


@login_required
@require_POST
def redemption_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = staff_actor(request, cadre=True)
    redemption = shop_sel.redemption_get_for_actor(actor, pk)
    version = request.POST.get("version", "")
    expected = int(version) if version.isdecimal() else None
    try:
        if action == "hand-over":
            shop_services.hand_over(actor=actor, redemption=redemption, expected_version=expected)
            messages.success(request, _("Handed over."))
        elif action == "cancel":
            shop_services.cancel(actor=actor, redemption=redemption, expected_version=expected)
            messages.success(request, _("Reservation cancelled; the points are back."))
        else:
            messages.error(request, _("Unknown action."))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect(f"{reverse('merits:desk_counter')}?person={redemption.person_id}")


def _keeper_communities(actor: Actor) -> list[Area]:
    return [a for a in deed_sel.communities_public() if may_keep_shop(actor, a)]


@login_required
@require_http_methods(["GET", "POST"])
def goods_list(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request, cadre=True)
    communities = _keeper_communities(actor)
    form = GoodsForm(request.POST or None, request.FILES or None)
    community_id = int_param(request, "community")
    community = next((c for c in communities if c.pk == community_id), None) or (
        communities[0] if len(communities) == 1 else None
    )
    if request.method == "POST" and form.is_valid():
        if community is None:
            form.add_error(None, _("Choose the community whose shop this is for."))
        else:
            try:
                goods = shop_services.goods_create(
                    actor=actor,
                    community=community,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    price=form.cleaned_data["price"],
                    stock=form.cleaned_data["stock"],
                    picture=cleaned_upload(form, "picture"),
                )
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("%(name)s is on the shelf.") % {"name": goods.name})
                return redirect("merits:desk_goods")
    status = 400 if form.errors else 200
    return render_desk(
        request,
        actor,
        "goods.html",
        {
            "goods": list(shop_sel.goods_for_actor(actor)),
            "form": form,
            "communities": communities,
            "community": community,
            "per_yuan": merits_setting("POINTS_PER_YUAN"),
        },
        status=status,
    )


def _goods_page(
    request: HttpRequest,
    actor: Actor,
    goods: Goods,
    *,
    edit: GoodsEditForm | None = None,
    restock: RestockForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render_desk(
        request,
        actor,
        "goods_edit.html",
        {
            "goods": goods,
            "edit": edit
            or GoodsEditForm(
                initial={
                    "name": goods.name,
                    "description": goods.description,
                    "price": goods.price,
                    "is_active": goods.is_active,
                    "version": goods.version,
                },
                auto_id="id_edit_%s",
            ),
            "restock": restock or RestockForm(auto_id="id_restock_%s"),
            "history": list(shop_sel.redemptions_for_actor(actor).filter(goods=goods)[:20]),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def goods_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request, cadre=True)
    goods = shop_sel.goods_get_for_actor(actor, pk)
    if request.method == "GET":
        return _goods_page(request, actor, goods)
    if "change" in request.POST:
        restock = RestockForm(request.POST, auto_id="id_restock_%s")
        if restock.is_valid():
            try:
                shop_services.goods_restock(
                    actor=actor,
                    goods=goods,
                    change=restock.cleaned_data["change"],
                    note=restock.cleaned_data["note"],
                )
            except DomainError as exc:
                form_error(restock, exc)
            else:
                messages.success(request, _("Stock updated."))
                return redirect("merits:desk_goods_edit", pk=goods.pk)
        return _goods_page(request, actor, goods, restock=restock, status=400)
    edit = GoodsEditForm(request.POST, request.FILES, auto_id="id_edit_%s")
    if edit.is_valid():
        try:
            shop_services.goods_update(
                actor=actor,
                goods=goods,
                name=edit.cleaned_data["name"],
                description=edit.cleaned_data["description"],
                price=edit.cleaned_data["price"],
                is_active=edit.cleaned_data["is_active"],
                picture=cleaned_upload(edit, "picture"),
                expected_version=edit.cleaned_data["version"],
            )
        except DomainError as exc:
            form_error(edit, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("merits:desk_goods_edit", pk=goods.pk)
    return _goods_page(request, actor, goods, edit=edit, status=400)
