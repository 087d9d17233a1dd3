"""The 民情分析会 briefing for one area and period, as the actor may see it (a selector).

``briefing_for(actor=…, area=…, period=…)`` assembles every section from a handful of queries:
the period's concerns (plus the weeks before, for surges and repeats) are read once as plain rows;
closings and replies in the period and the overdue list are read apart. Hotspots, surges and reply
quality come from ``lastmile.insight.{hotspots,surges,replyquality}``. ``agenda_items(briefing)``
turns the findings into proposed problem-list items (owner unit, deadline, source concerns) that
the rectification ledger can take over.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lastmile.concerns.choices import Outcome, Satisfaction, Status
from lastmile.concerns.models import Category, Concern
from lastmile.concerns.selectors import concern_qs_for_actor
from lastmile.core.workcal import add_working_days
from lastmile.insight.briefing import sections
from lastmile.insight.briefing.extra import ExtraSection, extra_sections
from lastmile.insight.briefing.period import Period
from lastmile.insight.briefing.sections import FlaggedReply, OverdueRow, RepeatGroup
from lastmile.orgs.choices import AreaLevel
from lastmile.orgs.models import Area, Unit
from lastmile.orgs.selectors import Actor, government_unit_for, subtree_q

SURGE_WINDOW_DAYS = 7
SURGE_BASELINE_DAYS = 56
AGENDA_DEADLINE_WORKING_DAYS = 15
FLAGGED_LIMIT = 20
HOTSPOT_LIMIT = 10
ROW_FIELDS = (
    "id",
    "code",
    "title",
    "channel",
    "status",
    "created_at",
    "category_id",
    "area_id",
    "area__path",
    "lead_unit_id",
    "resident_phone",
    "resident_phone_hash",  # repeats group by the keyed hashes (the values are encrypted)
    "address",
    "address_hash",
    "lat",
    "lng",
)
CHANNEL_LABELS = {
    "web": "居民网页",
    "operator": "热线电话",
    "api": "接口",
    "open311": "Open311",
    "wechat": "微信",
    "visit": "入户走访",
    "import": "表格导入",
    "board": "留言板",
}
LEVEL_LABELS: dict[str, str] = {
    AreaLevel.DISTRICT: "街道/乡镇",
    AreaLevel.STREET: "社区/村",
    AreaLevel.COMMUNITY: "网格",
    AreaLevel.GRID: "网格",
}


@dataclass
class Slice:
    label: str
    count: int


@dataclass
class Headline:
    received: int = 0
    closed: int = 0
    replied: int = 0
    on_time: int = 0
    rated: int = 0
    not_rated: int = 0
    satisfied: int = 0
    mostly: int = 0
    resolved: int = 0
    dispatched: int = 0
    signed_on_time: int = 0

    @staticmethod
    def _rate(part: float, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def on_time_rate(self) -> float | None:
        return self._rate(self.on_time, self.replied)

    @property
    def satisfaction_rate(self) -> float | None:
        """(satisfied + 0.9 × mostly satisfied) / rated; "not rated" never counts as satisfied."""
        return self._rate(self.satisfied + 0.9 * self.mostly, self.rated)

    @property
    def resolution_rate(self) -> float | None:
        return self._rate(self.resolved, self.rated)

    @property
    def response_rate(self) -> float | None:
        return self._rate(self.signed_on_time, self.dispatched)


@dataclass
class AgendaItem:
    title: str
    detail: str
    owner_unit_id: int | None
    owner_name: str
    deadline: date
    source_codes: list[str] = field(default_factory=list)


@dataclass
class Briefing:
    area: Area
    period: Period
    actor_label: str
    generated_at: datetime
    as_of: datetime
    headline: Headline
    by_category: list[Slice]
    by_area: list[Slice]
    by_area_label: str
    by_channel: list[Slice]
    by_week: list[Slice]
    hotspots: list[Any]
    surges: list[Any]
    repeats: list[RepeatGroup]
    overdue: list[OverdueRow]
    flagged: list[FlaggedReply]
    flagged_total: int
    replies_checked: int
    replies_total: int
    lead_units: dict[str, int | None]  # concern code → lead unit id
    unit_names: dict[int, str]
    missing: list[str] = field(default_factory=list)
    extra_sections: list[ExtraSection] = field(default_factory=list)  # other apps' (extra.py)

    @property
    def is_empty(self) -> bool:
        h = self.headline
        return not (h.received or h.closed or h.replied or self.overdue)

    @property
    def is_partial(self) -> bool:
        return self.period.end_dt > self.generated_at

    def chart_data(self) -> dict[str, Any]:
        """The chart series for the page (ECharts reads it from a json_script block)."""

        def pairs(slices: list[Slice]) -> dict[str, list[Any]]:
            return {"labels": [s.label for s in slices], "values": [s.count for s in slices]}

        return {
            "category": pairs(self.by_category),
            "area": pairs(self.by_area),
            "channel": pairs(self.by_channel),
            "week": pairs(self.by_week),
        }


# ---- reach -----------------------------------------------------------------------------------


def areas_for_actor(actor: Actor) -> list[Area]:
    """The areas a briefing may be made for by this person: district to community within their
    reach (a grid only when a grid is all they cover, e.g. a grid worker)."""
    if actor.is_superuser:
        return list(Area.objects.exclude(level=AreaLevel.GRID).order_by("path"))
    paths = set(actor.area_paths())
    paths |= {m.unit.area.path for m in actor.memberships if m.unit_id in actor.unit_ids}
    if not paths:
        return []
    qs = Area.objects.filter(subtree_q(sorted(paths), "path")).order_by("path")
    return [a for a in qs if a.level != AreaLevel.GRID or a.path in paths]


def area_for_actor(actor: Actor, code: str) -> Area:
    """The named area if within reach; Http404 otherwise (never say that it exists)."""
    for area in areas_for_actor(actor):
        if area.code == code:
            return area
    raise Http404("area not found")


def scoped_qs(actor: Actor, area: Area) -> QuerySet[Concern]:
    return concern_qs_for_actor(actor).filter(area__path__startswith=area.path)


# ---- sections --------------------------------------------------------------------------------


def _category_roots() -> dict[int, str]:
    rows = {c["id"]: c for c in Category.objects.values("id", "name", "parent_id")}
    roots: dict[int, str] = {}
    for cid, row in rows.items():
        node = row
        while node["parent_id"] and node["parent_id"] in rows:
            node = rows[node["parent_id"]]
        roots[cid] = node["name"]
    return roots


def _headline(qs: QuerySet[Concern], period: Period, received: int) -> Headline:
    inside = Q(closed_at__gte=period.start_dt, closed_at__lt=period.end_dt)
    replied = Q(replied_at__gte=period.start_dt, replied_at__lt=period.end_dt)
    dispatched = Q(dispatched_at__gte=period.start_dt, dispatched_at__lt=period.end_dt)
    rated = inside & Q(outcome=Outcome.RATED)
    figures = qs.aggregate(
        closed=Count("id", filter=inside, distinct=True),
        rated=Count("id", filter=rated, distinct=True),
        not_rated=Count("id", filter=inside & Q(outcome=Outcome.NOT_RATED), distinct=True),
        satisfied=Count(
            "id", filter=rated & Q(cb_satisfaction=Satisfaction.SATISFIED), distinct=True
        ),
        mostly=Count(
            "id", filter=rated & Q(cb_satisfaction=Satisfaction.MOSTLY_SATISFIED), distinct=True
        ),
        resolved=Count("id", filter=rated & Q(cb_resolved=True), distinct=True),
        replied=Count("id", filter=replied & Q(resolve_due__isnull=False), distinct=True),
        on_time=Count(
            "id",
            filter=replied & Q(resolve_due__isnull=False, replied_at__lte=F("resolve_due")),
            distinct=True,
        ),
        dispatched=Count("id", filter=dispatched & Q(sign_due__isnull=False), distinct=True),
        signed_on_time=Count(
            "id",
            filter=dispatched & Q(sign_due__isnull=False, signed_at__lte=F("sign_due")),
            distinct=True,
        ),
    )
    return Headline(received=received, **figures)


def _slices(counter: Counter[str]) -> list[Slice]:
    """Largest first; ties by label, so the order is stable."""
    return [Slice(label, n) for label, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]


def _by_area(rows: list[dict], area: Area) -> tuple[list[Slice], str]:
    children = {str(a.pk): a.name for a in Area.objects.filter(parent=area).order_by("path")}
    counter: Counter[str] = Counter()
    for row in rows:
        rest = (row["area__path"] or "")[len(area.path) :].split("/")[0]
        counter[children.get(rest, area.name)] += 1
    return _slices(counter), LEVEL_LABELS.get(area.level, "区域")


def _by_week(rows: list[dict], period: Period) -> list[Slice]:
    first = period.start - timedelta(days=period.start.weekday())
    weeks: list[date] = []
    day = first
    while day < period.end:
        weeks.append(day)
        day += timedelta(days=7)
    counter: Counter[date] = Counter()
    for row in rows:
        local = timezone.localdate(row["created_at"])
        counter[local - timedelta(days=local.weekday())] += 1
    return [Slice(f"{max(w, period.start):%m-%d}起", counter[w]) for w in weeks]


def briefing_for(
    *, actor: Actor, area: Area, period: Period, now: datetime | None = None
) -> Briefing:
    """Everything the meeting needs for ``area`` and ``period``, within the actor's reach."""
    now = now or timezone.now()
    as_of = min(period.end_dt, now)
    qs = scoped_qs(actor, area)
    range_start = min(
        period.start_dt - timedelta(days=sections.REPEAT_DAYS),
        as_of - timedelta(days=SURGE_WINDOW_DAYS + SURGE_BASELINE_DAYS),
    )
    wide = qs.filter(created_at__gte=range_start, created_at__lt=as_of).exclude(
        status=Status.DIVERTED
    )
    rows = list(wide.values(*ROW_FIELDS).order_by("created_at"))
    in_period = [r for r in rows if r["created_at"] >= period.start_dt]
    roots = _category_roots()
    by_area, by_area_label = _by_area(in_period, area)
    missing: list[str] = []
    hotspots, surges = _clusters(wide, rows, period, as_of, missing)
    checked = sections.flagged_replies(qs, period)
    if checked is None:
        missing.append("replyquality")
    flagged, replies_checked, replies_total = checked or ([], 0, 0)
    lead_ids = {r["lead_unit_id"] for r in rows if r["lead_unit_id"]}
    overdue = sections.overdue_rows(qs, period, now)
    lead_ids |= {o.unit_id for o in overdue if o.unit_id}
    return Briefing(
        area=area,
        period=period,
        actor_label=actor.label,
        generated_at=now,
        as_of=as_of,
        headline=_headline(qs, period, len(in_period)),
        by_category=_slices(Counter(roots.get(r["category_id"], "未分类") for r in in_period)),
        by_area=by_area,
        by_area_label=by_area_label,
        by_channel=_slices(
            Counter(CHANNEL_LABELS.get(r["channel"], r["channel"]) for r in in_period)
        ),
        by_week=_by_week(in_period, period),
        hotspots=hotspots,
        surges=surges,
        repeats=sections.repeat_groups(rows, period, roots),
        overdue=overdue,
        flagged=flagged[:FLAGGED_LIMIT],
        flagged_total=len(flagged),
        replies_checked=replies_checked,
        replies_total=replies_total,
        lead_units={r["code"]: r["lead_unit_id"] for r in rows},
        unit_names=dict(Unit.objects.filter(pk__in=lead_ids).values_list("pk", "name")),
        missing=missing,
        extra_sections=extra_sections(area, period, actor),
    )


def _clusters(
    wide: QuerySet[Concern], rows: list[dict], period: Period, as_of: datetime, missing: list[str]
) -> tuple[list[Any], list[Any]]:
    hot, surge = sections.part("hotspots"), sections.part("surges")
    if hot is None:
        missing.append("hotspots")
        return [], []
    # TextItem.id is the concern's code; the helper picks its own related fields.
    items = hot.items_from_concerns(wide.select_related(None)) if rows else []
    in_period = [i for i in items if i.created_at >= period.start_dt]
    hotspots = hot.find_hotspots(in_period, limit=HOTSPOT_LIMIT) if in_period else []
    if surge is None:
        missing.append("surges")
        return hotspots, []
    surges = (
        surge.detect_surges(
            items,
            now=as_of,
            window_days=SURGE_WINDOW_DAYS,
            baseline_days=SURGE_BASELINE_DAYS,
            by="category",
        )
        if items
        else []
    )
    return hotspots, surges


# ---- agenda ----------------------------------------------------------------------------------


def _owner(briefing: Briefing, codes: list[str]) -> tuple[int | None, str]:
    """The most common lead unit among these concerns, else the area's government unit."""
    counter = Counter(briefing.lead_units.get(c) for c in codes if briefing.lead_units.get(c))
    if counter:
        unit_id = counter.most_common(1)[0][0]
        assert unit_id is not None
        return unit_id, briefing.unit_names.get(unit_id, "")
    unit = government_unit_for(briefing.area)
    return (unit.pk, unit.name) if unit else (None, "")


def agenda_items(briefing: Briefing) -> list[AgendaItem]:
    """Proposed problem-list items: top hotspots, surges, and overdue items per lead unit."""
    deadline = timezone.localdate(
        add_working_days(briefing.generated_at, AGENDA_DEADLINE_WORKING_DAYS)
    )
    items: list[AgendaItem] = []
    for spot in briefing.hotspots[:5]:
        if spot.count < 2:
            continue
        codes = [str(m.id) for m in spot.members]
        owner_id, owner_name = _owner(briefing, codes)
        areas = "、".join(spot.area_names[:4]) or briefing.area.name
        items.append(
            AgendaItem(
                title=f"热点问题：{spot.label}",
                detail=f"本期{spot.count}件，“我也遇到”{spot.me_too}次，涉及{areas}。",
                owner_unit_id=owner_id,
                owner_name=owner_name,
                deadline=deadline,
                source_codes=codes,
            )
        )
    for surge in briefing.surges[:5]:
        codes = [str(m.id) for m in surge.members]
        owner_id, owner_name = _owner(briefing, codes)
        items.append(
            AgendaItem(
                title=f"舆情预警：{surge.label}",
                detail=(
                    f"近{SURGE_WINDOW_DAYS}天{surge.window_count}件，"
                    f"为此前平均的{surge.ratio:.1f}倍。"
                ),
                owner_unit_id=owner_id,
                owner_name=owner_name,
                deadline=deadline,
                source_codes=codes,
            )
        )
    items.extend(_overdue_items(briefing, deadline))
    for extra in briefing.extra_sections:
        items.extend(AgendaItem(deadline=deadline, **vars(a)) for a in extra.agenda)
    return items


def _overdue_items(briefing: Briefing, deadline: date) -> list[AgendaItem]:
    by_unit: dict[int | None, list[OverdueRow]] = defaultdict(list)
    for row in briefing.overdue:
        by_unit[row.unit_id].append(row)
    items = []
    for unit_id, rows in sorted(by_unit.items(), key=lambda kv: -len(kv[1])):
        name = rows[0].unit_name or "未派单"
        oldest = max(r.days_overdue for r in rows)
        items.append(
            AgendaItem(
                title=f"超期未办结：{name}{len(rows)}件",
                detail=f"最长超期{oldest}天；{'、'.join(r.title for r in rows[:3])}。",
                owner_unit_id=unit_id,
                owner_name=rows[0].unit_name,
                deadline=deadline,
                source_codes=[r.code for r in rows],
            )
        )
    return items


def owner_units_for(area: Area) -> list[tuple[str, str]]:
    """Units that may own an agenda item: those of the area, above it and within it, and any
    unit that leads concerns in the area."""
    above = [int(x) for x in area.path.strip("/").split("/") if x]
    leads = Concern.objects.filter(lead_unit=OuterRef("pk"), area__path__startswith=area.path)
    qs = Unit.objects.filter(
        Q(area_id__in=above) | Q(area__path__startswith=area.path) | Q(Exists(leads)),
        is_active=True,
    ).order_by("area__path", "name")
    return [(str(pk), name) for pk, name in qs.values_list("pk", "name")]


__all__ = [
    "AgendaItem",
    "Briefing",
    "agenda_items",
    "area_for_actor",
    "areas_for_actor",
    "briefing_for",
    "owner_units_for",
]
