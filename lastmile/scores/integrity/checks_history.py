"""Integrity checks over the history of events: back-dating, split concerns, objections used
to dodge deadlines, replies changed after rating, deleted concerns (see ``checks``)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.db.models import Max
from django.utils.dateparse import parse_datetime
from rapidfuzz import fuzz

from lastmile.concerns import deadlines
from lastmile.concerns.choices import ObjectionStatus
from lastmile.concerns.models import Objection
from lastmile.core.models import AuditEvent
from lastmile.scores.integrity.checks_base import _cap
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


def backdated_events(data: ScanData) -> list[Flag]:
    """(6) Concern events whose time goes backwards in sequence order beyond a tolerance
    (imported history excepted), and concern timestamps earlier than their own recorded events.

    Only concern events set the clock: master data written before a history was replayed (the
    demo, a migration from another system) must not make every later concern look back-dated."""
    tolerance = timedelta(seconds=conf("BACKDATE_TOLERANCE_SECONDS"))
    exempt = set(conf("BACKDATE_EXEMPT_CHANNELS"))
    hits: dict[int, list[dict[str, str]]] = defaultdict(list)
    latest: datetime | None = None
    events = (
        AuditEvent.objects.filter(object_type="concern")
        .order_by("seq")
        .values_list("seq", "occurred_at", "verb", "object_type", "object_id")
    )
    for seq, at, verb, object_type, object_id in events.iterator(chunk_size=5000):
        row = (
            data.rows.get(int(object_id))
            if object_type == "concern" and object_id.isdecimal()
            else None
        )
        historical = verb == "concern.received" and row is not None and row.channel in exempt
        gap = int((latest - at).total_seconds() // 60) if latest is not None else 0
        late = latest is not None and at < latest - tolerance
        if late and not historical and row is not None and data.in_period(at):
            hits[row.pk].append(item(row.code, at, f"事件#{seq}（{verb}）比前一事件早{gap}分钟"))
        if latest is None or at > latest:
            latest = at
    for row in data.rows.values():
        for event in data.by_concern.get(row.pk, []):
            if event.verb == "concern.received" and row.created_at < event.at - tolerance:
                hits[row.pk].append(
                    item(row.code, row.created_at, "受理时间早于受理事件的记录时间")
                )
        replies = [e for e in data.by_concern.get(row.pk, []) if e.verb == "concern.reply"]
        if replies and row.replied_at and row.replied_at < replies[-1].at - tolerance:
            hits[row.pk].append(item(row.code, row.replied_at, "答复时间早于答复事件的记录时间"))
    return [
        Flag(
            kind=FlagKind.BACKDATED,
            severity=Severity.HIGH,
            subject=data.rows[pk].code,
            evidence=_cap(evidence),
            explanation=(
                "该诉求的时间记录与审计日志的先后顺序不符：事件被补记到过去，或时间字段被改早。"
                "倒签时间会让超期的办理看起来按时，请核实。"
            ),
            key=str(pk),
            area_id=data.rows[pk].area_id,
            unit_id=data.rows[pk].unit_id,
        )
        for pk, evidence in sorted(hits.items())
    ]


def _split_keys(row: Row) -> list[str]:
    keys = []
    if row.phone:  # the phone's keyed hash (digits only before hashing)
        keys.append("p:" + row.phone)
    if row.openid:
        keys.append("w:" + row.openid)
    if normalise(row.address):
        keys.append("a:" + normalise(row.address))
    return keys


def split_concerns(data: ScanData) -> list[Flag]:
    """(7) Several concerns from one phone or place within minutes, near-identical text, each
    dispatched separately instead of merged (inflates the number handled)."""
    window = timedelta(minutes=conf("SPLIT_WINDOW_MINUTES"))
    similarity = conf("SPLIT_SIMILARITY")
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in data.rows.values():
        if row.unit_id and row.parent_id is None and data.in_period(row.created_at):
            for key in _split_keys(row):
                groups[key].append(row)
    seen: set[int] = set()
    flags = []
    for rows in groups.values():
        rows.sort(key=lambda r: r.created_at)
        cluster: list[Row] = []
        for nxt in [*rows, None]:
            if (
                nxt is not None
                and cluster
                and nxt.created_at - cluster[-1].created_at <= window
                and fuzz.ratio(normalise(cluster[0].text), normalise(nxt.text)) >= similarity
            ):
                cluster.append(nxt)
                continue
            if len(cluster) >= 2 and cluster[0].pk not in seen:
                seen.update(r.pk for r in cluster)
                flags.append(_split_flag(cluster))
            cluster = [nxt] if nxt is not None else []
    return flags


def _split_flag(cluster: list[Row]) -> Flag:
    codes = "、".join(r.code for r in cluster)
    return Flag(
        kind=FlagKind.SPLIT_CONCERN,
        severity=Severity.MEDIUM,
        subject=codes,
        evidence=[
            item(r.code, r.created_at, f"{r.unit_name or '—'}：{r.text[:60]}") for r in cluster
        ],
        explanation=(
            f"同一来电人或同一地点在短时间内提交了{len(cluster)}件内容几乎相同的诉求（{codes}），"
            "却分别派单办理而没有合并。拆分诉求会虚增受理量和办结量，请核实是否应合并。"
        ),
        key=str(cluster[0].pk),
        area_id=area_of(cluster),
        unit_id=cluster[0].unit_id,
        period=month_of(cluster[0].created_at),
    )


def _sign_window(
    events: list[Event], row: Row, filed: datetime
) -> tuple[datetime, datetime] | None:
    """The sign-for window in force when an objection was filed: from the last dispatch (its
    recorded due time) or the last rejected objection (a fresh window from the decision)."""
    for event in reversed(events):
        if event.at > filed:
            continue
        if event.verb == "concern.dispatch" and event.data.get("sign_due"):
            due = parse_datetime(str(event.data["sign_due"]))
            return (event.at, due) if due else None
        if event.verb == "concern.review_objection":
            if event.data.get("decision") != "rejected":
                return None
            due = deadlines.compute(kind=row.kind, urgency=row.urgency, start=event.at).sign_due
            return (event.at, due) if due else None
    return None


def objection_dodges(data: ScanData) -> list[Flag]:
    """(8) Objections filed late in the sign-for window and rejected, repeatedly by a unit: a
    rejection restarts the sign-for clock, so a groundless objection buys time."""
    late_share, least = conf("OBJECTION_LATE_SHARE"), conf("OBJECTION_DODGES_MIN")
    grouped: dict[tuple[int, str], list[dict[str, str]]] = defaultdict(list)
    rows_of: dict[tuple[int, str], list[Row]] = defaultdict(list)
    names: dict[int, str] = {}
    objections = Objection.objects.filter(status=ObjectionStatus.REJECTED).select_related("unit")
    for objection in objections.order_by("filed_at"):
        row = data.rows.get(objection.concern_id)
        if row is None or not data.in_period(objection.filed_at):
            continue
        window = _sign_window(data.by_concern.get(row.pk, []), row, objection.filed_at)
        if window is None:
            continue
        start, due = window
        total = (due - start).total_seconds()
        used = (objection.filed_at - start).total_seconds()
        if total <= 0 or used / total < late_share:
            continue
        left = int((due - objection.filed_at).total_seconds() // 60)
        detail = (
            f"签收时限剩{left}分钟时提出异议，被驳回后签收时限重新计算"
            if left >= 0
            else f"签收超时{-left}分钟后才提出异议，被驳回"
        )
        key = (objection.unit_id, month_of(objection.filed_at))
        grouped[key].append(item(row.code, objection.filed_at, detail))
        rows_of[key].append(row)
        names[objection.unit_id] = objection.unit.name
    flags = []
    for (unit_id, month), evidence in sorted(grouped.items()):
        if len(evidence) < least:
            continue
        unit = names[unit_id]
        flags.append(
            Flag(
                kind=FlagKind.OBJECTION_DODGE,
                severity=Severity.HIGH if len(evidence) >= 2 * least else Severity.MEDIUM,
                subject=unit,
                evidence=_cap(evidence),
                explanation=(
                    f"{unit}在{month}有{len(evidence)}次在签收时限将到时提出异议并被驳回。"
                    "驳回后签收时限重新起算，反复如此可能是借异议拖延，请约谈核实。"
                ),
                key=f"{unit_id}|{month}",
                area_id=area_of(rows_of[(unit_id, month)]),
                unit_id=unit_id,
                period=month,
            )
        )
    return flags


NEW_ROUND = frozenset({"concern.dispatch", "concern.review_objection", "concern.reopen"})


def reply_after_rating(data: ScanData) -> list[Flag]:
    """(9) A reply recorded after the resident's rating in the same round, or the concern row
    changed after the rating without any audit event (e.g. the reply text edited directly)."""
    tolerance = timedelta(seconds=conf("SILENT_EDIT_TOLERANCE_SECONDS"))
    flags = []
    seen: set[int] = set()
    for pk, events in data.by_concern.items():
        row = data.rows.get(pk)
        if row is None:
            continue
        rated: Event | None = None
        evidence = []
        for event in events:
            if event.verb == "concern.callback":
                rated = event
            elif event.verb in NEW_ROUND:
                rated = None
            elif event.verb == "concern.reply" and rated is not None:
                evidence.append(item(row.code, event.at, "群众评价后又在同一轮次内答复"))
        if evidence:
            seen.add(pk)
            flags.append(_after_rating_flag(row, evidence))
    for pk, last in _last_event_of_rated().items():
        row = data.rows.get(pk)
        if row is not None and row.updated_at > last + tolerance and pk not in seen:
            detail = "评价之后诉求记录被修改，但没有对应的审计事件"
            flags.append(_after_rating_flag(row, [item(row.code, row.updated_at, detail)]))
    return flags


def _last_event_of_rated() -> dict[int, datetime]:
    """For every concern ever rated: the time of its latest audit event (whole log)."""
    rated = AuditEvent.objects.filter(object_type="concern", verb="concern.callback").values(
        "object_id"
    )
    last = (
        AuditEvent.objects.filter(object_type="concern", object_id__in=rated)
        .values("object_id")
        .annotate(at=Max("occurred_at"))
        .values_list("object_id", "at")
    )
    return {int(object_id): at for object_id, at in last if object_id.isdecimal()}


def _after_rating_flag(row: Row, evidence: list[dict[str, str]]) -> Flag:
    return Flag(
        kind=FlagKind.REPLY_AFTER_RATING,
        severity=Severity.HIGH,
        subject=row.code,
        evidence=evidence,
        explanation=(
            "群众已对答复作出评价，此后答复或诉求记录又被改动。评价针对的是原答复，"
            "事后修改会让评价与答复不符，请核实修改原因。"
        ),
        key=str(row.pk),
        area_id=row.area_id,
        unit_id=row.unit_id,
    )


def deleted_concerns(data: ScanData) -> list[Flag]:
    """(10) Concerns the audit log received that no longer exist (deleted rows)."""
    received = AuditEvent.objects.filter(object_type="concern", verb="concern.received")
    flags = []
    for object_id, at, seq, channel, area_id in received.values_list(
        "object_id", "occurred_at", "seq", "data__channel", "data__area"
    ).iterator(chunk_size=5000):
        if not object_id.isdecimal() or int(object_id) in data.rows:
            continue
        code = f"#{object_id}"
        flags.append(
            Flag(
                kind=FlagKind.DELETED_CONCERN,
                severity=Severity.HIGH,
                subject=code,
                evidence=[
                    item(code, at, f"受理事件#{seq}（渠道{channel or '—'}）仍在，诉求记录已不存在")
                ],
                explanation=(
                    "审计日志记录了这件诉求的受理，但诉求本身已被删除。诉求只能合并或终止，"
                    "不能删除；删除会让它从统计中消失，请查明原因。"
                ),
                key=object_id,
                area_id=area_id if isinstance(area_id, int) else None,
            )
        )
    return flags
