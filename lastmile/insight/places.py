"""Where a concern is: address text → area (the resolver registered with ``concerns.hooks``),
the gazetteer of road, building and landmark names, and the reads behind the map endpoints.

Address resolution is a longest match over every name the deployment knows — area names at every
level (with or without their 社区/村/街道/网格 suffix), the ``Place`` gazetteer, and the division
table (``divisions.py``) — and returns the most specific area the text supports. It never guesses
from a bare number: "人民路12号" matches the road "人民路".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import models
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _
from shapely.errors import ShapelyError
from shapely.geometry import Polygon

from lastmile.core.masking import mask_text
from lastmile.insight.divisions import division_areas
from lastmile.orgs.choices import AreaLevel
from lastmile.orgs.models import Area
from lastmile.orgs.selectors import GridIndex


class PlaceKind(models.TextChoices):
    ROAD = "road", _("road")
    BUILDING = "building", _("building or estate")
    LANDMARK = "landmark", _("landmark")


class Place(models.Model):
    """A name residents use for a place (road, building, landmark) and the area it lies in."""

    name = models.CharField(_("name"), max_length=100, db_index=True)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="places"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PlaceKind.choices)

    class Meta:
        app_label = "insight"
        ordering = ["name"]
        verbose_name = _("place name")
        verbose_name_plural = _("place names")
        constraints = [
            models.UniqueConstraint(fields=["name", "area"], name="insight_uniq_place_name_area")
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.area}"


# ---- normalising text ------------------------------------------------------------------------

_SPACE = re.compile(r"[\s·,，。、;；:：()（）\[\]【】\"'“”‘’-]+")
# Suffixes residents often leave out ("东风" for 东风社区) or add ("东风社区居委会").
_AREA_SUFFIXES = (
    "社区居委会",
    "居委会",
    "村委会",
    "社区",
    "街道办事处",
    "街道",
    "网格",
    "村",
    "镇",
    "乡",
)
_KIND_RANK: dict[str, int] = {"road": 0, "landmark": 1, "building": 2}


def normalize(text: str) -> str:
    """Full-width digits and letters to ASCII (NFKC), no spaces or punctuation, lower case."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or "")).lower()


def _short_name(name: str) -> str:
    for suffix in _AREA_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return ""


@dataclass(frozen=True)
class _Candidate:
    area_id: int
    start: int  # where the matched name begins in the text
    length: int
    rank: int  # place kind: building > landmark > road; areas and divisions rank by depth


def _match_spans(text: str, names: dict[str, list[tuple[int, int]]]) -> list[_Candidate]:
    """Longest non-overlapping matches of the known names in the text (longest first)."""
    taken = [False] * len(text)
    found: list[_Candidate] = []
    for name in sorted(names, key=len, reverse=True):
        start = text.find(name)
        while start != -1:
            end = start + len(name)
            if not any(taken[start:end]):
                taken[start:end] = [True] * len(name)
                found += [_Candidate(aid, start, len(name), rank) for aid, rank in names[name]]
            start = text.find(name, end)
    return found


def _area_names(areas: Iterable[Area]) -> dict[str, list[tuple[int, int]]]:
    names: dict[str, list[tuple[int, int]]] = {}
    for area in areas:
        for name in {normalize(area.name), normalize(_short_name(area.name))}:
            if len(name) >= 2:
                names.setdefault(name, []).append((area.pk, 0))
    return names


def _depth(area: Area) -> int:
    return area.path.count("/")


def resolve_address(address: str) -> Area | None:
    """The most specific area the address names, or None. Registered as ``places=``."""
    text = normalize(address)
    if len(text) < 2:
        return None
    areas = {a.pk: a for a in Area.objects.only("pk", "name", "code", "level", "path")}
    names = _area_names(areas.values())
    for place in Place.objects.only("name", "area_id", "kind"):
        key = normalize(place.name)
        if len(key) >= 2:
            names.setdefault(key, []).append((place.area_id, 1 + _KIND_RANK[place.kind]))
    for key, area_ids in division_areas(text, areas.values()).items():
        names.setdefault(key, []).extend((aid, 0) for aid in area_ids)
    found = [c for c in _match_spans(text, names) if c.area_id in areas]
    if not found:
        return None
    mentioned = {c.area_id for c in found}

    def score(c: _Candidate) -> tuple[int, int, int, int]:
        area = areas[c.area_id]
        # Ancestors also named in the text confirm the candidate ("东风社区人民路" → the 人民路
        # inside 东风社区, not a namesake elsewhere); an area contradicted by them loses.
        support = sum(1 for other in mentioned if areas[other].path in area.path)
        return (support, _depth(area), c.rank, c.start)

    return areas[max(found, key=score).area_id]


# ---- reads for the map -----------------------------------------------------------------------


def _cache_seconds() -> int:
    from django.conf import settings

    return int(getattr(settings, "LASTMILE_MAP", {}).get("CACHE_SECONDS", 300))


def _areas_version() -> str:
    stamp = Area.objects.aggregate(n=Count("pk"), top=Max("pk"))
    return f"{stamp['n']}-{stamp['top']}"


def _polygon_point(ring: Any) -> tuple[float, float] | None:
    try:
        centre = Polygon(ring).representative_point()
    except (TypeError, ValueError, ShapelyError):
        return None
    return (round(centre.y, 6), round(centre.x, 6))


def _compute_points(rows: list[Area]) -> dict[int, tuple[float, float]]:
    points: dict[int, tuple[float, float]] = {}
    for area in rows:
        if area.centre_lat is not None and area.centre_lng is not None:
            points[area.pk] = (area.centre_lat, area.centre_lng)
        elif area.polygon:
            point = _polygon_point(area.polygon)
            if point:
                points[area.pk] = point
    # An area without a centre or boundary sits at the mean of its located children (deepest first).
    for area in sorted(rows, key=_depth, reverse=True):
        if area.pk in points:
            continue
        kids = [points[c.pk] for c in rows if c.parent_id == area.pk and c.pk in points]
        if kids:
            lat = sum(p[0] for p in kids) / len(kids)
            points[area.pk] = (round(lat, 6), round(sum(p[1] for p in kids) / len(kids), 6))
    return points


def area_points() -> dict[int, tuple[float, float]]:
    """Area id → (lat, lng) to draw it at: its centre, inside its boundary, or its children's mean.
    Cached; the key changes when areas are added or removed."""
    key = f"insight:geo:points:{_areas_version()}"
    points = cache.get(key)
    if points is None:
        fields = ("pk", "parent_id", "path", "polygon", "centre_lat", "centre_lng")
        points = _compute_points(list(Area.objects.only(*fields)))
        cache.set(key, points, _cache_seconds())
    return points


def grid_features() -> list[dict[str, Any]]:
    """The grid boundaries as GeoJSON features (public: names and shapes only). Cached."""
    key = f"insight:geo:grids:{_areas_version()}"
    features = cache.get(key)
    if features is None:
        grids = Area.objects.filter(level=AreaLevel.GRID, polygon__isnull=False).select_related(
            "parent"
        )
        features = [
            {
                "type": "Feature",
                "id": g.pk,
                "geometry": {"type": "Polygon", "coordinates": [g.polygon]},
                "properties": {
                    "id": g.pk,
                    "name": g.name,
                    "community": g.parent.name if g.parent else "",
                },
            }
            for g in grids
            if isinstance(g.polygon, list) and len(g.polygon) >= 4
        ]
        cache.set(key, features, _cache_seconds())
    return features


def locate(lat: float, lng: float) -> dict[str, Any] | None:
    """The grid a point falls in, as the public sees it (id, name, community)."""
    grids = list(Area.objects.filter(level=AreaLevel.GRID).select_related("parent"))
    grid = GridIndex(grids).locate(lat, lng)
    if grid is None:
        return None
    return {"id": grid.pk, "name": grid.name, "community": grid.parent.name if grid.parent else ""}


def _point_feature(lat: float, lng: float, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lng, lat]},
        "properties": properties,
    }


def board_features(concerns: Iterable[Any], *, url_for: Any) -> list[dict[str, Any]]:
    """Public concerns at their community's point — never the resident's own point, never the
    grid (the public sees community level at most). Titles are masked like the board's list."""
    points = area_points()
    features = []
    for c in concerns:
        area = c.area
        if area is None:
            continue
        shown = area.parent if area.level == AreaLevel.GRID and area.parent else area
        point = points.get(shown.pk)
        if point is None:
            continue
        props = {
            "code": c.code,
            "title": mask_text(c.title, names=(c.resident_name,)),
            "status": c.status,
            "status_label": str(c.get_status_display()),
            "area": shown.name,
            "url": url_for(c),
        }
        features.append(_point_feature(point[0], point[1], props))
    return features


def desk_features(
    concerns: Iterable[Any], *, url_for: Any, focus: str = ""
) -> list[dict[str, Any]]:
    """Concerns an official may see, at the resident's exact point when there is one."""
    points = area_points()
    features = []
    for c in concerns:
        exact = c.lat is not None and c.lng is not None
        point = (c.lat, c.lng) if exact else points.get(c.area_id) if c.area_id else None
        if point is None:
            continue
        props = {
            "code": c.code,
            "title": c.title,
            "status": c.status,
            "status_label": str(c.get_status_display()),
            "area": c.area.name if c.area else "",
            "area_id": c.area_id,
            "exact": exact,
            "focus": c.code == focus,
            "url": url_for(c),
        }
        features.append(_point_feature(point[0], point[1], props))
    return features
