"""The integrity checks: one function per gaming pattern, each reading ``ScanData`` and returning
``Flag``s with evidence ({code, at, detail}) and a plain Chinese explanation. Thresholds come
from ``settings.LASTMILE_INTEGRITY``. A flag is a reason to look, not a verdict."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

from rapidfuzz import fuzz

from lastmile.concerns.choices import Outcome, Satisfaction
from lastmile.core.models import AuditEvent
from lastmile.scores.integrity.checks_base import _cap, _rated
from lastmile.scores.integrity.checks_history import (
    backdated_events,
    deleted_concerns,
    objection_dodges,
    reply_after_rating,
    split_concerns,
)
from lastmile.scores.integrity.choices import FlagKind, Severity
from lastmile.scores.integrity.data import (
    Event,
    Flag,
    Row,
    ScanData,
    area_of,
    conf,
    item,
    month_of,
    normalise,
)

Check = Callable[[ScanData], list[Flag]]


def _sat(value: str) -> str:
    return str(Satisfaction(value).label) if value in Satisfaction.values else "—"


def phone_many_ratings(data: ScanData) -> list[Flag]:
    """(1) One phone number or WeChat account rating many concerns in a month."""
    least = conf("PHONE_RATINGS_MIN")
    groups: dict[tuple[str, str], dict[int, tuple[Event, Row]]] = defaultdict(dict)
    for event, row in _rated(data):
        if event.data.get("by_staff"):
            continue  # staff-entered ratings are check (3)
        # row.phone / row.openid are keyed hashes (data.ROW_FIELDS), so equal contacts group.
        phone, openid = f"p:{row.phone}" if row.phone else "", f"wx:{row.openid}"
        for contact in (phone, openid if row.openid else ""):
            if contact:
                groups[(contact, month_of(event.at))][row.pk] = (event, row)
    flags = []
    for (contact, month), rated in sorted(groups.items()):
        if len(rated) < least:
            continue
        label = "微信账号" if contact.startswith("wx:") else "手机号"
        pseudonym = contact.partition(":")[2][:10]  # == contact_hash(the number or OpenID)
        who = f"{label}#{pseudonym}"
        pairs = sorted(rated.values(), key=lambda p: p[0].seq)
        evidence = [
            item(r.code, e.at, f"{who} 评价“{_sat(str(e.data.get('satisfaction', '')))}”")
            for e, r in pairs
        ]
        flags.append(
            Flag(
                kind=FlagKind.PHONE_MANY_RATINGS,
                severity=Severity.HIGH if len(rated) >= 2 * least else Severity.MEDIUM,
                subject=who,
                evidence=_cap(evidence),
                explanation=(
                    f"同一{label}（{who}）在{month}对{len(rated)}件诉求作出了评价，达到"
                    f"{least}件的预警线。群众很少在一个月内反映并评价这么多诉求，"
                    "请核实这些诉求的来电人是否真实、评价是否出自本人。"
                ),
                key=f"{pseudonym}|{month}",
                area_id=area_of([r for _e, r in pairs]),
                period=month,
            )
        )
    return flags


def _by_unit_month(pairs: list[tuple[Event, Row]]) -> dict[tuple[int, str], list]:
    grouped: dict[tuple[int, str], list[tuple[Event, Row]]] = defaultdict(list)
    for event, row in pairs:
        if row.unit_id:
            grouped[(row.unit_id, month_of(event.at))].append((event, row))
    return grouped


def quick_ratings(data: ScanData) -> list[Flag]:
    """(2) Ratings given within seconds of the reply (``seconds_after_reply``)."""
    limit, least = conf("QUICK_RATING_SECONDS"), conf("QUICK_RATINGS_MIN")
    quick = [
        (e, r)
        for e, r in _rated(data)
        if isinstance(e.data.get("seconds_after_reply"), int)
        and e.data["seconds_after_reply"] < limit
    ]
    flags = []
    for (unit_id, month), pairs in sorted(_by_unit_month(quick).items()):
        if len(pairs) < least:
            continue
        unit = pairs[0][1].unit_name
        evidence = [
            item(
                r.code,
                e.at,
                f"答复后{e.data['seconds_after_reply']}秒即评价"
                f"“{_sat(e.data.get('satisfaction', ''))}”",
            )
            for e, r in pairs
        ]
        flags.append(
            Flag(
                kind=FlagKind.QUICK_RATINGS,
                severity=Severity.HIGH if len(pairs) >= 3 * least else Severity.MEDIUM,
                subject=unit,
                evidence=_cap(evidence),
                explanation=(
                    f"{unit}在{month}有{len(pairs)}件诉求在答复后不到{limit}秒就收到评价。"
                    "群众通常需要时间看到答复再评价，如此之快的评价可能由办理人员代为操作。"
                ),
                key=f"{unit_id}|{month}",
                area_id=area_of([r for _e, r in pairs]),
                unit_id=unit_id,
                period=month,
            )
        )
    return flags


def staff_ratings(data: ScanData) -> list[Flag]:
    """(3) A unit whose ratings are mostly entered by staff (``by_staff``)."""
    share, least = conf("STAFF_RATING_SHARE"), conf("STAFF_RATINGS_MIN")
    flags = []
    for (unit_id, month), pairs in sorted(_by_unit_month(_rated(data)).items()):
        staff = [(e, r) for e, r in pairs if e.data.get("by_staff")]
        if len(pairs) < least or len(staff) / len(pairs) < share:
            continue
        unit = pairs[0][1].unit_name
        ratio = round(100 * len(staff) / len(pairs))
        evidence = [
            item(r.code, e.at, f"由{e.actor_label}代录评价“{_sat(e.data.get('satisfaction', ''))}”")
            for e, r in staff
        ]
        flags.append(
            Flag(
                kind=FlagKind.STAFF_RATINGS,
                severity=Severity.HIGH if ratio >= 90 else Severity.MEDIUM,
                subject=unit,
                evidence=_cap(evidence),
                explanation=(
                    f"{unit}在{month}的{len(pairs)}个评价中有{len(staff)}个（{ratio}%）由工作人员"
                    f"代为录入，超过{round(share * 100)}%的预警线。代录评价应是例外，"
                    "请抽查回访录音或向群众核实。"
                ),
                key=f"{unit_id}|{month}",
                area_id=area_of([r for _e, r in pairs]),
                unit_id=unit_id,
                period=month,
            )
        )
    return flags


def _clusters(rows: list[Row], similarity: float) -> list[list[Row]]:
    """Group replies: identical after normalising, then near-identical by edit similarity."""
    exact: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        exact[normalise(row.reply_text)].append(row)
    clusters: list[tuple[str, list[Row]]] = []
    for text, members in exact.items():
        for rep, cluster in clusters:
            if fuzz.ratio(rep, text) >= similarity:
                cluster.extend(members)
                break
        else:
            clusters.append((text, list(members)))
    return [c for _t, c in clusters]


def templated_replies(data: ScanData) -> list[Flag]:
    """(4) The same (or a near-identical) reply pasted across many of a unit's concerns."""
    least, share = conf("TEMPLATE_REPLIES_MIN"), conf("TEMPLATE_REPLY_SHARE")
    grouped: dict[tuple[int, str], list[Row]] = defaultdict(list)
    for row in data.rows.values():
        if row.unit_id and normalise(row.reply_text) and data.in_period(row.replied_at):
            grouped[(row.unit_id, month_of(row.replied_at))].append(row)  # type: ignore[arg-type]
    flags = []
    for (unit_id, month), rows in sorted(grouped.items()):
        rows.sort(key=lambda r: (r.replied_at, r.pk))
        for cluster in _clusters(rows, conf("TEMPLATE_SIMILARITY")):
            if len(cluster) < least or len(cluster) / len(rows) < share:
                continue
            unit = cluster[0].unit_name
            sample = cluster[0].reply_text[:60]
            evidence = [item(r.code, r.replied_at, f"答复：{r.reply_text[:80]}") for r in cluster]
            flags.append(
                Flag(
                    kind=FlagKind.TEMPLATED_REPLIES,
                    severity=Severity.MEDIUM,
                    subject=unit,
                    evidence=_cap(evidence),
                    explanation=(
                        f"{unit}在{month}的{len(rows)}件答复中有{len(cluster)}件内容相同或几乎相同"
                        f"（如“{sample}”）。套用模板的答复往往没有针对具体问题，请抽查是否实际办理。"
                    ),
                    key=f"{unit_id}|{month}|{cluster[0].pk}",
                    area_id=area_of(cluster),
                    unit_id=unit_id,
                    period=month,
                )
            )
    return flags


def _single(kind: str, row: Row, at: datetime | None, detail: str, why: str) -> Flag:
    return Flag(
        kind=kind,
        severity=Severity.HIGH,
        subject=row.code,
        evidence=[item(row.code, at, detail)],
        explanation=why,
        key=str(row.pk),
        area_id=row.area_id,
        unit_id=row.unit_id,
    )


def unearned_satisfaction(data: ScanData) -> list[Flag]:
    """(5) Satisfaction without the resident's rating. The services make this impossible (a
    timed-out window closes as not rated, with no satisfaction), so any hit means the data was
    changed outside them. Looks at every concern, not only the period's."""
    last_rating: dict[int, str] = {}
    for concern_id, satisfaction in (
        AuditEvent.objects.filter(object_type="concern", verb="concern.callback")
        .order_by("seq")
        .values_list("object_id", "data__satisfaction")
    ):
        last_rating[int(concern_id)] = satisfaction or ""
    flags = []
    for row in data.rows.values():
        if not row.satisfaction:
            continue
        if row.outcome == Outcome.NOT_RATED:
            why = "该诉求按“未评价”结案，却记有满意度，可能把未评价计为满意。"
        elif row.pk not in last_rating:
            why = "该诉求记有满意度，但审计日志中没有任何群众回访评价记录。"
        elif last_rating[row.pk] != row.satisfaction:
            why = (
                f"该诉求的满意度为“{_sat(row.satisfaction)}”，与最后一次回访记录的"
                f"“{_sat(last_rating[row.pk])}”不一致，满意度可能被改动。"
            )
        else:
            continue
        flags.append(
            _single(
                FlagKind.UNEARNED_SATISFACTION,
                row,
                row.updated_at,
                f"满意度“{_sat(row.satisfaction)}”，结果“{row.outcome or '—'}”",
                why,
            )
        )
    return flags


ALL_CHECKS: list[Check] = [
    phone_many_ratings,
    quick_ratings,
    staff_ratings,
    templated_replies,
    unearned_satisfaction,
    backdated_events,
    split_concerns,
    objection_dodges,
    reply_after_rating,
    deleted_concerns,
]
