"""Public pages: published deeds, the top list, model stories and the 爱心超市 catalogue.

Names are masked (王*芳) unless the person agreed to be named; no phone, address or details.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from lastmile.merits.choices import PeriodKind
from lastmile.merits.conf import merits_setting
from lastmile.merits.models import Goods, ModelStory
from lastmile.merits.periods import period_of
from lastmile.merits.selectors import deeds as deed_sel
from lastmile.merits.selectors import shop as shop_sel
from lastmile.merits.selectors import stories as story_sel
from lastmile.merits.selectors.tallies import top_list
from lastmile.orgs.models import Area

PER_PAGE = 20


def _community(request: HttpRequest) -> Area | None:
    value = request.GET.get("community", "")
    if not value.isdecimal():
        return None
    return deed_sel.communities_public().filter(pk=int(value)).first()


def _shelves(goods: list[Goods]) -> list[tuple[Area, list[Goods]]]:
    shelves: dict[int, tuple[Area, list[Goods]]] = {}
    for g in goods:
        shelves.setdefault(g.community_id, (g.community, []))[1].append(g)
    return list(shelves.values())


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    period = period_of(PeriodKind.QUARTER, timezone.localdate())
    return render(
        request,
        "merits/public/home.html",
        {
            "deeds": list(deed_sel.public_deeds()[:8]),
            "period": period,
            "top": top_list(period, size=merits_setting("TOP_LIST_SIZE")),
            "stories": list(story_sel.stories_public()[:3]),
            "shelves": _shelves(list(shop_sel.catalogue())),
            "per_yuan": merits_setting("POINTS_PER_YUAN"),
        },
    )


@require_GET
def deeds(request: HttpRequest) -> HttpResponse:
    community = _community(request)
    page = Paginator(deed_sel.public_deeds(community=community), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "merits/public/deeds.html",
        {
            "page": page,
            "community": community,
            "communities": deed_sel.communities_public(),
            "querystring": f"community={community.pk}" if community else "",
        },
    )


@require_GET
def ranking(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("period", PeriodKind.QUARTER)
    period = period_of(kind, timezone.localdate())
    community = _community(request)
    return render(
        request,
        "merits/public/ranking.html",
        {
            "period": period,
            "kinds": PeriodKind.choices,
            "community": community,
            "communities": deed_sel.communities_public(),
            "top": top_list(period, community=community, size=merits_setting("TOP_LIST_SIZE")),
        },
    )


@require_GET
def shop(request: HttpRequest) -> HttpResponse:
    community = _community(request)
    return render(
        request,
        "merits/public/shop.html",
        {
            "shelves": _shelves(list(shop_sel.catalogue(community=community))),
            "community": community,
            "communities": deed_sel.communities_public(),
            "per_yuan": merits_setting("POINTS_PER_YUAN"),
        },
    )


@require_GET
def story(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "merits/public/story.html", {"story": story_sel.story_public(pk)})


def _image(field: object) -> FileResponse:
    if not field:
        raise Http404("no picture")
    try:
        handle = field.open("rb")  # type: ignore[attr-defined]
    except FileNotFoundError as exc:
        raise Http404("picture missing") from exc
    response = FileResponse(handle)
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def goods_picture(request: HttpRequest, pk: int) -> FileResponse:
    return _image(shop_sel.goods_public(pk).picture)


@require_GET
def story_photo(request: HttpRequest, pk: int) -> FileResponse:
    story_obj: ModelStory = story_sel.story_public(pk)
    return _image(story_obj.photo)
