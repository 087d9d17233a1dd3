"""Reads for the resident-facing and public pages: platform figures, filter lists, public files.

Nothing here returns a resident's personal data; pages mask free text before showing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from lastmile.concerns.choices import AttachmentPurpose, Outcome, Satisfaction, Status
from lastmile.concerns.models import Attachment, Category, Concern
from lastmile.concerns.selectors import board_qs
from lastmile.orgs.choices import AreaLevel
from lastmile.orgs.models import Area
from lastmile.orgs.selectors import area_list_public


@dataclass(frozen=True)
class MonthFigures:
    since: datetime
    received: int
    closed: int
    rated: int
    satisfaction: float | None  # 0..1, None when nobody has rated yet this month

    @property
    def satisfaction_percent(self) -> str:
        return "" if self.satisfaction is None else f"{self.satisfaction * 100:.1f}"


def month_start(now: datetime | None = None) -> datetime:
    local = timezone.localtime(now or timezone.now())
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def month_figures(*, now: datetime | None = None) -> MonthFigures:
    """This month's platform-wide figures in one query.

    received: concerns created this month; closed: concerns closed this month; satisfaction among
    the concerns closed this month with the resident's rating = (satisfied + 0.9 × mostly) / rated.
    Closed without feedback ("not rated") never counts as satisfied and is not in the base.
    """
    since = month_start(now)
    closed_q = Q(status=Status.CLOSED, closed_at__gte=since)
    rated_q = closed_q & Q(outcome=Outcome.RATED)
    row = Concern.objects.aggregate(
        received=Count("id", filter=Q(created_at__gte=since)),
        closed=Count("id", filter=closed_q),
        rated=Count("id", filter=rated_q),
        satisfied=Count("id", filter=rated_q & Q(cb_satisfaction=Satisfaction.SATISFIED)),
        mostly=Count("id", filter=rated_q & Q(cb_satisfaction=Satisfaction.MOSTLY_SATISFIED)),
    )
    rated = row["rated"] or 0
    score = (row["satisfied"] + 0.9 * row["mostly"]) / rated if rated else None
    return MonthFigures(
        since=since,
        received=row["received"] or 0,
        closed=row["closed"] or 0,
        rated=rated,
        satisfaction=score,
    )


def board_list_qs(
    *, status: str = "", category_id: int | None = None, area_id: int | None = None, query: str = ""
) -> QuerySet[Concern]:
    """The public board list: board_qs plus the community above each grid (no N+1)."""
    return board_qs(
        status=status, category_id=category_id, area_id=area_id, query=query.strip()[:50]
    ).select_related("area__parent")


def public_area_name(area: Area | None) -> str:
    """The area as the public may see it: community level at most (never a grid or address)."""
    if area is None:
        return ""
    if area.level == AreaLevel.GRID and area.parent is not None:
        return area.parent.name
    return area.name


def grid_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grids grouped by their community, for a grouped <select>."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for grid in area_list_public(level=AreaLevel.GRID).order_by("path"):
        label = grid.parent.name if grid.parent is not None else ""
        groups.setdefault(label, []).append((str(grid.pk), grid.name))
    return list(groups.items())


def grid_get(pk: int) -> Area | None:
    return area_list_public(level=AreaLevel.GRID).filter(pk=pk).first()


def community_list() -> list[Area]:
    return list(area_list_public(level=AreaLevel.COMMUNITY).order_by("path"))


def top_categories() -> list[Category]:
    return list(Category.objects.filter(level=1, is_active=True).order_by("code"))


def public_evidence(concern: Concern) -> list[Attachment]:
    """The unit's reply evidence marked public (never the resident's own photos)."""
    return list(
        concern.attachments.filter(purpose=AttachmentPurpose.EVIDENCE, is_public=True).order_by(
            "created_at"
        )
    )
