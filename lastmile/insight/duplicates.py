"""Likely duplicates: open concerns that describe the same problem (text, place and time).

Registered as the ``duplicates`` provider of ``lastmile.concerns.hooks`` (see ``apps.ready``):
intake shows them to the resident (masked, with "me too"), the desk shows them to the
dispatcher with a score and a one-click merge.

Score = text × (BASE + PLACE_WEIGHT × place + TIME_WEIGHT × time), all in 0..1:

- text: character 2- and 3-gram sets of the normalised title + text (polite boilerplate and
  corpus-wide common bigrams removed), compared by the mean of Jaccard and the overlap
  coefficient (the overlap keeps a short, half-typed intake text comparable with a long one);
- place: distance when both have coordinates, else same grid > same community > same street;
- time: exponential decay with a 30-day scale.

Candidates are bounded so a keystroke never scans the table: open statuses only, received in
the last ``WINDOW_DAYS`` days, inside the street of the given area, newest ``MAX_CANDIDATES``.
Exact set comparison over ≤ 2,000 cached shingle sets costs a few milliseconds, so MinHash/LSH
would add approximation without saving time at this scale (measured in ``bench/duplicates.py``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from django.db.models import Q
from django.db.models.functions import Substr
from django.utils import timezone

from lastmile.concerns.choices import OPEN_STATUSES
from lastmile.concerns.hooks import DuplicateGuess
from lastmile.concerns.models import Concern
from lastmile.concerns.selectors import LIST_RELATED
from lastmile.insight.dupdata import BOILERPLATE, STOP_GRAMS
from lastmile.orgs.choices import AreaLevel
from lastmile.orgs.models import Area

WINDOW_DAYS = 60
TIME_SCALE_DAYS = 30.0
MAX_CANDIDATES = 2000
TEXT_CHARS = 400  # of each candidate's text, after its title
THRESHOLD = 0.20  # chosen on the labelled pairs (bench/results/duplicates.json)
BASE, PLACE_WEIGHT, TIME_WEIGHT = 0.6, 0.25, 0.15
# Place factors when the places are areas; coordinates give a distance instead.
SAME_GRID, SAME_COMMUNITY, SAME_STREET, UNKNOWN_PLACE, ELSEWHERE = 1.0, 0.8, 0.6, 0.5, 0.2
NEAR_METRES, FAR_METRES = 50.0, 1000.0
# Open, and still a sensible parent for a merge or a "me too" (replied ones are done).
CANDIDATE_STATUSES = OPEN_STATUSES
_SAME_AREA: dict[str, float] = {
    AreaLevel.GRID: SAME_GRID,
    AreaLevel.COMMUNITY: SAME_COMMUNITY,
    AreaLevel.STREET: SAME_STREET,
}

_BOILER = re.compile("|".join(sorted(map(re.escape, BOILERPLATE), key=len, reverse=True)))
_NON_WORD = re.compile(r"[\W_]+")


# ---- text --------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Full-width to half-width, lower case, boilerplate and punctuation removed."""
    text = unicodedata.normalize("NFKC", text).lower()
    return _NON_WORD.sub("", _BOILER.sub(" ", text))


@lru_cache(maxsize=16384)
def shingles(text: str) -> frozenset[str]:
    """Character 2- and 3-grams of the normalised text, minus corpus-wide common bigrams."""
    s = normalise(text)
    grams = {s[i : i + 2] for i in range(len(s) - 1)} - STOP_GRAMS
    grams.update(s[i : i + 3] for i in range(len(s) - 2))
    return frozenset(grams)


def text_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Mean of Jaccard and the overlap coefficient of two shingle sets (0..1)."""
    if not a or not b:
        return 0.0
    common = len(a & b)
    if not common:
        return 0.0
    jaccard = common / (len(a) + len(b) - common)
    overlap = common / min(len(a), len(b))
    return (jaccard + overlap) / 2


# ---- place and time ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where a concern is: its area's path (``/1/4/17/``) and level, and coordinates."""

    path: str = ""
    level: str = ""
    lat: float | None = None
    lng: float | None = None


def metres(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance (haversine), metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(min(1.0, h)))


def _ids(path: str) -> list[str]:
    return [p for p in path.split("/") if p]


def place_similarity(a: Place, b: Place, *, street_depth: int | None = None) -> float:
    """1 for the same spot or grid, less for the same community or street, 0.5 when unknown.

    ``street_depth`` is the index of the street in a path (1 under a district root); paths
    deeper than it share a community when their next id matches."""
    if None not in (a.lat, a.lng, b.lat, b.lng):
        d = metres(a.lat, a.lng, b.lat, b.lng)  # type: ignore[arg-type]
        if d <= NEAR_METRES:
            return 1.0
        return max(ELSEWHERE, 1.0 - (d - NEAR_METRES) / (FAR_METRES - NEAR_METRES))
    if not a.path or not b.path:
        return UNKNOWN_PLACE
    if a.path == b.path:
        return _SAME_AREA.get(a.level, UNKNOWN_PLACE)
    depth = 1 if street_depth is None else street_depth
    common = 0
    for x, y in zip(_ids(a.path), _ids(b.path), strict=False):
        if x != y:
            break
        common += 1
    if common >= depth + 2:
        return SAME_COMMUNITY
    if common == depth + 1:
        return SAME_STREET
    return ELSEWHERE


def time_similarity(a: datetime, b: datetime) -> float:
    days = abs((a - b).total_seconds()) / 86400
    return math.exp(-days / TIME_SCALE_DAYS)


def combine(text: float, place: float, time: float) -> float:
    return text * (BASE + PLACE_WEIGHT * place + TIME_WEIGHT * time)


# ---- the provider --------------------------------------------------------------------------------


def _street_of(area: Area) -> tuple[str, int]:
    """The path of the area's street (or the area itself above street level) and its depth."""
    ids = _ids(area.path)
    levels = dict(Area.objects.filter(pk__in=ids).values_list("pk", "level"))
    for depth, pk in enumerate(ids):
        if levels.get(int(pk)) == AreaLevel.STREET:
            return "/" + "/".join(ids[: depth + 1]) + "/", depth
    return area.path, max(len(ids) - 1, 0)


def candidate_rows(
    *, area: Area | None, exclude: Concern | None, now: datetime
) -> tuple[list[dict], int | None]:
    """At most MAX_CANDIDATES open, recent concerns in the street (one indexed query)."""
    qs = Concern.objects.filter(
        status__in=CANDIDATE_STATUSES, created_at__gte=now - timedelta(days=WINDOW_DAYS)
    )
    depth = None
    if area is not None and area.path:
        street_path, depth = _street_of(area)
        qs = qs.filter(Q(area__path__startswith=street_path))
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    rows = (
        qs.annotate(head=Substr("text", 1, TEXT_CHARS))
        .order_by("-created_at")
        .values("pk", "title", "head", "lat", "lng", "created_at", "area__path", "area__level")[
            :MAX_CANDIDATES
        ]
    )
    return list(rows), depth


def score_rows(
    rows: list[dict],
    *,
    text: str,
    place: Place,
    now: datetime,
    street_depth: int | None = None,
) -> list[tuple[int, float]]:
    """(pk, score) of the rows scoring at least THRESHOLD, best first."""
    query = shingles(text[: TEXT_CHARS + 120])
    scored = []
    for row in rows:
        t = text_similarity(query, shingles(f"{row['title']} {row['head']}"))
        if t * (BASE + PLACE_WEIGHT + TIME_WEIGHT) < THRESHOLD:
            continue  # cannot reach the threshold even at the same spot and time
        other = Place(row["area__path"] or "", row["area__level"] or "", row["lat"], row["lng"])
        p = place_similarity(place, other, street_depth=street_depth)
        score = combine(t, p, time_similarity(now, row["created_at"]))
        if score >= THRESHOLD:
            scored.append((row["pk"], score))
    scored.sort(key=lambda item: -item[1])
    return scored


def find_duplicates(
    *,
    text: str,
    area: Area | None = None,
    lat: float | None = None,
    lng: float | None = None,
    exclude: Concern | None = None,
    limit: int = 10,
    now: datetime | None = None,
) -> list[DuplicateGuess]:
    """Open concerns likely to describe the same problem, best first (three queries at most)."""
    now = now or timezone.now()
    rows, depth = candidate_rows(area=area, exclude=exclude, now=now)
    place = Place(area.path if area else "", area.level if area else "", lat, lng)
    best = score_rows(rows, text=text, place=place, now=now, street_depth=depth)[:limit]
    if not best:
        return []
    by_pk = Concern.objects.select_related(*LIST_RELATED).in_bulk([pk for pk, _ in best])
    return [DuplicateGuess(by_pk[pk], round(s, 3)) for pk, s in best if pk in by_pk]
