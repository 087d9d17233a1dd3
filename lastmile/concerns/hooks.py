"""Small interfaces the concern loop offers to higher apps (dependencies point down).

`concerns` must not import `insight`, yet intake and the dispatcher's desk want a suggested
category, likely duplicates and a place for an address. Higher apps register providers here at
start-up (in their ``AppConfig.ready()``); the pages call the functions below, which return
empty results when nothing is registered, so the loop works without them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lastmile.concerns.models import Category, Concern
from lastmile.orgs.models import Area


@dataclass(frozen=True)
class CategoryGuess:
    category: Category
    confidence: float  # 0..1


@dataclass(frozen=True)
class DuplicateGuess:
    concern: Concern
    score: float  # 0..1, higher = more likely the same problem


CategorySuggester = Callable[[str], list[CategoryGuess]]
DuplicateFinder = Callable[..., list[DuplicateGuess]]
PlaceResolver = Callable[[str], Area | None]

_providers: dict[str, Any] = {}


def register(
    *,
    suggester: CategorySuggester | None = None,
    duplicates: DuplicateFinder | None = None,
    places: PlaceResolver | None = None,
) -> None:
    if suggester is not None:
        _providers["suggester"] = suggester
    if duplicates is not None:
        _providers["duplicates"] = duplicates
    if places is not None:
        _providers["places"] = places


def suggest_categories(text: str, *, limit: int = 3) -> list[CategoryGuess]:
    provider = _providers.get("suggester")
    return provider(text)[:limit] if provider and text.strip() else []


def find_duplicates(
    *,
    text: str,
    area: Area | None = None,
    lat: float | None = None,
    lng: float | None = None,
    exclude: Concern | None = None,
    limit: int = 5,
) -> list[DuplicateGuess]:
    """Open concerns likely to describe the same problem (text, place and time)."""
    provider = _providers.get("duplicates")
    if not provider or not text.strip():
        return []
    return provider(text=text, area=area, lat=lat, lng=lng, exclude=exclude)[:limit]


def resolve_place(address: str) -> Area | None:
    provider = _providers.get("places")
    return provider(address) if provider and address.strip() else None
