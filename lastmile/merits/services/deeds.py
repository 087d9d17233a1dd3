"""Good deeds: recorded by staff or self-reported, reviewed by a cadre, pointed on approval."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.core import audit
from lastmile.core.errors import InvalidInput, NotPermitted
from lastmile.merits import permissions
from lastmile.merits.choices import DEED_TRANSITIONS, DeedSource, DeedStatus, RuleUnit
from lastmile.merits.conf import merits_setting
from lastmile.merits.models import Deed, RuleItem
from lastmile.merits.notifications import tell_person
from lastmile.merits.places import community_of_area, home_area
from lastmile.merits.services import transition
from lastmile.merits.services.points import points_award
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import Actor

TITLE_MAX = 120


def _hours(value: Decimal | float | int | str | None, item: RuleItem) -> Decimal | None:
    if value is None or value == "":
        if item.unit == RuleUnit.PER_HOUR:
            raise InvalidInput(_("Give the hours of service."), field="hours")
        return None
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError) as exc:
        raise InvalidInput(_("Hours must be a number, e.g. 2.5."), field="hours") from exc
    if hours <= 0:
        raise InvalidInput(_("Hours must be more than zero."), field="hours")
    limit = merits_setting("MAX_HOURS_PER_DAY")
    if hours > limit:
        raise InvalidInput(_("At most %(max)d hours for one day.") % {"max": limit}, field="hours")
    return hours


def _check_day(person: Person, day: dt.date, hours: Decimal | None) -> None:
    """All deeds of one person on one day together stay within the daily maximum."""
    if hours is None:
        return
    logged = (
        Deed.objects.filter(person=person, occurred_on=day)
        .exclude(status=DeedStatus.REJECTED)
        .aggregate(total=Sum("hours"))["total"]
    ) or Decimal(0)
    limit = merits_setting("MAX_HOURS_PER_DAY")
    if logged + hours > limit:
        raise InvalidInput(
            _(
                "%(logged)s hours are already recorded for that day; with these it would be "
                "more than %(max)d."
            )
            % {"logged": format(logged.normalize(), "f"), "max": limit},
            field="hours",
        )


def _check_fields(*, item: RuleItem, title: str, occurred_on: dt.date) -> str:
    title = (title or "").strip()
    if not title:
        raise InvalidInput(_("Say briefly what was done."), field="title")
    if len(title) > TITLE_MAX:
        raise InvalidInput(_("At most %(n)d characters.") % {"n": TITLE_MAX}, field="title")
    if not item.is_active or not item.category.is_active:
        raise InvalidInput(_("This kind of deed is no longer in use."), field="item")
    today = timezone.localdate()
    if occurred_on > today:
        raise InvalidInput(_("The date cannot be in the future."), field="occurred_on")
    within = merits_setting("REPORT_WITHIN_DAYS")
    if occurred_on < today - dt.timedelta(days=within):
        raise InvalidInput(
            _("Only deeds of the last %(days)d days can be recorded.") % {"days": within},
            field="occurred_on",
        )
    return title


def _create(
    *,
    actor: Actor,
    person: Person,
    source: str,
    item: RuleItem,
    title: str,
    description: str,
    occurred_on: dt.date,
    hours: Decimal | float | int | str | None,
    name_public: bool,
) -> Deed:
    title = _check_fields(item=item, title=title, occurred_on=occurred_on)
    clean_hours = _hours(hours, item)
    area = home_area(person)
    community = community_of_area(area)
    if community is None:
        field = "person" if source == DeedSource.STAFF else None
        raise InvalidInput(
            _("%(name)s has no home community on record yet.") % {"name": person.name}
            if field
            else _("Your home community is not on record yet. Ask your community to add it."),
            field=field or "",
        )
    now = timezone.now()
    with transaction.atomic():
        # One person's hours of one day are checked under their row's lock, so two reports
        # sent at once cannot pass the daily limit together.
        Person.objects.select_for_update(of=("self",)).filter(pk=person.pk).first()
        _check_day(person, occurred_on, clean_hours)
        deed = Deed.objects.create(
            person=person,
            community=community,
            area=area,
            item=item,
            title=title,
            description=(description or "").strip(),
            occurred_on=occurred_on,
            hours=clean_hours,
            source=source,
            name_public=name_public,
            consent_recorded_at=now if name_public else None,
            consent_recorded_by=actor.person if name_public else None,
            reported_by=actor.person,
            created_at=now,
        )
        audit.record(
            verb="merits.deed.recorded",
            obj_type="merits.deed",
            obj_id=deed.pk,
            actor_id=actor.user_id,
            actor_label=actor.label,
            data={
                "source": source,
                "item": item.pk,
                "community": community.pk,
                "hours": clean_hours,
                "name_public": name_public,
            },
            at=now,
        )
    return deed


def deed_record(
    *,
    actor: Actor,
    person: Person,
    item: RuleItem,
    title: str,
    occurred_on: dt.date,
    description: str = "",
    hours: Decimal | float | int | str | None = None,
    name_public: bool = False,
) -> Deed:
    """Staff (a grid worker for their grid, a cadre for their community) record a deed for a
    resident. ``name_public`` records that the person agreed, to the recorder, to be named."""
    if not permissions.is_merits_staff(actor):
        raise NotPermitted(_("Only community staff can record deeds for residents."))
    if not permissions.may_record_for(actor, home_area(person)):
        raise InvalidInput(
            _("%(name)s does not live in your area.") % {"name": person.name}, field="person"
        )
    return _create(
        actor=actor,
        person=person,
        source=DeedSource.STAFF,
        item=item,
        title=title,
        description=description,
        occurred_on=occurred_on,
        hours=hours,
        name_public=name_public,
    )


def deed_self_report(
    *,
    actor: Actor,
    item: RuleItem,
    title: str,
    occurred_on: dt.date,
    description: str = "",
    hours: Decimal | float | int | str | None = None,
    name_public: bool = False,
) -> Deed:
    """A logged-in person reports their own deed or service hours, for a cadre to review."""
    if actor.person is None:
        raise NotPermitted(_("Log in to report a good deed."))
    return _create(
        actor=actor,
        person=actor.person,
        source=DeedSource.SELF,
        item=item,
        title=title,
        description=description,
        occurred_on=occurred_on,
        hours=hours,
        name_public=name_public,
    )


def deed_points(item: RuleItem, hours: Decimal | None) -> int:
    """Points for a deed by the rule as it stands now (per deed, or per hour rounded)."""
    if item.unit == RuleUnit.PER_HOUR:
        total = (Decimal(item.points) * (hours or Decimal(0))).quantize(
            Decimal("1"), rounding=ROUND_HALF_UP
        )
        return max(1, int(total))
    return int(item.points)


def _require_reviewer(actor: Actor, deed: Deed) -> None:
    if not permissions.may_review(actor, deed.community):
        raise NotPermitted(
            _("Only a cadre of %(community)s can review this deed.")
            % {"community": deed.community.name}
        )
    if actor.person is not None and not actor.is_superuser:
        if deed.person_id == actor.person.pk:
            raise NotPermitted(_("Another cadre must review a deed about you."))
        if deed.reported_by_id == actor.person.pk:
            raise NotPermitted(_("Another cadre must review a deed you recorded."))


def deed_approve(*, actor: Actor, deed: Deed, expected_version: int | None = None) -> Deed:
    """Approve: the deed is published and the person earns its points (by the rule table as it
    stands at approval; later changes to the table leave it alone)."""
    with transaction.atomic():
        locked = transition.lock(Deed, deed.pk, expected_version)
        _require_reviewer(actor, deed)
        item = RuleItem.objects.get(pk=locked.item_id)
        points = deed_points(item, locked.hours)
        now = timezone.now()
        transition.apply(
            actor=actor,
            obj=locked,
            table=DEED_TRANSITIONS,
            action="approve",
            changes={
                "reviewed_by": actor.person,
                "reviewed_at": now,
                "rule_points": item.points,
                "points": points,
            },
            obj_type="deed",
            data={"points": points, "rule": item.pk, "rule_points": item.points},
        )
        points_award(
            actor=actor,
            person=locked.person,
            points=points,
            cause=locked.cause,
            reason=_("Good deed: %(title)s") % {"title": locked.title},
        )
        tell_person(
            locked.person, "merits_deed_approved", {"title": locked.title, "points": points}
        )
    return locked


def deed_reject(
    *, actor: Actor, deed: Deed, reason: str, expected_version: int | None = None
) -> Deed:
    """Reject with a reason the person will read."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Give the reason, so the person knows why."), field="reason")
    if len(reason) > 200:
        raise InvalidInput(_("At most %(n)d characters.") % {"n": 200}, field="reason")
    with transaction.atomic():
        locked = transition.lock(Deed, deed.pk, expected_version)
        _require_reviewer(actor, deed)
        transition.apply(
            actor=actor,
            obj=locked,
            table=DEED_TRANSITIONS,
            action="reject",
            changes={
                "reviewed_by": actor.person,
                "reviewed_at": timezone.now(),
                "reject_reason": reason,
            },
            obj_type="deed",
        )
        tell_person(
            locked.person, "merits_deed_rejected", {"title": locked.title, "reason": reason}
        )
    return locked
