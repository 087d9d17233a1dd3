"""Administrative division codes (统计用区划代码): a small maintained table the address resolver
uses for official names ("岳麓区", "天马社区居委会") and, where an area's code *is* its division
code, to tie the name to the area.

Codes are 6 digits (province, city, county), 9 (town/street) or 12 (village/community). The
national 12-digit form with trailing zero blocks ("430104000000") is shortened on load. Load with
``lastmile load_divisions --file divisions.csv`` (columns ``code,name[,parent_code]``; a header
row is optional). Nothing is downloaded: the operator supplies the file.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from lastmile.core import audit
from lastmile.orgs.models import Area
from lastmile.orgs.selectors import Actor


class DivisionLevel(models.TextChoices):
    PROVINCE = "province", _("province")
    CITY = "city", _("city")
    COUNTY = "county", _("county / district")
    TOWN = "town", _("town / street")
    VILLAGE = "village", _("village / community")


class Division(models.Model):
    code = models.CharField(_("division code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=100, db_index=True)
    level = models.CharField(_("level"), max_length=16, choices=DivisionLevel.choices)
    parent_code = models.CharField(_("parent code"), max_length=12, blank=True, db_index=True)

    class Meta:
        app_label = "insight"
        ordering = ["code"]
        verbose_name = _("administrative division")
        verbose_name_plural = _("administrative divisions")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


# ---- codes ----------------------------------------------------------------------------------


def normalize_code(raw: str) -> str:
    """Digits only; a 12-digit code with trailing zero blocks becomes its 6- or 9-digit form."""
    code = unicodedata.normalize("NFKC", raw or "").strip()
    if len(code) == 12 and code.isdecimal():
        if code.endswith("000000"):
            code = code[:6]
        elif code.endswith("000"):
            code = code[:9]
    return code


def level_of(code: str) -> str:
    if len(code) == 12:
        return DivisionLevel.VILLAGE
    if len(code) == 9:
        return DivisionLevel.TOWN
    if code.endswith("0000"):
        return DivisionLevel.PROVINCE
    if code.endswith("00"):
        return DivisionLevel.CITY
    return DivisionLevel.COUNTY


def parent_of(code: str) -> str:
    level = level_of(code)
    if level == DivisionLevel.VILLAGE:
        return code[:9]
    if level == DivisionLevel.TOWN:
        return code[:6]
    if level == DivisionLevel.COUNTY:
        return code[:4] + "00"
    if level == DivisionLevel.CITY:
        return code[:2] + "0000"
    return ""


# ---- loading --------------------------------------------------------------------------------


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)  # "line 7: 4301 — a code has 6, 9 or 12 digits"


def _parse(rows: Iterable[list[str]], result: LoadResult) -> dict[str, tuple[str, str]]:
    parsed: dict[str, tuple[str, str]] = {}
    for line, row in enumerate(rows, start=1):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        raw = cells[0].lstrip("\ufeff")
        if line == 1 and not raw.isdecimal():
            continue  # header
        code = normalize_code(raw)
        name = unicodedata.normalize("NFKC", cells[1]).strip() if len(cells) > 1 else ""
        parent = normalize_code(cells[2]) if len(cells) > 2 and cells[2] else parent_of(code)
        problem = ""
        if not code.isdecimal() or len(code) not in (6, 9, 12):
            problem = "a code has 6, 9 or 12 digits"
        elif not name or len(name) > 100:
            problem = "the name is missing or longer than 100 characters"
        elif parent and (not parent.isdecimal() or len(parent) not in (6, 9)):
            problem = "the parent code has 6 or 9 digits"
        elif code in parsed:
            problem = "the code appears twice in the file"
        if problem:
            result.errors.append(f"line {line}: {raw or '(empty)'} — {problem}")
            continue
        parsed[code] = (name, parent)
    return parsed


def divisions_check(rows: Iterable[list[str]]) -> list[str]:
    """The bad rows of a file, named by line, without loading anything."""
    result = LoadResult()
    _parse(rows, result)
    return result.errors


def read_rows(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        text = data.decode("utf-8", errors="replace")
    return list(csv.reader(io.StringIO(text)))


@transaction.atomic
def divisions_load(*, actor: Actor, rows: Iterable[list[str]], source: str = "") -> LoadResult:
    """Create or update divisions from rows ``code,name[,parent_code]``. Bad rows are skipped and
    named in ``errors`` (by line); good rows load. One audit event for the whole load."""
    result = LoadResult()
    parsed = _parse(rows, result)
    existing = {d.code: d for d in Division.objects.filter(code__in=list(parsed))}
    new, changed = [], []
    for code, (name, parent) in parsed.items():
        division = existing.get(code)
        if division is None:
            new.append(Division(code=code, name=name, level=level_of(code), parent_code=parent))
        elif (division.name, division.parent_code) != (name, parent):
            division.name, division.parent_code = name, parent
            changed.append(division)
        else:
            result.unchanged += 1
    Division.objects.bulk_create(new, batch_size=1000)
    Division.objects.bulk_update(changed, ["name", "parent_code"], batch_size=1000)
    result.created, result.updated = len(new), len(changed)
    audit.record(
        verb="divisions.loaded",
        obj_type="insight.division",
        obj_id=source[:100] or "-",
        actor_id=actor.user_id,
        actor_label=actor.label,
        data={"created": result.created, "updated": result.updated, "bad": len(result.errors)},
    )
    return result


# ---- reading (for the address resolver) -----------------------------------------------------

_SUFFIXES = ("省", "市", "区", "县", "旗", "州", "盟", "街道", "镇", "乡", "苏木", "社区", "村")
_OFFICIAL_TAILS = {"社区": ("社区居委会",), "村": ("村委会", "村民委员会")}


def _candidate_names(text: str) -> set[str]:
    """Substrings of the text that end like a division name (a few dozen, not every n-gram)."""
    names: set[str] = set()
    for end in range(2, len(text) + 1):
        for suffix in _SUFFIXES:
            if text.endswith(suffix, 0, end):
                for start in range(max(0, end - 20), end - 1):
                    piece = text[start:end]
                    names.add(piece)
                    for tail in _OFFICIAL_TAILS.get(suffix, ()):
                        names.add(piece[: -len(suffix)] + tail)
    return names


def division_areas(text: str, areas: Iterable[Area]) -> dict[str, list[int]]:
    """Division names found in the (normalised) text → ids of the areas carrying that code.
    Keys are the names as written in the text (an official "天马社区居委会" is keyed "天马社区")."""
    wanted = _candidate_names(text)
    if not wanted:
        return {}
    found = list(Division.objects.filter(name__in=wanted).values_list("code", "name"))
    if not found:
        return {}
    by_code: dict[str, list[int]] = {}
    for area in areas:
        by_code.setdefault(normalize_code(area.code), []).append(area.pk)
    result: dict[str, list[int]] = {}
    for code, name in found:
        key = name
        for suffix, tails in _OFFICIAL_TAILS.items():
            for tail in tails:
                if name.endswith(tail) and name not in text:
                    key = name[: -len(tail)] + suffix
        if code in by_code and key in text:
            result.setdefault(key, []).extend(by_code[code])
    return result
