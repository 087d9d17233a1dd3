"""Every read behind Open311. GeoReport reads are public: they see what the public board sees
(never diverted concerns in lists, never personal data), plus — looked up by its id — a diverted
request, so a client can learn that it was not dispatched."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import CharField, Prefetch, QuerySet
from django.db.models.functions import Cast

from lastmile.concerns.choices import PUBLIC_STATUSES, AttachmentPurpose, Status
from lastmile.concerns.models import Attachment, Category, Concern
from lastmile.core.models import AuditEvent
from lastmile.open311.models import RequestToken, ServiceAttribute, ServiceFlags

DEFAULT_JURISDICTION = "lastmile"
HIDDEN_VERBS = ("concern.me_too",)


def channel_setting(name: str, default: object = "") -> object:
    return (getattr(settings, "LASTMILE_CHANNELS", {}) or {}).get(name, default)


def jurisdiction_id() -> str:
    return str(channel_setting("OPEN311_JURISDICTION", "") or DEFAULT_JURISDICTION)


# ---- services ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceInfo:
    category: Category
    lineage: list[Category]
    has_attributes: bool
    is_batch: bool
    notice: str

    @property
    def code(self) -> str:
        return self.category.code


def _service_infos(code: str | None = None) -> list[ServiceInfo]:
    """Active leaf categories (no active children) whose whole lineage is active, in code order.

    Three queries, whatever the size of the tree."""
    by_id = {c.pk: c for c in Category.objects.all()}
    with_children = {c.parent_id for c in by_id.values() if c.is_active and c.parent_id}
    with_attrs = set(ServiceAttribute.objects.values_list("category_id", flat=True).distinct())
    flags = {f.category_id: f for f in ServiceFlags.objects.all()}
    infos = []
    for category in sorted(by_id.values(), key=lambda c: c.code):
        if code is not None and category.code != code:
            continue
        if category.pk in with_children:
            continue
        lineage = _lineage(category, by_id)
        if not all(c.is_active for c in lineage):
            continue
        flag = flags.get(category.pk)
        infos.append(
            ServiceInfo(
                category=category,
                lineage=lineage,
                has_attributes=category.pk in with_attrs,
                is_batch=bool(flag and flag.is_batch),
                notice=flag.notice if flag else "",
            )
        )
    return infos


def _lineage(category: Category, by_id: dict[int, Category]) -> list[Category]:
    chain = [category]
    while chain[-1].parent_id and chain[-1].parent_id in by_id and len(chain) < 10:
        chain.append(by_id[chain[-1].parent_id])  # type: ignore[index]
    return list(reversed(chain))


def service_list() -> list[ServiceInfo]:
    return _service_infos()


def service_get(code: str) -> ServiceInfo | None:
    found = _service_infos(code)
    return found[0] if found else None


def service_attributes(category: Category) -> list[ServiceAttribute]:
    return list(ServiceAttribute.objects.filter(category=category).order_by("order", "code"))


def service_notices(category_ids: set[int]) -> dict[int, str]:
    rows = ServiceFlags.objects.filter(category_id__in=category_ids).exclude(notice="")
    return dict(rows.values_list("category_id", "notice"))


# ---- requests ---------------------------------------------------------------------------------


def _with_related(qs: QuerySet[Concern]) -> QuerySet[Concern]:
    evidence = Attachment.objects.filter(
        purpose=AttachmentPurpose.EVIDENCE, is_public=True
    ).order_by("created_at")
    return qs.select_related("category", "area__parent", "lead_unit").prefetch_related(
        Prefetch("attachments", queryset=evidence, to_attr="public_evidence")
    )


def request_list(
    *,
    service_codes: list[str] | None = None,
    statuses: frozenset[str] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> QuerySet[Concern]:
    """The public requests, newest first, filtered the way GET requests asks."""
    qs = Concern.objects.filter(status__in=PUBLIC_STATUSES)
    if service_codes:
        qs = qs.filter(category__code__in=service_codes)
    if statuses is not None:
        qs = qs.filter(status__in=statuses)
    if start is not None:
        qs = qs.filter(created_at__gte=start)
    if end is not None:
        qs = qs.filter(created_at__lte=end)
    return _with_related(qs).order_by("-created_at", "-pk")


def requests_by_ids(codes: list[str]) -> list[Concern]:
    """Requests looked up by their ids (our tracking codes), in the order asked."""
    wanted = [c.strip().upper() for c in codes if c.strip()][:1000]
    found = {
        c.code: c
        for c in _with_related(
            Concern.objects.filter(code__in=wanted, status__in=PUBLIC_STATUSES | {Status.DIVERTED})
        )
    }
    return [found[c] for c in dict.fromkeys(wanted) if c in found]


def request_get(code: str) -> Concern | None:
    found = requests_by_ids([code])
    return found[0] if found else None


def token_get(token: str) -> RequestToken | None:
    return RequestToken.objects.select_related("concern").filter(token=token.strip()).first()


def timelines(concerns: list[Concern]) -> dict[int, list[AuditEvent]]:
    """Each concern's audit timeline, in one query."""
    result: dict[int, list[AuditEvent]] = {c.pk: [] for c in concerns}
    events = (
        AuditEvent.objects.filter(object_type="concern", object_id__in=[str(pk) for pk in result])
        .exclude(verb__in=HIDDEN_VERBS)
        .order_by("seq")
    )
    for event in events:
        result[int(event.object_id)].append(event)
    return result


# ---- service request updates (extension) ------------------------------------------------------


@dataclass(frozen=True)
class Update:
    event: AuditEvent
    concern: Concern
    status: str  # our status after the event


def updates_between(
    *, start: datetime | None, end: datetime | None, offset: int = 0, limit: int = 1000
) -> list[Update]:
    """Timeline events of public requests between ``start`` and ``end``, oldest first, each with
    the request's status right after it. Three queries."""
    events_qs = AuditEvent.objects.filter(object_type="concern").exclude(verb__in=HIDDEN_VERBS)
    if start is not None:
        events_qs = events_qs.filter(occurred_at__gte=start)
    if end is not None:
        events_qs = events_qs.filter(occurred_at__lte=end)
    public_ids = (
        Concern.objects.filter(status__in=PUBLIC_STATUSES)
        .annotate(sid=Cast("pk", CharField()))
        .values("sid")
    )
    events_qs = events_qs.filter(object_id__in=public_ids)
    events = list(events_qs.order_by("occurred_at", "seq")[offset : offset + limit])
    concerns = Concern.objects.in_bulk({int(e.object_id) for e in events})
    status_after = _status_after(events)
    return [
        Update(event=e, concern=concerns[int(e.object_id)], status=status_after[e.seq])
        for e in events
        if int(e.object_id) in concerns
    ]


def _status_after(events: list[AuditEvent]) -> dict[int, str]:
    """The status of the concern after each event: the last "to" at or before it."""
    if not events:
        return {}
    last_seq = max(e.seq for e in events)
    history = AuditEvent.objects.filter(
        object_type="concern",
        object_id__in={e.object_id for e in events},
        seq__lte=last_seq,
    ).order_by("seq")
    current: dict[str, str] = {}
    after: dict[int, str] = {}
    for event in history.only("seq", "object_id", "data"):
        to = (event.data or {}).get("to")
        if to:
            current[event.object_id] = to
        after[event.seq] = current.get(event.object_id, Status.RECEIVED)
    return after
