"""Every read of the wishes, scoped to the actor. Outside the actor's reach means 404.

Staff see the wishes of the communities they work for (``permissions.staff_q``) with the family's
details; claimers see their own claims (and their unit's) with the family's contact; the public
sees published wishes only, through ``presenters.PublicWish`` (no name, phone or address).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from lastmile.core.crypto import looks_like_phone, phone_hash
from lastmile.core.models import AuditEvent
from lastmile.orgs.choices import AreaLevel
from lastmile.orgs.models import Area, Household
from lastmile.orgs.selectors import Actor, subtree_q
from lastmile.wishes import permissions
from lastmile.wishes.choices import (
    LIVE_CLAIMS,
    PUBLIC_STATUSES,
    WALL_FILTERS,
    ClaimStatus,
    Status,
)
from lastmile.wishes.models import Claim, Photo, Round, Wish
from lastmile.wishes.services.codes import check_pin
from lastmile.wishes.services.transition import OBJECT_TYPE

# ---- staff -----------------------------------------------------------------------------------


def staff_qs(actor: Actor) -> QuerySet[Wish]:
    if actor.is_anonymous or not permissions.is_wish_staff(actor):
        return Wish.objects.none()
    return Wish.objects.filter(permissions.staff_q(actor)).select_related("community", "round")


def staff_get(actor: Actor, code: str) -> Wish:
    wish = staff_qs(actor).filter(code=(code or "").strip().upper()).first()
    if wish is None:
        raise Http404("wish not found")
    return wish


def staff_communities(actor: Actor) -> QuerySet[Area]:
    """The communities and villages the actor works for (collect, filter, import)."""
    qs = Area.objects.filter(level=AreaLevel.COMMUNITY)
    if actor.is_superuser:
        return qs
    q = Q(pk__in=permissions.grassroots_area_ids(actor))
    paths = actor.area_paths()
    if paths:
        q |= subtree_q(paths, "path")
    return qs.filter(q)


def staff_households(actor: Actor) -> QuerySet[Household]:
    paths = [a.path for a in staff_communities(actor)]
    if not paths:
        return Household.objects.none()
    return Household.objects.filter(subtree_q(paths)).select_related("area")


@dataclass(frozen=True)
class DeskFilters:
    q: str = ""
    status: str = ""
    community: int | None = None
    round: int | None = None
    priority: bool = False

    @property
    def active(self) -> bool:
        return bool(self.q or self.status or self.community or self.round or self.priority)


def _int(value: object) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdecimal() else None


def parse_desk_filters(data: object) -> DeskFilters:
    get = getattr(data, "get", lambda _k, _d=None: None)
    status = (get("status") or "").strip()
    return DeskFilters(
        q=(get("q") or "").strip()[:40],
        status=status if status in Status.values else "",
        community=_int(get("community")),
        round=_int(get("round")),
        priority=get("priority") in ("1", "on", "yes"),
    )


def desk_list(actor: Actor, f: DeskFilters) -> QuerySet[Wish]:
    qs = staff_qs(actor)
    if f.q:
        # The family's name and phone are encrypted: a whole phone number finds its wishes by
        # the keyed hash; names cannot be searched.
        by_phone = (
            Q(beneficiary_phone_hash=phone_hash(f.q)) if looks_like_phone(f.q) else Q(pk__in=[])
        )
        qs = qs.filter(Q(code__icontains=f.q) | Q(title__icontains=f.q) | by_phone)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.community:
        qs = qs.filter(community_id=f.community)
    if f.round:
        qs = qs.filter(round_id=f.round)
    if f.priority:
        qs = qs.filter(priority=True, status=Status.PUBLISHED)
    return qs.order_by("-priority", "-created_at", "-pk")


def desk_counts(actor: Actor) -> dict[str, int]:
    """Wishes per status in the actor's reach, plus priority and total, in one query."""
    aggregates = {s: Count("pk", filter=Q(status=s)) for s in Status.values}
    aggregates["priority"] = Count("pk", filter=Q(priority=True, status=Status.PUBLISHED))
    aggregates["total"] = Count("pk")
    return staff_qs(actor).aggregate(**aggregates)


def wish_claims(wish: Wish) -> list[Claim]:
    return list(wish.claims.select_related("person", "unit").order_by("claimed_at", "pk"))


def wish_photos(wish: Wish) -> list[Photo]:
    return list(wish.photos.only("pk", "original_name", "content_type", "is_public", "wish_id"))


def timeline(wish: Wish) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(object_type=OBJECT_TYPE, object_id=str(wish.pk)).order_by("seq")
    )


# ---- the public wall -------------------------------------------------------------------------


@dataclass(frozen=True)
class WallFilters:
    status: str = ""
    community: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.status or self.community)


def parse_wall_filters(data: object) -> WallFilters:
    get = getattr(data, "get", lambda _k, _d=None: None)
    status = (get("status") or "").strip()
    return WallFilters(
        status=status if status in WALL_FILTERS else "", community=_int(get("community"))
    )


def wall_qs(f: WallFilters | None = None) -> QuerySet[Wish]:
    """Published wishes; priority ones (a lapsed claim, carried over) first, then the open ones,
    then those claimed, then those fulfilled."""
    f = f or WallFilters()
    statuses = WALL_FILTERS.get(f.status, PUBLIC_STATUSES)
    qs = Wish.objects.filter(status__in=statuses).select_related("community")
    if f.community:
        qs = qs.filter(community_id=f.community)
    rank = Case(
        When(status=Status.PUBLISHED, then=Value(0)),
        When(status=Status.CLAIMED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return qs.annotate(rank=rank).order_by("-priority", "rank", "-published_at", "-pk")


def wall_communities() -> QuerySet[Area]:
    return Area.objects.filter(level=AreaLevel.COMMUNITY).order_by("path")


def public_get(code: str) -> Wish:
    wish = (
        Wish.objects.filter(code=(code or "").strip().upper(), status__in=PUBLIC_STATUSES)
        .select_related("community")
        .first()
    )
    if wish is None:
        raise Http404("wish not found")
    return wish


def public_claims(wish: Wish) -> list[Claim]:
    return list(
        wish.claims.filter(status__in=LIVE_CLAIMS).select_related("person", "unit").order_by("pk")
    )


def open_count() -> int:
    return Wish.objects.filter(status=Status.PUBLISHED).count()


# ---- the family ------------------------------------------------------------------------------


def family_get(code: str, pin: str) -> Wish | None:
    """The family's own wish (any status), with the wish code and PIN; None if they don't match."""
    code = (code or "").strip().upper()
    if not code or not check_pin(code, pin):
        return None
    return Wish.objects.filter(code=code).select_related("community").first()


# ---- claimers --------------------------------------------------------------------------------


def _claimer_q(actor: Actor) -> Q:
    if actor.person is None:
        return Q(pk__in=[])
    return Q(person=actor.person) | Q(unit_id__in=permissions.member_unit_ids(actor))


def my_claims(actor: Actor) -> QuerySet[Claim]:
    order = Case(
        When(status=ClaimStatus.ACTIVE, then=Value(0)),
        When(status=ClaimStatus.CONTACTED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        Claim.objects.filter(_claimer_q(actor))
        .select_related("wish__community", "person", "unit")
        .annotate(rank=order)
        .order_by("rank", "-claimed_at", "-pk")
    )


def my_claim_get(actor: Actor, pk: int) -> Claim:
    claim = my_claims(actor).filter(pk=pk).first()
    if claim is None:
        raise Http404("claim not found")
    return claim


def my_live_claims_on(actor: Actor, wish: Wish) -> list[Claim]:
    return list(my_claims(actor).filter(wish=wish, status__in=LIVE_CLAIMS))


# ---- photos ----------------------------------------------------------------------------------


def photo_for_viewer(actor: Actor, *, pk: int, family_codes: frozenset[str]) -> Photo:
    """A photo this viewer may open, else Http404: public ones of public wishes; staff in
    reach; the wish's claimers; the family who unlocked the wish with its PIN."""
    photo = Photo.objects.select_related("wish").filter(pk=pk).first()
    if photo is None:
        raise Http404("photo not found")
    wish = photo.wish
    if photo.is_public and wish.status in PUBLIC_STATUSES:
        return photo
    if wish.code in family_codes:
        return photo
    if staff_qs(actor).filter(pk=wish.pk).exists():
        return photo
    if my_claims(actor).filter(wish=wish).exists():
        return photo
    raise Http404("photo not found")


# ---- rounds ----------------------------------------------------------------------------------


def rounds_list(actor: Actor | None = None) -> QuerySet[Round]:
    """Rounds, newest first; for ``actor`` only those of their areas and of the areas above
    them (a round elsewhere does not exist for them: the permission matrix found the name and
    figures of another district's round shown to any staff member)."""
    qs = Round.objects.select_related("area").order_by("-starts_on", "-pk")
    if actor is None or actor.is_superuser:
        return qs
    ids = permissions.grassroots_area_ids(actor)
    paths = [*actor.area_paths(), *Area.objects.filter(pk__in=ids).values_list("path", flat=True)]
    above = {p[: i + 1] for p in paths for i, ch in enumerate(p) if ch == "/" and i}
    return qs.filter(subtree_q(paths) | Q(area__path__in=above))


def round_get(pk: int, actor: Actor | None = None) -> Round:
    found = rounds_list(actor).filter(pk=pk).first()
    if found is None:
        raise Http404("round not found")
    return found


def round_areas(actor: Actor) -> list[Area]:
    """Areas the actor may open a round for: their communities and the areas of their area
    roles."""
    areas = list(staff_communities(actor))
    paths = actor.area_paths()
    if paths:
        ids = [int(p.strip("/").split("/")[-1]) for p in paths]
        areas += list(
            Area.objects.filter(
                pk__in=ids, level__in=[AreaLevel.DISTRICT, AreaLevel.STREET, AreaLevel.COMMUNITY]
            )
        )
    unique = {a.pk: a for a in areas}
    return sorted(unique.values(), key=lambda a: a.path)
