"""民情日志: logging a visit with its follow-ups, follow-ups done, and a note turned into a
concern in one step (channel = visit)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.concerns.choices import Channel, Kind
from lastmile.concerns.services.intake import (
    PHONE_RE,
    SubmitResult,
    concern_submit,
    normalize_phone,
    pin_for,
)
from lastmile.core.errors import InvalidInput, NotPermitted
from lastmile.orgs.models import Area, Household, Person
from lastmile.orgs.selectors import Actor
from lastmile.outreach import permissions
from lastmile.outreach.models import FollowUp, Visit
from lastmile.outreach.selectors.scope import community_of, serves, serving_names
from lastmile.outreach.services import transition

MAX_TEXT = 2000
MAX_FOLLOWUPS = 5


@dataclass(frozen=True)
class NewFollowUp:
    text: str
    due: dt.date | None


def _community(household: Household) -> Area:
    community = community_of(household.area)
    if community is None:
        raise InvalidInput(
            _("This household is not in any community or village."), field="household"
        )
    return community


def _visitor(actor: Actor, visitor: Person | None, community: Area) -> Person:
    if actor.person is None:
        raise NotPermitted(_("Only a person registered as a cadre can log visits."))
    visitor = visitor or actor.person
    if visitor.pk != actor.person.pk:
        permissions.require_manager(actor, community)
    return visitor


def _check_household(visitor: Person, household: Household, community: Area, own: bool) -> None:
    if serves(visitor, household):
        return
    if own:
        message = _(
            "This household is in %(community)s, outside your community (%(where)s): you can "
            "log visits only to households where you serve."
        )
    else:
        message = _(
            "This household is in %(community)s, outside the community where %(name)s serves "
            "(%(where)s)."
        )
    where = serving_names(visitor) or "—"
    raise InvalidInput(
        message % {"community": community.name, "where": where, "name": visitor.name},
        field="household",
    )


def _check_text(
    *, visited_on: dt.date | None, people_met: str, heard: str, help_given: str
) -> None:
    if visited_on is None:
        raise InvalidInput(_("Enter the date of the visit."), field="visited_on")
    if visited_on > timezone.localdate():
        raise InvalidInput(_("The date of the visit cannot be in the future."), field="visited_on")
    if not people_met:
        raise InvalidInput(
            _("Write whom you met (e.g. the head of household and his wife)."), field="people_met"
        )
    if len(people_met) > 200:
        raise InvalidInput(_("Please keep this under 200 characters."), field="people_met")
    if len(heard) < 2:
        raise InvalidInput(_("Write what you heard at the visit."), field="heard")
    if len(heard) > MAX_TEXT or len(help_given) > MAX_TEXT:
        field = "heard" if len(heard) > MAX_TEXT else "help_given"
        raise InvalidInput(_("Please keep this under 2000 characters."), field=field)


def _check_followup(item: NewFollowUp) -> tuple[str, dt.date]:
    text = item.text.strip()
    if not text:
        raise InvalidInput(_("Write what is to be done."), field="followup_text")
    if len(text) > 200:
        raise InvalidInput(_("Please keep this under 200 characters."), field="followup_text")
    if item.due is None:
        raise InvalidInput(_("Give the follow-up a due date."), field="followup_due")
    if item.due < timezone.localdate():
        raise InvalidInput(_("The due date cannot be in the past."), field="followup_due")
    return text, item.due


@transaction.atomic
def visit_log(
    *,
    actor: Actor,
    household: Household,
    visited_on: dt.date | None,
    people_met: str,
    heard: str,
    help_given: str = "",
    followups: Sequence[NewFollowUp] = (),
    visitor: Person | None = None,
) -> Visit:
    """Record one visit. The visitor is the actor, or a cadre of the community when a manager
    records it for them; the household must lie where the visitor serves."""
    community = _community(household)
    visitor = _visitor(actor, visitor, community)
    people_met, heard, help_given = people_met.strip(), heard.strip(), help_given.strip()
    _check_text(visited_on=visited_on, people_met=people_met, heard=heard, help_given=help_given)
    assert visited_on is not None
    own = actor.person is not None and visitor.pk == actor.person.pk
    _check_household(visitor, household, community, own)
    if len(followups) > MAX_FOLLOWUPS:
        raise InvalidInput(_("At most 5 follow-ups per visit."), field="followup_text")
    checked = [_check_followup(f) for f in followups]
    visit = Visit.objects.create(
        household=household,
        visitor=visitor,
        community=community,
        visited_on=visited_on,
        people_met=people_met,
        heard=heard,
        help_given=help_given,
        recorded_by=actor.person,
        created_at=timezone.now(),
    )
    for text, due in checked:
        FollowUp.objects.create(visit=visit, household=household, owner=visitor, text=text, due=due)
    transition.record(
        actor=actor,
        obj=visit,
        verb="logged",
        data={
            "household": household.pk,
            "visitor": visitor.pk,
            "community": community.pk,
            "visited_on": visited_on,
            "followups": len(checked),
        },
    )
    return visit


@transaction.atomic
def followup_add(*, actor: Actor, visit: Visit, text: str, due: dt.date | None) -> FollowUp:
    permissions.require_visit_worker(actor, visit)
    clean_text, clean_due = _check_followup(NewFollowUp(text, due))
    followup = FollowUp.objects.create(
        visit=visit,
        household_id=visit.household_id,
        owner_id=visit.visitor_id,
        text=clean_text,
        due=clean_due,
    )
    transition.record(
        actor=actor,
        obj=followup,
        verb="added",
        data={"to": followup.status, "visit": visit.pk, "due": clean_due},
    )
    return followup


@transaction.atomic
def followup_complete(
    *, actor: Actor, followup: FollowUp, note: str = "", expected_version: int | None = None
) -> FollowUp:
    followup = transition.lock(followup, expected_version)
    permissions.require_followup_worker(actor, followup)
    if len(note.strip()) > 200:
        raise InvalidInput(_("Please keep this under 200 characters."), field="note")
    return transition.apply(
        actor=actor,
        obj=followup,
        action="complete",
        fields={"done_at": timezone.now(), "done_by": actor.person, "done_note": note.strip()},
        data={"visit": followup.visit_id},
    )


@transaction.atomic
def followup_reopen(
    *, actor: Actor, followup: FollowUp, expected_version: int | None = None
) -> FollowUp:
    """Undo a done mark set by mistake."""
    followup = transition.lock(followup, expected_version)
    permissions.require_followup_worker(actor, followup)
    return transition.apply(
        actor=actor,
        obj=followup,
        action="reopen",
        fields={"done_at": None, "done_by": None, "done_note": ""},
        data={"visit": followup.visit_id},
    )


def visit_key(visit: Visit) -> str:
    """The idempotency key of the concern made from a visit (one visit, one concern)."""
    raw = f"outreach.visit|{visit.pk}|{visit.created_at.isoformat()}"
    return hashlib.sha256(raw.encode()).hexdigest()


def _phone(household: Household) -> str:
    phone = normalize_phone(household.phone)
    return phone if PHONE_RE.match(phone) else ""


@transaction.atomic
def visit_to_concern(
    *, actor: Actor, visit: Visit, kind: str = Kind.HELP, text: str = "", title: str = ""
) -> SubmitResult:
    """Turn the visit's note into a concern in one step (channel 走访), for the household, and
    link the visit to it. A second call returns the same concern (``created`` False)."""
    visit = (
        Visit.objects.select_for_update(of=("self",))
        .select_related("household__area", "community", "concern")
        .get(pk=visit.pk)
    )
    permissions.require_visit_worker(actor, visit)
    if visit.concern is not None:
        return SubmitResult(visit.concern, pin_for(visit.concern.code), created=False)
    household = visit.household
    result = concern_submit(
        actor=actor,
        channel=Channel.VISIT,
        kind=kind,
        text=(text or "").strip() or visit.heard,
        title=(title or "").strip(),
        area=household.area,
        address=household.address,
        household=household,
        resident_name=household.head_name[:64],
        resident_phone=_phone(household),
        idempotency_key=visit_key(visit),
    )
    visit.concern = result.concern
    visit.save(update_fields=["concern"])
    transition.record(
        actor=actor,
        obj=visit,
        verb="converted",
        data={"concern": result.concern.code, "household": household.pk, "kind": kind},
    )
    return result
