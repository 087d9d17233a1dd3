"""Every read of the decision process, scoped to the actor. Outside the actor's reach means 404.

Reach: the cadres of a community or village (its grassroots unit) see its matters; area roles
(grid workers, dispatchers, supervisors, administrators) see the matters in their subtrees. The
public sees notices and each matter's record as figures — no names, no minutes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lastmile.core.models import AuditEvent
from lastmile.decisions import permissions
from lastmile.decisions.choices import DECIDING, Status
from lastmile.decisions.models import Attachment, Matter, Meeting, Notice, Objection, Revision
from lastmile.decisions.services.transition import OBJECT_TYPE
from lastmile.orgs.choices import AreaLevel
from lastmile.orgs.models import Area
from lastmile.orgs.selectors import Actor, subtree_q


def scope_q(actor: Actor) -> Q:
    if actor.is_superuser:
        return Q()
    q = Q(area_id__in=permissions.cadre_area_ids(actor))
    paths = actor.area_paths()
    if paths:
        q |= subtree_q(paths)
    return q


def matter_qs_for_actor(actor: Actor) -> QuerySet[Matter]:
    if actor.is_anonymous or not actor.is_staff_member:
        return Matter.objects.none()
    return Matter.objects.filter(scope_q(actor)).select_related("area")


def matter_get_for_actor(actor: Actor, number: str) -> Matter:
    matter = matter_qs_for_actor(actor).filter(number=number.strip().upper()).first()
    if matter is None:
        raise Http404("matter not found")
    return matter


@dataclass(frozen=True)
class MatterFilters:
    status: str = ""
    area: int | None = None


def parse_filters(data: object) -> MatterFilters:
    get = getattr(data, "get", lambda _k, _d=None: None)
    status = (get("status") or "").strip()
    area = (get("area") or "").strip()
    return MatterFilters(
        status=status if status in Status.values else "",
        area=int(area) if area.isdecimal() else None,
    )


def matters_for_actor(actor: Actor, f: MatterFilters) -> QuerySet[Matter]:
    qs = matter_qs_for_actor(actor)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.area:
        qs = qs.filter(area_id=f.area)
    return qs.order_by("-created_at", "-pk")


def matter_counts(actor: Actor) -> dict[str, int]:
    qs = matter_qs_for_actor(actor)
    aggregates = {s: Count("pk", filter=Q(status=s)) for s in Status.values}
    aggregates["deciding"] = Count("pk", filter=Q(status__in=DECIDING))
    aggregates["total"] = Count("pk")
    return qs.aggregate(**aggregates)


def areas_in_reach(actor: Actor) -> QuerySet[Area]:
    """Communities and villages whose matters this person sees (for the filter)."""
    qs = Area.objects.filter(level=AreaLevel.COMMUNITY)
    if actor.is_superuser:
        return qs
    q = Q(pk__in=permissions.cadre_area_ids(actor))
    paths = actor.area_paths()
    if paths:
        q |= subtree_q(paths, field_name="path")
    return qs.filter(q)


def areas_to_record(actor: Actor) -> QuerySet[Area]:
    """Communities and villages where this person may register matters."""
    qs = Area.objects.filter(level=AreaLevel.COMMUNITY)
    return qs if actor.is_superuser else qs.filter(pk__in=permissions.cadre_area_ids(actor))


def areas_to_configure(actor: Actor) -> list[Area]:
    return [a for a in areas_in_reach(actor) if permissions.may_configure(actor, a)]


def area_get_for_actor(actor: Actor, pk: int) -> Area:
    area = areas_in_reach(actor).filter(pk=pk).first() if actor.is_staff_member else None
    if area is None:
        raise Http404("area not found")
    return area


def _meetings() -> QuerySet[Meeting]:
    return Meeting.objects.prefetch_related("roll", "attachments").order_by(
        "step_index", "held_on", "pk"
    )


def matter_record(matter: Matter) -> dict[str, object]:
    """Everything recorded on a matter, for the staff page and the archive."""
    notices = Notice.objects.prefetch_related(
        Prefetch("objections", queryset=Objection.objects.select_related("recorded_by"))
    ).select_related("posted_by")
    return {
        "meetings": list(_meetings().filter(matter=matter).select_related("recorded_by")),
        "notices": list(notices.filter(matter=matter).order_by("posted_at")),
        "revisions": list(
            Revision.objects.filter(matter=matter).select_related("created_by", "after_meeting")
        ),
    }


def timeline(matter: Matter) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(object_type=OBJECT_TYPE, object_id=str(matter.pk)).order_by("seq")
    )


def attachment_for_viewer(actor: Actor, *, pk: int) -> Attachment:
    """A meeting attachment this viewer may open (staff within reach), else Http404."""
    found = Attachment.objects.select_related("meeting").filter(pk=pk).first()
    if found is None or not matter_qs_for_actor(actor).filter(pk=found.meeting.matter_id).exists():
        raise Http404("attachment not found")
    return found


# --- public ---------------------------------------------------------------------------------


def public_areas() -> QuerySet[Area]:
    """Communities and villages with at least one matter (for the board's filter)."""
    ids = Matter.objects.values_list("area_id", flat=True).distinct()
    return Area.objects.filter(pk__in=ids).order_by("path")


def _public_notices(area: int | None) -> QuerySet[Notice]:
    qs = Notice.objects.select_related("matter__area").annotate(objection_count=Count("objections"))
    return qs.filter(matter__area_id=area) if area else qs


def notices_current(area: int | None = None, today: dt.date | None = None) -> list[Notice]:
    today = today or timezone.localdate()
    tomorrow = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time()))
    return list(
        _public_notices(area)
        .filter(posted_at__lt=tomorrow, ends_on__gt=today)
        .order_by("ends_on", "pk")
    )


def notices_past(area: int | None = None, today: dt.date | None = None) -> QuerySet[Notice]:
    today = today or timezone.localdate()
    return _public_notices(area).filter(ends_on__lte=today).order_by("-ends_on", "-pk")


def matters_deciding(area: int | None = None) -> QuerySet[Matter]:
    qs = Matter.objects.filter(status__in=DECIDING).select_related("area")
    return (qs.filter(area_id=area) if area else qs).order_by("-created_at", "-pk")


def public_matter_get(number: str) -> Matter:
    matter = Matter.objects.select_related("area").filter(number=number.strip().upper()).first()
    if matter is None:
        raise Http404("matter not found")
    return matter


def public_record(matter: Matter) -> dict[str, object]:
    """A matter's public record: steps with dates, attendance figures and votes; notices with
    their objections. No roll names, no minutes, no attachments."""
    meetings = Meeting.objects.filter(matter=matter).only(
        "matter_id",
        "step",
        "step_index",
        "attempt",
        "body",
        "basis",
        "held_on",
        "announced_on",
        "eligible",
        "present",
        "votes_for",
        "votes_against",
        "votes_abstain",
        "outcome",
        "failure",
    )
    objections = Objection.objects.only("notice_id", "raised_on", "text", "response", "raised_by")
    notices = (
        Notice.objects.filter(matter=matter)
        .prefetch_related(Prefetch("objections", queryset=objections))
        .order_by("posted_at")
    )
    return {
        "meetings": list(meetings.order_by("step_index", "held_on", "pk")),
        "notices": list(notices),
        "revisions": list(Revision.objects.filter(matter=matter).only("matter_id", "created_at")),
    }
