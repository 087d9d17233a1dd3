"""Registering a matter, revising it after a failed vote, withdrawing it, and the area setting
that merges steps 1–2 where one person holds both posts (一肩挑)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.core import audit
from lastmile.core.errors import InvalidInput
from lastmile.decisions import permissions
from lastmile.decisions.choices import AreaKind, Category, Status
from lastmile.decisions.models import AreaSetting, Matter, Revision
from lastmile.decisions.registers import one_shoulder_holder
from lastmile.decisions.services import transition
from lastmile.decisions.services.numbers import next_number
from lastmile.decisions.text import digest, plain
from lastmile.orgs.choices import AreaLevel
from lastmile.orgs.models import Area
from lastmile.orgs.selectors import Actor


def _community(area: Area | None) -> Area:
    if area is None or area.level != AreaLevel.COMMUNITY:
        raise InvalidInput(_("Choose a community or village."), field="area")
    return area


def _required(value: str, field: str, message: str, limit: int | None = None) -> str:
    text = plain(value)
    if not text:
        raise InvalidInput(message, field=field)
    if limit is not None and len(text) > limit:
        raise InvalidInput(_("Keep it to %(n)d characters or fewer.") % {"n": limit}, field=field)
    return text


def merges_first_steps(area: Area) -> bool:
    setting = AreaSetting.objects.filter(area=area).first()
    return bool(setting and setting.merge_first_steps)


@transaction.atomic
def matter_create(
    *, actor: Actor, area: Area | None, category: str, title: str, summary: str
) -> Matter:
    """Register a matter for the decision process in a community or village.

    Steps 1–2 are one joint meeting when the area's setting says so and one person still holds
    both posts; the matter keeps that choice for its whole life."""
    area = _community(area)
    permissions.require_record(actor, area)
    if category not in Category.values:
        raise InvalidInput(_("Choose the kind of matter."), field="category")
    title = _required(title, "title", _("Name the matter."), limit=120)
    summary = _required(summary, "summary", _("Describe what is proposed."))
    merged = merges_first_steps(area) and one_shoulder_holder(area) is not None
    now = timezone.now()
    matter = Matter.objects.create(
        number=next_number(timezone.localtime(now).year),
        area=area,
        kind=AreaKind.VILLAGE if area.is_village else AreaKind.COMMUNITY,
        category=category,
        title=title,
        summary=summary,
        merged=merged,
        created_by=actor.person,
        created_at=now,
    )
    transition.record(
        actor=actor,
        matter=matter,
        verb="register",
        data={
            "to": Status.DELIBERATING,
            "area_id": area.pk,
            "area": area.name,
            "category": category,
            "title": title,
            "summary_sha256": digest(summary),
            "merged": merged,
            "step_index": 0,
        },
    )
    return matter


@transaction.atomic
def matter_revise(
    *,
    actor: Actor,
    matter: Matter,
    note: str,
    title: str = "",
    summary: str = "",
    expected_version: int | None = None,
) -> Matter:
    """After a failed vote: say what was changed (required), optionally reword the matter; the
    failed step may then be held again."""
    matter = transition.lock(matter, expected_version)
    permissions.require_record(actor, matter.area)
    transition.check("revise", matter)
    note = _required(
        note,
        "note",
        _("A revision note is required: say what was changed after the failed vote."),
    )
    new_title = plain(title)[:120] or matter.title
    new_summary = plain(summary) or matter.summary
    last = matter.meetings.order_by("-held_on", "-pk").first()
    Revision.objects.create(
        matter=matter,
        after_meeting=last,
        note=note,
        old_title=matter.title if new_title != matter.title else "",
        old_summary=matter.summary if new_summary != matter.summary else "",
        created_by=actor.person,
        created_at=timezone.now(),
    )
    return transition.apply(
        actor=actor,
        matter=matter,
        action="revise",
        fields={
            "title": new_title,
            "summary": new_summary,
            "revision_count": matter.revision_count + 1,
        },
        data={
            "note_sha256": digest(note),
            "title": new_title,
            "summary_sha256": digest(new_summary),
            "after_meeting": last.pk if last else None,
        },
    )


@transaction.atomic
def matter_withdraw(
    *, actor: Actor, matter: Matter, reason: str, expected_version: int | None = None
) -> Matter:
    """Drop a matter before its resolution is made public (the record stays)."""
    matter = transition.lock(matter, expected_version)
    permissions.require_record(actor, matter.area)
    transition.check("withdraw", matter)
    reason = _required(reason, "reason", _("Say why the matter is withdrawn."))
    return transition.apply(
        actor=actor,
        matter=matter,
        action="withdraw",
        fields={"withdrawn_reason": reason},
        data={"reason_sha256": digest(reason)},
    )


@transaction.atomic
def setting_update(*, actor: Actor, area: Area | None, merge_first_steps: bool) -> AreaSetting:
    """Merge (or stop merging) steps 1–2 for the area's new matters. Merging is refused unless
    one person is both party secretary and committee chair there (一肩挑)."""
    area = _community(area)
    permissions.require_configure(actor, area)
    holder = one_shoulder_holder(area) if merge_first_steps else None
    if merge_first_steps and holder is None:
        raise InvalidInput(
            _(
                "Steps 1 and 2 can be merged only where one person is both party secretary and "
                "committee chair (一肩挑); in %(area)s nobody holds both posts."
            )
            % {"area": area.name},
            field="merge_first_steps",
        )
    setting, _created = AreaSetting.objects.select_for_update().get_or_create(area=area)
    setting.merge_first_steps = merge_first_steps
    setting.updated_at = timezone.now()
    setting.save(update_fields=["merge_first_steps", "updated_at"])
    audit.record(
        verb="decisions.setting",
        obj_type="decision_setting",
        obj_id=area.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data={"merge_first_steps": merge_first_steps, "holder_id": holder.pk if holder else None},
    )
    return setting
