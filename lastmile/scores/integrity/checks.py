"""The integrity checks: one function per gaming pattern, each reading ``ScanData`` and returning
``Flag``s with evidence ({code, at, detail}) and a plain Chinese explanation. Thresholds come
from ``settings.LASTMILE_INTEGRITY``. A flag is a reason to look, not a verdict."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db.models import Max
from django.utils.dateparse import parse_datetime
from rapidfuzz import fuzz

from lastmile.concerns import deadlines
from lastmile.concerns.choices import ObjectionStatus, Outcome, Satisfaction
from lastmile.concerns.models import Objection
from lastmile.core.models import AuditEvent
from lastmile.scores.integrity.choices import FlagKind, Severity
from lastmile.scores.integrity.data import (
    Event,
    Flag,
    Row,
    ScanData,
    area_of,
    conf,
    contact_hash,
    digits,
    item,
    month_of,
    normalise,
)

Check = Callable[[ScanData], list[Flag]]


def _cap(evidence: list[dict[str, str]]) -> list[dict[str, str]]:
    return evidence[: conf("EVIDENCE_LIMIT")]


def _sat(value: str) -> str:
    return str(Satisfaction(value).label) if value in Satisfaction.values else "—"


def _rated(data: ScanData) -> list[tuple[Event, Row]]:
    out = []
    for event in data.of_verb("concern.callback"):
        row = data.rows.get(event.concern_id)
        if row is not None:
            out.append((event, row))
    return out


def phone_many_ratings(data: ScanData) -> list[Flag]:
    """(1) One phone number or WeChat account rating many concerns in a month."""
    least = conf("PHONE_RATINGS_MIN")
    groups: dict[tuple[str, str], dict[int, tuple[Event, Row]]] = defaultdict(dict)
    for event, row in _rated(data):
        if event.data.get("by_staff"):
            continue  # staff-entered ratings are check (3)
        for contact in (digits(row.phone), f"wx:{row.openid}" if row.openid else ""):
            if contact:
                groups[(contact, month_of(event.at))][row.pk] = (event, row)
    flags = []
    for (contact, month), rated in sorted(groups.items()):
        if len(rated) < least:
            continue
        label = "微信账号" if contact.startswith("wx:") else "手机号"
        who = f"{label}#{contact_hash(contact)}"
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
                key=f"{contact_hash(contact)}|{month}",
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


def backdated_events(data: ScanData) -> list[Flag]:
    """(6) Audit events whose time goes backwards in sequence order beyond a tolerance (imported
    history excepted), and concern timestamps earlier than their own recorded events."""
    tolerance = timedelta(seconds=conf("BACKDATE_TOLERANCE_SECONDS"))
    exempt = set(conf("BACKDATE_EXEMPT_CHANNELS"))
    hits: dict[int, list[dict[str, str]]] = defaultdict(list)
    latest: datetime | None = None
    events = AuditEvent.objects.order_by("seq").values_list(
        "seq", "occurred_at", "verb", "object_type", "object_id"
    )
    for seq, at, verb, object_type, object_id in events.iterator(chunk_size=5000):
        row = (
            data.rows.get(int(object_id))
            if object_type == "concern" and object_id.isdigit()
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
    if digits(row.phone):
        keys.append("p:" + digits(row.phone))
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
    return {int(object_id): at for object_id, at in last if object_id.isdigit()}


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
        if not object_id.isdigit() or int(object_id) in data.rows:
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
