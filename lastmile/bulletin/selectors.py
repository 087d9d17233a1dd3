"""Every read of notices and policies, scoped to who is looking.

Public contract (the member digest codes against it): :func:`notices_for_person`.

Audiences: a notice is for an area (``Notice.area``) and reaches people of that area's subtree —
everyone (public), residents living there (home area or household), party members living or
holding a post there, cadres working there (a membership whose jurisdiction or unit is there, or
a post in the two committees). In each case the notice's area is the person's area or one of its
ancestors, so the check is an ``area_id IN (ancestor ids)`` on the materialised path.

Staff reach (the desk): notices whose area lies in the subtree of one of their memberships (the
jurisdiction, or the unit's area); anything else is 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lastmile.bulletin.choices import Audience, NoticeKind, NoticeStatus
from lastmile.bulletin.models import Notice, NoticeAttachment
from lastmile.core.models import AuditEvent
from lastmile.orgs.choices import AREA_ROLES, TWO_COMMITTEES, UnitKind
from lastmile.orgs.models import Area, Membership, Person
from lastmile.orgs.models import Post as OrgPost
from lastmile.orgs.selectors import Actor, subtree_q

LIST_RELATED = ("area", "unit")
LOCAL_UNIT_KINDS = frozenset({UnitKind.GOVERNMENT, UnitKind.GRASSROOTS})


def path_ids(path: str) -> set[int]:
    """The ids of an area and its ancestors, read from its materialised path."""
    return {int(x) for x in path.strip("/").split("/") if x}


@dataclass(frozen=True)
class PersonAreas:
    """The ancestor-or-self area ids a person belongs to, per audience."""

    residence: frozenset[int]
    party: frozenset[int]
    cadre: frozenset[int]


def person_areas(person: Person) -> PersonAreas:
    """Where a person lives, serves as a party member and works (three small queries)."""
    home = (
        Person.objects.filter(pk=person.pk)
        .values_list("home_area__path", "household__area__path")
        .first()
    ) or (None, None)
    residence: set[int] = set()
    for path in home:
        if path:
            residence |= path_ids(path)
    party = set(residence)
    cadre: set[int] = set()
    for path, kind in OrgPost.objects.filter(person=person, is_active=True).values_list(
        "area__path", "kind"
    ):
        party |= path_ids(path)
        if kind in TWO_COMMITTEES:
            cadre |= path_ids(path)
    for area_path, unit_path in Membership.objects.filter(
        person=person, is_active=True
    ).values_list("area__path", "unit__area__path"):
        cadre |= path_ids(area_path or unit_path or "")
    return PersonAreas(frozenset(residence), frozenset(party), frozenset(cadre))


def audience_q(person: Person | None) -> Q:
    """Notices this person is in the audience of (the public ones for nobody)."""
    q = Q(audience=Audience.PUBLIC)
    if person is None:
        return q
    areas = person_areas(person)
    if areas.residence:
        q |= Q(audience=Audience.RESIDENTS, area_id__in=sorted(areas.residence))
    if person.is_party_member and areas.party:
        q |= Q(audience=Audience.PARTY_MEMBERS, area_id__in=sorted(areas.party))
    if areas.cadre:
        q |= Q(audience=Audience.CADRES, area_id__in=sorted(areas.cadre))
    return q


def live_q(at: datetime) -> Q:
    """Published, past the publish time, not expired at ``at``."""
    return Q(status=NoticeStatus.PUBLISHED, published_at__lte=at) & (
        Q(expires_at__isnull=True) | Q(expires_at__gt=at)
    )


def notices_for_person(
    person: Person | None, *, since: datetime, until: datetime | None = None
) -> QuerySet[Notice]:
    """Notices published in [since, until), unexpired at ``until`` (default now), whose audience
    includes ``person`` (``None``: public notices only), newest first."""
    until = until or timezone.now()
    return (
        Notice.objects.filter(live_q(until), audience_q(person), published_at__gte=since)
        .exclude(published_at__gte=until)
        .select_related(*LIST_RELATED)
        .order_by("-published_at", "-pk")
    )


def person_of(actor: Actor) -> Person | None:
    return actor.person if not actor.is_anonymous else None


# --- the public list ------------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeFilters:
    q: str = ""
    kind: str = ""
    area: int | None = None


def parse_filters(data: object) -> NoticeFilters:
    get = getattr(data, "get", lambda _k, _d=None: None)
    kind = (get("kind") or "").strip()
    area = (get("area") or "").strip()
    return NoticeFilters(
        q=(get("q") or "").strip()[:60],
        kind=kind if kind in NoticeKind.values else "",
        area=int(area) if area.isdecimal() else None,
    )


def visible_notices(
    actor: Actor, f: NoticeFilters | None = None, *, now: datetime | None = None
) -> QuerySet[Notice]:
    """What the list at /notices/ shows this viewer: live notices for their audiences; pinned
    first, then newest. The area filter keeps notices for that area, its ancestors and its
    subtree (a street-wide notice concerns a community too)."""
    f = f or NoticeFilters()
    qs = Notice.objects.filter(live_q(now or timezone.now()), audience_q(person_of(actor)))
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.q:
        qs = qs.filter(Q(title__icontains=f.q) | Q(body__icontains=f.q))
    if f.area:
        area = Area.objects.filter(pk=f.area).only("path").first()
        if area is None:
            return qs.none()
        qs = qs.filter(Q(area_id__in=sorted(path_ids(area.path))) | subtree_q([area.path]))
    return qs.select_related(*LIST_RELATED).order_by("-is_pinned", "-published_at", "-pk")


def notice_get_visible(actor: Actor, pk: int) -> Notice:
    """A live notice this viewer is in the audience of, else 404 (scheduled, expired, withdrawn
    and other audiences' notices do not exist for them)."""
    notice = visible_notices(actor).filter(pk=pk).first()
    if notice is None:
        raise Http404("notice not found")
    return notice


def latest_public(limit: int = 3) -> list[Notice]:
    qs = Notice.objects.filter(live_q(timezone.now()), audience=Audience.PUBLIC)
    return list(qs.only("pk", "title", "kind", "published_at").order_by("-published_at")[:limit])


def filter_areas() -> list[Area]:
    """Areas a viewer may filter the list by: streets and communities/villages."""
    return list(Area.objects.filter(level__in=("street", "community")).only("pk", "name", "path"))


# --- staff (the desk) ------------------------------------------------------------------------


def reach_paths(actor: Actor, *, board: bool = False) -> list[str]:
    """The area subtrees a staff member works in: each membership's jurisdiction (or its unit's
    area), and the area of a local unit (a street office, a community's or village's own
    organisation: its grid workers serve the whole community). On the message board
    (``board``) functional departments and enterprises are not "staff of the area" unless they
    hold an area role there."""
    found: set[str] = set()
    for m in actor.memberships:
        local = m.unit.kind in LOCAL_UNIT_KINDS
        if board and not local and m.role not in AREA_ROLES:
            continue
        found.add((m.area or m.unit.area).path)
        if local:
            found.add(m.unit.area.path)
    paths = sorted(found)
    return [p for p in paths if not any(p != o and p.startswith(o) for o in paths)]


def covers(actor: Actor, area: Area | None, *, board: bool = False) -> bool:
    if actor.is_superuser:
        return True
    if area is None:
        return False
    return any(area.path.startswith(p) for p in reach_paths(actor, board=board))


def desk_qs(actor: Actor) -> QuerySet[Notice]:
    if actor.is_anonymous or not actor.is_staff_member:
        return Notice.objects.none()
    qs = Notice.objects.select_related(*LIST_RELATED, "author")
    if actor.is_superuser:
        return qs
    return qs.filter(subtree_q(reach_paths(actor)))


def desk_list(actor: Actor, *, status: str = "", q: str = "") -> QuerySet[Notice]:
    qs = desk_qs(actor)
    if status in NoticeStatus.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(title__icontains=q[:60])
    return qs.order_by("-updated_at", "-pk")


def desk_get(actor: Actor, pk: int) -> Notice:
    notice = desk_qs(actor).filter(pk=pk).first()
    if notice is None:
        raise Http404("notice not found")
    return notice


def attachments(notice: Notice) -> list[NoticeAttachment]:
    return list(notice.attachments.only("pk", "original_name", "content_type", "size", "notice"))


def attachment_for_viewer(actor: Actor, *, pk: int) -> tuple[NoticeAttachment, bool]:
    """An attachment this viewer may open, and whether it is public; else Http404."""
    item = NoticeAttachment.objects.select_related("notice").filter(pk=pk).first()
    if item is None:
        raise Http404("attachment not found")
    if visible_notices(actor).filter(pk=item.notice_id).exists():
        return item, item.notice.audience == Audience.PUBLIC
    if desk_qs(actor).filter(pk=item.notice_id).exists():
        return item, False
    raise Http404("attachment not found")


def audience_user_ids(notice: Notice) -> list[int]:
    """Logins of the people a notice is for (who are told when it is published): residents,
    party members and cadres of the notice's area subtree, per its audience."""
    path = notice.area.path
    residents = Q(home_area__path__startswith=path) | Q(household__area__path__startswith=path)
    party = Q(is_party_member=True) & (
        residents | Q(posts__is_active=True, posts__area__path__startswith=path)
    )
    cadres = (
        Q(memberships__is_active=True, memberships__area__path__startswith=path)
        | Q(
            memberships__is_active=True,
            memberships__area__isnull=True,
            memberships__unit__area__path__startswith=path,
        )
        | Q(
            posts__is_active=True,
            posts__kind__in=sorted(TWO_COMMITTEES),
            posts__area__path__startswith=path,
        )
    )
    by_audience = {
        Audience.PUBLIC: residents | party | cadres,
        Audience.RESIDENTS: residents,
        Audience.PARTY_MEMBERS: party,
        Audience.CADRES: cadres,
    }
    people = Person.objects.filter(user__isnull=False, user__is_active=True)
    ids = people.filter(by_audience[Audience(notice.audience)]).values_list("user_id", flat=True)
    return sorted({i for i in ids if i is not None})


def due_unnotified(now: datetime, limit: int = 100) -> list[int]:
    """Published notices whose time has come but whose audience was not told yet."""
    qs = Notice.objects.filter(live_q(now), notified_at__isnull=True).order_by("published_at")
    return list(qs.values_list("pk", flat=True)[:limit])


def timeline(notice: Notice) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(object_type="notice", object_id=str(notice.pk)).order_by("seq")
    )


def staff_areas(actor: Actor) -> QuerySet[Area]:
    """Areas a staff member may address notices to (their reach), top-down."""
    if actor.is_superuser:
        return Area.objects.all()
    return Area.objects.filter(subtree_q(reach_paths(actor), "path"))


def desk_counts(actor: Actor) -> dict[str, int]:
    qs = desk_qs(actor)
    aggregates = {s: Count("pk", filter=Q(status=s)) for s in NoticeStatus.values}
    aggregates["scheduled"] = Count(
        "pk", filter=Q(status=NoticeStatus.PUBLISHED, published_at__gt=timezone.now())
    )
    return qs.aggregate(**aggregates)
