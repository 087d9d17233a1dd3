"""Sections other apps add to the 民情分析会 briefing (dependencies point down: insight does not
import them). An app registers a provider in its ``AppConfig.ready()``::

    register_section(fn)  # fn(area, period, actor) -> ExtraSection | None

``briefing_for`` calls every provider for the briefing's area, period and actor; a provider that
returns None adds nothing, and one that fails is logged and left out. Rows are plain text (the
page escapes them); ``group`` starts a sub-heading; ``flag`` marks a row needing attention.
``agenda`` items join the meeting's proposed problem list (the deadline is the agenda's).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExtraRow:
    label: str
    value: str = ""
    detail: str = ""
    group: str = ""
    flag: bool = False


@dataclass(frozen=True)
class ExtraAgendaItem:
    title: str
    detail: str
    owner_unit_id: int | None
    owner_name: str
    source_codes: list[str] = field(default_factory=list)


@dataclass
class ExtraSection:
    key: str
    title: str
    rows: list[ExtraRow] = field(default_factory=list)
    intro: str = ""
    empty: str = ""
    agenda: list[ExtraAgendaItem] = field(default_factory=list)


SectionProvider = Callable[[Any, Any, Any], ExtraSection | None]
_providers: list[SectionProvider] = []


def register_section(fn: SectionProvider) -> None:
    if all(existing is not fn for existing in _providers):
        _providers.append(fn)


def extra_sections(area: Any, period: Any, actor: Any) -> list[ExtraSection]:
    sections: list[ExtraSection] = []
    for fn in _providers:
        try:
            section = fn(area, period, actor)
        except Exception:  # a section must never break the briefing
            logger.exception("briefing section %s failed", getattr(fn, "__name__", "?"))
            continue
        if section is not None:
            sections.append(section)
    return sections
