"""批次: rounds of wishes. A wish joins the round open in its community when it is collected;
when a round starts, the unclaimed wishes of earlier rounds move into it and go first."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.core import audit
from lastmile.core.errors import InvalidInput, NotPermitted
from lastmile.orgs.choices import AreaLevel
from lastmile.orgs.models import Area
from lastmile.orgs.selectors import SYSTEM, Actor
from lastmile.wishes import permissions
from lastmile.wishes.choices import PriorityReason, Status
from lastmile.wishes.models import Round, Wish
from lastmile.wishes.services import transition

ROUND_AREA_LEVELS = frozenset({AreaLevel.DISTRICT, AreaLevel.STREET, AreaLevel.COMMUNITY})


def _ancestor_ids(area: Area) -> list[int]:
    return [int(x) for x in area.path.strip("/").split("/") if x]


def current_round_for(community: Area, day: dt.date) -> Round | None:
    """The round running on ``day`` whose area holds the community (the latest to start)."""
    return (
        Round.objects.filter(
            area_id__in=_ancestor_ids(community), starts_on__lte=day, ends_on__gte=day
        )
        .order_by("-starts_on", "-pk")
        .first()
    )


def _overlapping(area: Area, starts_on: dt.date, ends_on: dt.date) -> Round | None:
    """A round at the same time in an area that contains, or lies within, this one."""
    for other in Round.objects.filter(
        starts_on__lte=ends_on, ends_on__gte=starts_on
    ).select_related("area"):
        if area.path.startswith(other.area.path) or other.area.path.startswith(area.path):
            return other
    return None


@transaction.atomic
def round_create(
    *,
    actor: Actor,
    name: str,
    area: Area | None,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
) -> Round:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput(_("Give the round a name, e.g. 2025年秋季微心愿."), field="name")
    if len(name) > 80:
        raise InvalidInput(_("Keep the name under 80 characters."), field="name")
    if area is None or area.level not in ROUND_AREA_LEVELS:
        raise InvalidInput(_("Choose a community, village or street."), field="area")
    if not permissions.may_manage_round(actor, area):
        raise NotPermitted(_("You can open rounds only for the areas you work for."), field="area")
    if starts_on is None:
        raise InvalidInput(_("When does the round start?"), field="starts_on")
    if ends_on is None or ends_on < starts_on:
        raise InvalidInput(_("The round must end on or after its first day."), field="ends_on")
    clash = _overlapping(area, starts_on, ends_on)
    if clash is not None:
        raise InvalidInput(
            _("This overlaps the round “%(name)s” (%(start)s – %(end)s) in %(area)s.")
            % {
                "name": clash.name,
                "start": clash.starts_on.isoformat(),
                "end": clash.ends_on.isoformat(),
                "area": clash.area.name,
            },
            field="starts_on",
        )
    round_ = Round.objects.create(
        name=name,
        area=area,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor.person,
        created_at=timezone.now(),
    )
    audit.record(
        verb="wish.round_create",
        obj_type="wish_round",
        obj_id=round_.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data={
            "name": name,
            "area": area.name,
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
    )
    if starts_on <= timezone.localdate():
        carry_over(actor=actor, round_=round_)
    return round_


def carry_over(*, actor: Actor, round_: Round) -> int:
    """Move the unclaimed (published, not fully pledged) wishes of earlier rounds in the
    round's area into it, with priority. Idempotent: a round carries over once."""
    with transaction.atomic():
        round_ = Round.objects.select_for_update().select_related("area").get(pk=round_.pk)
        if round_.carried_over_at is not None:
            return 0
        waiting = (
            Wish.objects.filter(
                status=Status.PUBLISHED, community__path__startswith=round_.area.path
            )
            .exclude(round=round_)
            .exclude(round__starts_on__gt=round_.starts_on)
            .order_by("pk")
        )
        moved = 0
        for wish in waiting:
            wish = transition.lock(wish)
            reason = wish.priority_reason or PriorityReason.CARRIED
            previous = wish.round_id
            transition.save(
                wish,
                {
                    "round": round_,
                    "carried_from_id": previous,
                    "priority": True,
                    "priority_reason": reason,
                },
            )
            transition.record(
                actor=actor,
                wish=wish,
                verb="carry_over",
                data={"round": round_.pk, "round_name": round_.name, "from_round": previous},
            )
            moved += 1
        round_.carried_over_at = timezone.now()
        round_.save(update_fields=["carried_over_at"])
    return moved


def rounds_start_due(*, today: dt.date | None = None) -> int:
    """Carry over into every round that has started and not yet carried over (periodic)."""
    today = today or timezone.localdate()
    moved = 0
    for round_ in Round.objects.filter(carried_over_at__isnull=True, starts_on__lte=today):
        moved += carry_over(actor=SYSTEM, round_=round_)
    return moved
