"""Small interfaces the concern loop offers to higher apps (dependencies point down).

`concerns` must not import `insight`, yet intake and the dispatcher's desk want a suggested
category, likely duplicates and a place for an address. Higher apps register providers here at
start-up (in their ``AppConfig.ready()``); the pages call the functions below, which return
empty results when nothing is registered, so the loop works without them.
"""

from __future__ import annotations

import logging
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

logger = logging.getLogger(__name__)

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


def best_category(text: str) -> CategoryGuess | None:
    """The one suggestion a form pre-selects (intake as the operator types), or None.

    Never raises: a failing classifier is logged and the form simply shows no suggestion."""
    try:
        guesses = suggest_categories(text, limit=1)
    except Exception:  # a suggestion must never break the form it helps to fill
        logger.exception("category suggester failed")
        return None
    return guesses[0] if guesses else None


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


# ---- page panels ------------------------------------------------------------------------------
# Higher apps add small panels to the loop's pages without the loop importing them: the home
# page shows the nearest station on duty, wishes and notices; the tracking page shows the
# household's contact cadre. A panel is a callable taking the request (and, on the tracking page,
# ``concern=``) and returning rendered HTML, or None to show nothing. Slots: "home", "track".

PanelRenderer = Callable[..., str | None]
_panels: dict[str, list[tuple[int, PanelRenderer]]] = {}


def register_panel(slot: str, renderer: PanelRenderer, *, order: int = 50) -> None:
    entries = _panels.setdefault(slot, [])
    if all(existing is not renderer for _order, existing in entries):
        entries.append((order, renderer))
        entries.sort(key=lambda entry: entry[0])


def render_panels(slot: str, request: Any, **context: Any) -> list[str]:
    """Each registered panel's HTML, in order; a failing panel is logged and left out."""
    html: list[str] = []
    for _order, renderer in _panels.get(slot, []):
        try:
            out = renderer(request, **context)
        except Exception:  # a panel must never break the page it sits on
            logger.exception("panel %s failed on %s", getattr(renderer, "__name__", "?"), slot)
            continue
        if out:
            html.append(out)
    return html


# ---- desk links -------------------------------------------------------------------------------
# The staff pages of the apps above the loop (wishes, merits, decisions, visits, stations,
# notices, learning) are reached from one desk page, "Community work". Each app registers its
# entry here in ``AppConfig.ready()``; ``visible(actor)`` decides who sees it.


@dataclass(frozen=True)
class DeskLink:
    label: Any  # a lazy translation
    url: str  # a URL name, reversed when the page renders
    description: Any = ""
    order: int = 50
    visible: Callable[[Any], bool] | None = None


_desk_links: dict[str, DeskLink] = {}


def register_desk_link(link: DeskLink) -> None:
    _desk_links[link.url] = link


def desk_links(actor: Any) -> list[DeskLink]:
    links = sorted(_desk_links.values(), key=lambda link: (link.order, str(link.label)))
    return [link for link in links if link.visible is None or link.visible(actor)]


def staff_only(actor: Any) -> bool:
    """The usual ``visible`` for a desk link: anyone with a staff membership."""
    return bool(actor.is_staff_member)
