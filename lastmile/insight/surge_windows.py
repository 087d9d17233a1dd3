"""The bounded scan behind ``surges.surge_scan``: the same surges as ``detect_surges`` over the
period's concerns, in bounded memory. Only the window and the baseline before it are read;
category and area counts per window are ``COUNT``s in the database (no concern is loaded unless
its key surges); topics stream the period's subjects and texts once into the clustering."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from lastmile.insight.hotspots import TextItem
from lastmile.insight.surges import AREA_LEVEL, Surge, _subjects_key, is_surge, score
from lastmile.insight.textnorm import normalize


@dataclass(frozen=True)
class Period:
    """The window (slot 0) and the baseline windows (slots 1 … ``windows``) before ``now``."""

    now: datetime
    window: timedelta
    windows: int
    start: datetime

    def slot(self, created_at: datetime) -> int:
        """As ``detect_surges`` counts: 0 = the window, 1 … ``windows`` = baseline windows."""
        return min(int((self.now - created_at) / self.window), self.windows)

    def slot_q(self, slot: int) -> Any:
        """The filter of one slot (within the period's queryset), the same bounds as ``slot``."""
        from django.db.models import Q

        if slot == 0:
            return Q(created_at__gt=self.now - self.window)
        upper = Q(created_at__lte=self.now - self.window * slot)
        if slot == self.windows:
            return upper
        return upper & Q(created_at__gt=self.now - self.window * (slot + 1))

    def judge(self, key: str, label: str, slots: list[int], members: Any) -> Surge | None:
        """A ``Surge`` when the window's count stands out (``members()`` loads its items)."""
        count = slots[0]
        mean, std, ratio, z, p = score(count, slots[1:])
        if not is_surge(count, z, p):
            return None
        return Surge(
            key=key,
            label=label,
            window_count=count,
            baseline_mean=round(mean, 3),
            baseline_std=round(std, 3),
            ratio=round(ratio, 2),
            z=round(z, 2),
            members=sorted(members(), key=lambda m: (m.created_at, m.id)),
            p_value=p,
        )


def _ordered(found: list[Surge]) -> list[Surge]:
    found.sort(key=lambda s: (-s.z, s.key))
    return found


def counted(qs: Any, period: Period, by: str) -> list[Surge]:
    """Category or area (rolled up to the community) surges from per-window counts in SQL."""
    from django.db.models import Count

    field = "category_id" if by == "category" else "area_id"
    counts = {f"s{k}": Count("pk", filter=period.slot_q(k)) for k in range(period.windows + 1)}
    rows = qs.filter(**{f"{field}__isnull": False}).order_by().values(field).annotate(**counts)
    per_value = {
        row[field]: [row[f"s{k}"] for k in range(period.windows + 1)] for row in rows.iterator()
    }
    keyed: dict[str, tuple[str, list[int], list[int]]] = {}  # key → (label, slots, values)
    if by == "category":
        from lastmile.concerns.models import Category

        names = dict(Category.objects.filter(pk__in=list(per_value)).values_list("pk", "name"))
        for value, slots in per_value.items():
            keyed[f"category:{value}"] = (names.get(value) or str(value), slots, [value])
    else:
        parent = _community_of()
        for value, slots in per_value.items():
            up_pk, up_name = parent.get(value, (value, ""))
            label, total, values = keyed.setdefault(
                f"area:{up_pk}", (up_name, [0] * len(slots), [])
            )
            keyed[f"area:{up_pk}"] = (
                label,
                [a + b for a, b in zip(total, slots, strict=True)],
                values,
            )
            values.append(value)
    found = []
    for key, (label, slots, values) in keyed.items():
        if not slots[0]:
            continue
        window_qs = qs.filter(period.slot_q(0), **{f"{field}__in": values})
        surge = period.judge(
            key, label or key.split(":", 1)[1], slots, lambda q=window_qs: _items(q)
        )
        if surge is not None:
            found.append(surge)
    return _ordered(found)


def _community_of() -> dict[int, tuple[int, str]]:
    """Area pk → (pk, name) of its enclosing community (or the area itself)."""
    from lastmile.orgs.models import Area

    areas = {a.pk: a for a in Area.objects.only("pk", "name", "path", "level")}
    out = {}
    for area in areas.values():
        chain = [areas.get(int(p)) for p in area.path.strip("/").split("/") if p.isdecimal()]
        hits = [a for a in chain if a is not None and a.level == AREA_LEVEL]
        up = hits[0] if hits else area
        out[area.pk] = (up.pk, up.name)
    return out


def topic_surges(qs: Any, period: Period) -> list[Surge]:
    """Topic surges: the period's concerns clustered as ``detect_surges(by="topic")`` does, from
    one streamed pass over (code, title, text, created_at); only the texts' prepared forms are
    kept, and the clustering holds its similarity matrix a block at a time."""
    from lastmile.insight.hotspots import _doc, cluster_docs

    codes: list[str] = []
    times: list[datetime] = []
    subjects: list[str] = []
    docs: list[str] = []
    rows = qs.values_list("code", "title", "text", "created_at")
    for code, title, text, created_at in rows.iterator(chunk_size=2000):
        item = TextItem(
            id=code, text=text, title=title, created_at=created_at, area_id=None, area_name=""
        )
        codes.append(code)
        times.append(created_at)
        subjects.append(normalize(title or text, max_chars=60))
        docs.append(_doc(item))
    groups = cluster_docs(docs)
    del docs
    topic_of: dict[int, tuple[str, str]] = {}
    for group in groups:
        key = _subjects_key([subjects[i] for i in group])
        for index in group:
            topic_of[index] = (key, subjects[group[0]])
    slots: dict[str, list[int]] = {}
    in_window: dict[str, list[int]] = {}
    labels: dict[str, str] = {}
    for index in sorted(topic_of):
        key, labels[key] = topic_of[index]
        slot = period.slot(times[index])
        slots.setdefault(key, [0] * (period.windows + 1))[slot] += 1
        if slot == 0:
            in_window.setdefault(key, []).append(index)
    found = []
    for key, indices in in_window.items():

        def members(indices: list[int] = indices) -> list[TextItem]:
            return [
                TextItem(
                    id=codes[i],
                    text="",
                    title=subjects[i],
                    created_at=times[i],
                    area_id=None,
                    area_name="",
                )
                for i in indices
            ]

        surge = period.judge(key, labels[key], slots[key], members)
        if surge is not None:
            found.append(surge)
    return _ordered(found)


def _items(qs: Any) -> list[TextItem]:
    from lastmile.insight.hotspots import items_from_concerns

    return items_from_concerns(qs)
