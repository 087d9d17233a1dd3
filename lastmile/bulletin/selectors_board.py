"""Every read of the message board. The public sees visible posts only, without names or
phones; staff see the posts of the communities in their reach (anything else is 404)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from lastmile.bulletin.choices import PostKind, Visibility
from lastmile.bulletin.models import BoardPost, BoardReply, ModerationRecord
from lastmile.bulletin.selectors import reach_paths
from lastmile.core.models import AuditEvent
from lastmile.orgs.models import Area
from lastmile.orgs.selectors import Actor, subtree_q

PUBLIC_FIELDS = (
    "pk",
    "kind",
    "title",
    "text",
    "name",  # only to mask the name inside the text; never shown
    "created_at",
    "visibility",
    "area__name",
    "concern__code",
)


@dataclass(frozen=True)
class BoardFilters:
    q: str = ""
    kind: str = ""
    area: int | None = None
    answered: str = ""  # "", "yes", "no"


def parse_filters(data: object) -> BoardFilters:
    get = getattr(data, "get", lambda _k, _d=None: None)
    kind = (get("kind") or "").strip()
    area = (get("area") or "").strip()
    answered = (get("answered") or "").strip()
    return BoardFilters(
        q=(get("q") or "").strip()[:60],
        kind=kind if kind in PostKind.values else "",
        area=int(area) if area.isdecimal() else None,
        answered=answered if answered in ("yes", "no") else "",
    )


def _filtered(qs: QuerySet[BoardPost], f: BoardFilters) -> QuerySet[BoardPost]:
    if f.q:
        qs = qs.filter(Q(title__icontains=f.q) | Q(text__icontains=f.q))
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.area:
        qs = qs.filter(area_id=f.area)
    if f.answered:
        has_reply = Exists(BoardReply.objects.filter(post=OuterRef("pk")))
        qs = qs.filter(has_reply if f.answered == "yes" else ~has_reply)
    return qs


def public_posts(f: BoardFilters | None = None) -> QuerySet[BoardPost]:
    qs = (
        BoardPost.objects.filter(visibility=Visibility.VISIBLE)
        .select_related("area", "concern")
        .only(*PUBLIC_FIELDS)
        .annotate(reply_count=Count("replies"))
    )
    return _filtered(qs, f or BoardFilters()).order_by("-created_at", "-pk")


def public_post(pk: int) -> BoardPost:
    post = public_posts().filter(pk=pk).first()
    if post is None:
        raise Http404("post not found")
    return post


def replies(post: BoardPost) -> list[BoardReply]:
    return list(post.replies.select_related("unit").only("text", "created_at", "unit__name"))


def communities() -> list[Area]:
    return list(Area.objects.filter(level="community").only("pk", "name"))


# --- staff ----------------------------------------------------------------------------------


def desk_qs(actor: Actor) -> QuerySet[BoardPost]:
    if actor.is_anonymous or not actor.is_staff_member:
        return BoardPost.objects.none()
    qs = BoardPost.objects.select_related("area", "concern").annotate(reply_count=Count("replies"))
    if actor.is_superuser:
        return qs
    return qs.filter(subtree_q(reach_paths(actor, board=True)))


def waiting_q() -> Q:
    """Posts waiting for staff: held for review, or visible with no reply and no concern."""
    return Q(visibility=Visibility.HELD) | Q(
        visibility=Visibility.VISIBLE, reply_count=0, concern__isnull=True
    )


def desk_posts(actor: Actor, *, show: str = "", q: str = "") -> QuerySet[BoardPost]:
    qs = desk_qs(actor)
    if show in Visibility.values:
        qs = qs.filter(visibility=show)
    elif show != "all":
        qs = qs.filter(waiting_q())
    if q:
        qs = qs.filter(Q(title__icontains=q[:60]) | Q(text__icontains=q[:60]))
    return qs.order_by("-created_at", "-pk")


def desk_counts(actor: Actor) -> dict[str, int]:
    qs = desk_qs(actor)
    aggregates = {s: Count("pk", filter=Q(visibility=s)) for s in Visibility.values}
    return qs.aggregate(**aggregates)


def desk_post(actor: Actor, pk: int) -> BoardPost:
    post = desk_qs(actor).filter(pk=pk).first()
    if post is None:
        raise Http404("post not found")
    return post


def desk_detail(post: BoardPost) -> dict[str, object]:
    return {
        "replies": list(post.replies.select_related("unit", "author")),
        "history": list(ModerationRecord.objects.filter(post=post).order_by("created_at", "pk")),
        "events": list(
            AuditEvent.objects.filter(object_type="board_post", object_id=str(post.pk)).order_by(
                "seq"
            )
        ),
    }


def public_post_with_replies(pk: int) -> BoardPost:
    """A visible post with its replies prefetched (for the public detail page)."""
    qs = public_posts().prefetch_related(
        Prefetch("replies", queryset=BoardReply.objects.select_related("unit"))
    )
    post = qs.filter(pk=pk).first()
    if post is None:
        raise Http404("post not found")
    return post
