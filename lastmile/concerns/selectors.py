"""Every read of concerns, scoped to the actor. Outside the actor's reach means 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lastmile.concerns.choices import (
    AWAITING_CALLBACK,
    HANDLING,
    OPEN_STATUSES,
    PUBLIC_STATUSES,
    AttachmentPurpose,
    Status,
)
from lastmile.concerns.models import Attachment, Concern, ConcernAssist
from lastmile.concerns.services.intake import check_pin
from lastmile.core.conf import setting
from lastmile.core.models import AuditEvent
from lastmile.orgs.choices import Role
from lastmile.orgs.selectors import Actor, subtree_q

LIST_RELATED = ("category", "area__parent", "lead_unit")


def scope_q(actor: Actor) -> Q:
    """The concerns a staff member may see: their units' (lead or assist) and their areas'."""
    if actor.is_superuser:
        return Q()
    units = actor.unit_ids
    # Assisted concerns through a subquery, not a join: no duplicate rows, so no DISTINCT, and
    # page 1 reads the created_at index instead of sorting the whole scope (bench/README.md).
    assisted = ConcernAssist.objects.filter(unit_id__in=units).values("concern_id")
    q = Q(lead_unit_id__in=units) | Q(pk__in=assisted)
    paths = actor.area_paths()
    if paths:
        q |= subtree_q(paths)
        if actor.has_role(Role.DISPATCHER, Role.ADMIN):
            q |= Q(area__isnull=True)
    return q


def concern_qs_for_actor(actor: Actor) -> QuerySet[Concern]:
    if actor.is_anonymous or not actor.is_staff_member:
        return Concern.objects.none()
    return Concern.objects.filter(scope_q(actor)).select_related(*LIST_RELATED)


def concern_get_for_actor(actor: Actor, code: str) -> Concern:
    concern = concern_qs_for_actor(actor).filter(code=code).first()
    if concern is None:
        raise Http404("concern not found")
    return concern


@dataclass
class Inbox:
    new: list[Concern]
    overdue: list[Concern]
    due_today: list[Concern]
    in_hand: list[Concern]
    awaiting_callback: list[Concern]
    assisting: list[Concern]
    my_grids: list[Concern]
    counts: dict[str, int]


def _end_of_today(now: datetime) -> datetime:
    local = timezone.localtime(now)
    return local.replace(hour=23, minute=59, second=59, microsecond=0)


def inbox_for_actor(actor: Actor, *, now: datetime | None = None, limit: int = 50) -> Inbox:
    """A person's inbox: their units' new (to sign), overdue, due today, in hand and awaiting
    the resident; concerns their units assist and have not reported on yet; and, for grid
    workers, the open concerns in their grids."""
    now = now or timezone.now()
    units = actor.units_with_role(Role.HANDLER, Role.UNIT_LEADER)
    mine = Concern.objects.filter(lead_unit_id__in=units).select_related(*LIST_RELATED)
    overdue_q = Q(status=Status.DISPATCHED, sign_due__lt=now) | Q(
        status__in=HANDLING, resolve_due__lt=now
    )
    grid_paths = actor.area_paths(Role.GRID_WORKER)
    buckets = {
        "new": mine.filter(status__in=[Status.DISPATCHED, Status.OBJECTED]).order_by("sign_due"),
        "overdue": mine.filter(overdue_q).order_by("resolve_due"),
        "due_today": mine.filter(
            status__in=HANDLING, resolve_due__gte=now, resolve_due__lte=_end_of_today(now)
        ).order_by("resolve_due"),
        "in_hand": mine.filter(status__in=HANDLING).order_by("resolve_due"),
        "awaiting_callback": mine.filter(status__in=AWAITING_CALLBACK).order_by("-replied_at"),
        "assisting": Concern.objects.filter(
            assists__unit_id__in=units,
            assists__reported_at__isnull=True,
            status__in=HANDLING | {Status.DISPATCHED},
        )
        .select_related(*LIST_RELATED)
        .order_by("resolve_due"),
        "my_grids": Concern.objects.filter(subtree_q(grid_paths), status__in=OPEN_STATUSES)
        .select_related(*LIST_RELATED)
        .order_by("-created_at")
        if grid_paths
        else Concern.objects.none(),
    }
    counts = {name: qs.count() for name, qs in buckets.items()}
    rows = {name: list(qs[:limit]) if counts[name] else [] for name, qs in buckets.items()}
    return Inbox(**rows, counts=counts)


def dispatch_queue_for_actor(actor: Actor, *, limit: int = 100) -> QuerySet[Concern]:
    """Received, reopened and objected concerns waiting for a dispatcher in the actor's areas."""
    if not actor.has_role(Role.DISPATCHER, Role.ADMIN):
        return Concern.objects.none()
    waiting = [Status.RECEIVED, Status.REOPENED, Status.OBJECTED, Status.EXTENSION_REQUESTED]
    return concern_qs_for_actor(actor).filter(status__in=waiting).order_by("created_at")[:limit]


def supervision_for_actor(
    actor: Actor, *, now: datetime | None = None, limit: int = 100
) -> QuerySet[Concern]:
    """Overdue and escalated concerns across the supervisor's subtree."""
    now = now or timezone.now()
    if not actor.has_role(Role.SUPERVISOR, Role.ADMIN):
        return Concern.objects.none()
    late = (
        Q(status=Status.DISPATCHED, sign_due__lt=now)
        | Q(status__in=HANDLING, resolve_due__lt=now)
        | Q(status=Status.STOP_REQUESTED)
        | (Q(status=Status.OBJECTED) & Q(objection_count__gt=setting("OBJECTION_LIMIT")))
    )
    return concern_qs_for_actor(actor).filter(late).order_by("resolve_due")[:limit]


def unit_overdue_counts(actor: Actor, *, now: datetime | None = None) -> list[dict]:
    now = now or timezone.now()
    late = Q(status=Status.DISPATCHED, sign_due__lt=now) | Q(
        status__in=HANDLING, resolve_due__lt=now
    )
    return list(
        concern_qs_for_actor(actor)
        .filter(late)
        .values("lead_unit__name")
        .annotate(n=Count("id", distinct=True))
        .order_by("-n")[:20]
    )


# ---- public and resident reads -------------------------------------------------------------


def board_qs(
    *, status: str = "", category_id: int | None = None, area_id: int | None = None, query: str = ""
) -> QuerySet[Concern]:
    qs = Concern.objects.filter(status__in=PUBLIC_STATUSES).select_related(*LIST_RELATED)
    if status:
        qs = qs.filter(status=status)
    if category_id:
        qs = qs.filter(
            Q(category_id=category_id)
            | Q(category__parent_id=category_id)
            | Q(category__parent__parent_id=category_id)
        )
    if area_id:
        from lastmile.orgs.models import Area

        area = Area.objects.filter(pk=area_id).first()
        qs = qs.filter(area__path__startswith=area.path) if area else qs.none()
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(text__icontains=query) | Q(code=query))
    return qs.order_by("-created_at")


def board_get(code: str) -> Concern:
    concern = (
        Concern.objects.filter(code=code, status__in=PUBLIC_STATUSES)
        .select_related(*LIST_RELATED, "parent")
        .first()
    )
    if concern is None:
        raise Http404("concern not found")
    return concern


def track_get(code: str, pin: str) -> Concern | None:
    """The resident's own concern, by tracking code and PIN (None when either is wrong)."""
    if not check_pin(code.strip().upper(), pin):
        return None
    return (
        Concern.objects.filter(code=code.strip().upper())
        .select_related(*LIST_RELATED, "parent")
        .first()
    )


def timeline(concern: Concern) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(object_type="concern", object_id=str(concern.pk))
        .exclude(verb="concern.me_too")
        .order_by("seq")
    )


def similar_open(*, text: str, area_id: int | None, limit: int = 5) -> list[Concern]:
    """Cheap near-duplicate hint at intake: open concerns in the same area sharing words."""
    words = [w for w in text.replace("，", " ").replace("。", " ").split() if len(w) >= 2][:6]
    if not words and len(text) >= 4:
        words = [text[i : i + 4] for i in range(0, min(len(text), 24), 4)]
    q = Q()
    for w in words:
        q |= Q(title__icontains=w[:12]) | Q(text__icontains=w[:12])
    qs = Concern.objects.filter(status__in=HANDLING | {Status.DISPATCHED, Status.RECEIVED})
    if area_id:
        qs = qs.filter(area_id=area_id)
    return list(qs.filter(q).select_related(*LIST_RELATED).order_by("-created_at")[:limit])


def attachment_for_viewer(actor: Actor, *, pk: int, own_codes: set[str]) -> Attachment:
    """An attachment this viewer may open, else Http404 (never reveal that it exists)."""
    item = Attachment.objects.select_related("concern").filter(pk=pk).first()
    if item is None:
        raise Http404("attachment not found")
    concern = item.concern
    if (
        item.is_public
        and item.purpose == AttachmentPurpose.EVIDENCE
        and (concern.status in PUBLIC_STATUSES)
    ):
        return item
    if item.purpose == AttachmentPurpose.INTAKE and concern.code in own_codes:
        return item
    if concern_qs_for_actor(actor).filter(pk=concern.pk).exists():
        return item
    raise Http404("attachment not found")
