"""Every read of the ledger, scoped to the actor. Outside the actor's reach means 404.

Reach: the owner unit's staff see their unit's items; people of a superior unit see the items of
the units under it (they accept them); dispatchers, supervisors, grid workers and administrators
see the items in their area subtrees. The public sees only items marked public, without people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lastmile.core.models import AuditEvent
from lastmile.orgs.choices import UNIT_ROLES
from lastmile.orgs.selectors import Actor, subtree_q
from lastmile.rectify.choices import OWING, Source, Status
from lastmile.rectify.models import Evidence, LedgerItem, Milestone, ProgressNote
from lastmile.rectify.permissions import member_unit_ids

LIST_RELATED = ("owner_unit", "owner_person", "area")
OBJECT_TYPE = "ledger_item"


def scope_q(actor: Actor) -> Q:
    if actor.is_superuser:
        return Q()
    q = Q(owner_unit_id__in=actor.units_with_role(*UNIT_ROLES))
    q |= Q(owner_unit__parent_id__in=member_unit_ids(actor))
    paths = actor.area_paths()
    if paths:
        q |= subtree_q(paths)
    return q


def item_qs_for_actor(actor: Actor) -> QuerySet[LedgerItem]:
    if actor.is_anonymous or not actor.is_staff_member:
        return LedgerItem.objects.none()
    return LedgerItem.objects.filter(scope_q(actor)).select_related(*LIST_RELATED)


def item_get_for_actor(actor: Actor, number: str) -> LedgerItem:
    item = item_qs_for_actor(actor).filter(number=number.strip().upper()).first()
    if item is None:
        raise Http404("ledger item not found")
    return item


def overdue_q(today: date | None = None) -> Q:
    return Q(status__in=OWING, deadline__lt=today or timezone.localdate())


def overdue_items_for_actor(actor: Actor, *, today: date | None = None) -> QuerySet[LedgerItem]:
    """Items in the actor's reach whose deadline has passed while the owner still owes the work
    (registered, being rectified or reopened), oldest deadline first."""
    return item_qs_for_actor(actor).filter(overdue_q(today)).order_by("deadline", "pk")


@dataclass(frozen=True)
class LedgerFilters:
    q: str = ""
    status: str = ""
    source: str = ""
    overdue: bool = False
    unit: int | None = None


def parse_filters(data: object) -> LedgerFilters:
    get = getattr(data, "get", lambda _k, _d=None: None)
    status = (get("status") or "").strip()
    source = (get("source") or "").strip()
    unit = (get("unit") or "").strip()
    return LedgerFilters(
        q=(get("q") or "").strip()[:60],
        status=status if status in Status.values else "",
        source=source if source in Source.values else "",
        overdue=get("overdue") in ("1", "on", "yes"),
        unit=int(unit) if unit.isdecimal() else None,
    )


def _filtered(qs: QuerySet[LedgerItem], f: LedgerFilters) -> QuerySet[LedgerItem]:
    if f.q:
        qs = qs.filter(Q(number__icontains=f.q) | Q(title__icontains=f.q))
    if f.status:
        qs = qs.filter(status=f.status)
    if f.source:
        qs = qs.filter(source=f.source)
    if f.overdue:
        qs = qs.filter(overdue_q())
    if f.unit:
        qs = qs.filter(owner_unit_id=f.unit)
    return qs


def with_late(qs: QuerySet[LedgerItem]) -> QuerySet[LedgerItem]:
    """Annotate ``late``: the overdue flag, computed in the query."""
    return qs.annotate(late=ExpressionWrapper(overdue_q(), output_field=BooleanField()))


def ledger_for_actor(actor: Actor, f: LedgerFilters) -> QuerySet[LedgerItem]:
    return with_late(_filtered(item_qs_for_actor(actor), f)).order_by("deadline", "pk")


def ledger_counts(actor: Actor) -> dict[str, int]:
    """Items per status in the actor's reach, plus ``overdue`` and ``total``, in one query."""
    qs = item_qs_for_actor(actor)
    aggregates = {s: Count("pk", filter=Q(status=s)) for s in Status.values}
    aggregates["overdue"] = Count("pk", filter=overdue_q())
    aggregates["total"] = Count("pk")
    return qs.aggregate(**aggregates)


def item_detail(item: LedgerItem) -> dict[str, object]:
    """What the desk page shows besides the item: plan, notes with evidence, concerns."""
    notes = list(
        item.notes.select_related("created_by").prefetch_related("evidence").order_by("created_at")
    )
    return {
        "milestones": list(item.milestones.all()),
        "notes": notes,
        "concerns": list(item.related_concerns.only("code", "title", "status")),
    }


def timeline(item: LedgerItem) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(object_type=OBJECT_TYPE, object_id=str(item.pk)).order_by("seq")
    )


def items_for_concern(actor: Actor, concern_id: int) -> QuerySet[LedgerItem]:
    return item_qs_for_actor(actor).filter(related_concerns__pk=concern_id)


# --- public ---------------------------------------------------------------------------------


def public_qs(f: LedgerFilters | None = None) -> QuerySet[LedgerItem]:
    """Items marked public: no responsible person, no creator, no acceptance note."""
    qs = LedgerItem.objects.filter(is_public=True).select_related("owner_unit")
    qs = qs.only(
        "number",
        "title",
        "content",
        "source",
        "status",
        "deadline",
        "is_long_term",
        "closed_at",
        "created_at",
        "owner_unit__name",
    )
    qs = qs.annotate(
        milestones_total=Count("milestones", distinct=True),
        milestones_done=Count(
            "milestones", filter=Q(milestones__done_at__isnull=False), distinct=True
        ),
    )
    public_notes = ProgressNote.objects.only("item_id", "text", "created_at").order_by(
        "-created_at", "-pk"
    )
    qs = qs.prefetch_related(Prefetch("notes", queryset=public_notes, to_attr="recent_notes"))
    return with_late(_filtered(qs, f or LedgerFilters())).order_by("-created_at", "-pk")


def public_get(number: str) -> LedgerItem:
    item = public_qs().filter(number=number.strip().upper()).first()
    if item is None:
        raise Http404("ledger item not found")
    return item


def public_milestones(item: LedgerItem) -> list[Milestone]:
    return list(item.milestones.only("title", "due", "done_at", "item_id"))


def public_evidence(item: LedgerItem) -> list[Evidence]:
    return list(item.evidence.filter(is_public=True).only("pk", "original_name", "content_type"))


def evidence_for_viewer(actor: Actor, *, pk: int) -> Evidence:
    """An evidence file this viewer may open, else Http404 (never reveal that it exists)."""
    item = Evidence.objects.select_related("item").filter(pk=pk).first()
    if item is None:
        raise Http404("evidence not found")
    if item.is_public and item.item.is_public:
        return item
    if item_qs_for_actor(actor).filter(pk=item.item_id).exists():
        return item
    raise Http404("evidence not found")
