"""Read-only GeoJSON for the maps (``static/js/map.js``): grid shapes, the public board's
concerns at their community's point, the desk's concerns in the official's scope, and a
point → grid lookup for the raise page. GET only; public responses are cacheable."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from lastmile.concerns.choices import OPEN_STATUSES, PUBLIC_STATUSES
from lastmile.concerns.selectors import concern_qs_for_actor
from lastmile.concerns.selectors_public import board_list_qs
from lastmile.insight import places
from lastmile.orgs.selectors import actor_for_user


def _conf(name: str) -> Any:
    return settings.LASTMILE_MAP[name]


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdecimal() else None


def _float(value: str | None) -> float | None:
    try:
        number = float(value or "")
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _collection(features: list[dict[str, Any]], **extra: Any) -> JsonResponse:
    return JsonResponse({"type": "FeatureCollection", "features": features, **extra})


def _public(response: JsonResponse) -> JsonResponse:
    patch_cache_control(response, public=True, max_age=int(_conf("CACHE_SECONDS")))
    return response


def _map_options() -> dict[str, Any]:
    """What map.js needs to draw: the tile source (or none) and where to open."""
    return {
        "tile_url": _conf("TILE_URL"),
        "overlay_url": _conf("TILE_OVERLAY_URL"),
        "key": _conf("TILE_KEY"),
        "subdomains": _conf("TILE_SUBDOMAINS"),
        "attribution": _conf("TILE_ATTRIBUTION"),
        "max_zoom": _conf("MAX_ZOOM"),
        "centre": _conf("CENTRE"),
        "zoom": _conf("ZOOM"),
    }


@require_GET
def grids(request: HttpRequest) -> JsonResponse:
    return _public(_collection(places.grid_features(), map=_map_options()))


@require_GET
def board(request: HttpRequest) -> JsonResponse:
    """The board's concerns (same filters as /board/) at their community's point, masked."""
    status = request.GET.get("status", "")
    qs = board_list_qs(
        status=status if status in PUBLIC_STATUSES else "",
        category_id=_int(request.GET.get("category")),
        area_id=_int(request.GET.get("area")),
        query=request.GET.get("q", ""),
    )[: int(_conf("MAX_POINTS"))]
    features = places.board_features(
        qs, url_for=lambda c: reverse("concerns:board_detail", args=[c.code])
    )
    return _public(_collection(features))


@require_GET
@login_required
def desk(request: HttpRequest) -> JsonResponse:
    """Open concerns in the official's scope, at the exact point when the resident gave one.
    ``?code=`` focuses one concern and adds the other open ones in its community."""
    actor = actor_for_user(request.user)
    if not actor.is_staff_member:
        raise Http404
    qs = concern_qs_for_actor(actor)
    code = request.GET.get("code", "").strip()[:32]
    if code:
        focus = qs.filter(code=code).first()
        if focus is None:
            raise Http404
        area = focus.area.parent if focus.area and focus.area.parent else focus.area
        nearby = qs.filter(status__in=OPEN_STATUSES).exclude(pk=focus.pk)
        nearby = nearby.filter(area__path__startswith=area.path) if area else nearby.none()
        concerns = [focus, *nearby.order_by("-created_at")[:50]]
    else:
        concerns = list(
            qs.filter(status__in=OPEN_STATUSES).order_by("-created_at")[: int(_conf("MAX_POINTS"))]
        )
    features = places.desk_features(
        concerns, url_for=lambda c: reverse("concerns:desk_concern", args=[c.code]), focus=code
    )
    response = _collection(features)
    patch_cache_control(response, private=True, max_age=60)
    return response


@require_GET
def locate(request: HttpRequest) -> JsonResponse:
    """``?lat=&lng=`` → the grid there ({"grid": {"id", "name", "community"}} or null)."""
    lat, lng = _float(request.GET.get("lat")), _float(request.GET.get("lng"))
    if lat is None or lng is None or not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return JsonResponse({"error": "lat and lng are required numbers"}, status=400)
    return _public(JsonResponse({"grid": places.locate(lat, lng)}))
