"""What each audience sees of a wish. The public gets ``PublicWish`` (community, masked name,
the wish and its value, masked claimers) and never the model; timelines are the audit log in
plain words, with people masked for the public and the family."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from lastmile.core.masking import mask_name, mask_text
from lastmile.core.models import AuditEvent
from lastmile.wishes.choices import ConfirmMethod, PriorityReason, Status, VerifyMethod
from lastmile.wishes.conf import yuan
from lastmile.wishes.models import Claim, Wish

PUBLIC = "public"
FAMILY = "family"
STAFF = "staff"


def claimer_public(claim: Claim) -> str:
    """A unit by its name; a person masked (王**), as a party member or a volunteer."""
    if claim.unit_id and claim.unit:
        return claim.unit.name
    person = claim.person
    kind = _("Party member") if person.is_party_member else _("Volunteer")
    return f"{kind} {mask_name(person.name)}"


def percent(pledged: Decimal, value: Decimal) -> int:
    if not value:
        return 0
    return min(100, int(pledged * 100 / value))


@dataclass(frozen=True)
class PublicWish:
    code: str
    title: str
    description: str
    category: str
    category_label: str
    value: Decimal
    pledged: Decimal
    left: Decimal
    percent: int
    community: str
    who: str  # 王**
    status: str
    status_label: str
    priority: bool
    priority_label: str
    published_at: datetime | None
    fulfilled_at: datetime | None
    confirmed_at: datetime | None

    @property
    def is_open(self) -> bool:
        return self.status == Status.PUBLISHED


def public_wish(wish: Wish) -> PublicWish:
    name = wish.beneficiary_name
    names = (name, *([name[1:]] if len(name) >= 3 else []))
    return PublicWish(
        code=wish.code,
        title=mask_text(wish.title, names=names),
        description=mask_text(wish.description, names=names),
        category=wish.category,
        category_label=str(wish.get_category_display()),
        value=wish.value,
        pledged=wish.pledged,
        left=wish.left,
        percent=percent(wish.pledged, wish.value),
        community=wish.community.name,
        who=mask_name(name),
        status=wish.status,
        status_label=str(wish.get_status_display()),
        priority=wish.priority and wish.status == Status.PUBLISHED,
        priority_label=str(PriorityReason(wish.priority_reason).label)
        if wish.priority_reason in PriorityReason.values and wish.priority_reason
        else "",
        published_at=wish.published_at,
        fulfilled_at=wish.fulfilled_at,
        confirmed_at=wish.confirmed_at,
    )


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    text: str
    actor: str
    note: str
    tone: str  # "", "warn" or "bad"


def _label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


CLAIMER_VERBS = frozenset(
    {"wish.claim", "wish.claim_contact", "wish.claim_lapse", "wish.claim_warn", "wish.fulfil"}
)


def _actor(event: AuditEvent, audience: str) -> str:
    """Staff see who acted; the public and the family see roles, never a cadre's name (the
    claimer is named, masked, in the text itself)."""
    label = event.actor_label or ""
    if label in ("system", ""):
        return _("the platform")
    if label in ("family", "anonymous", "resident"):
        return _("the family")
    if audience == STAFF:
        return label
    if event.verb in CLAIMER_VERBS:
        return ""
    return _("community staff")


def _who(d: dict[str, Any], audience: str) -> str:
    by = str(d.get("by", ""))
    if d.get("unit") or audience == STAFF:
        return by
    return mask_name(by)


def _describe(verb: str, d: dict[str, Any], audience: str) -> tuple[str, str, str]:
    """(text, note, tone) of one event."""
    if verb == "wish.submit":
        return _("Wish collected in %(community)s") % {"community": d.get("community", "")}, "", ""
    if verb == "wish.edit":
        return _("Wish details corrected"), "", ""
    if verb == "wish.verify":
        method = _label(VerifyMethod, d.get("method", ""))
        return _("The family's situation was verified (%(method)s)") % {"method": method}, "", ""
    if verb == "wish.reject":
        return _("Not accepted after verification"), "", "bad"
    if verb == "wish.publish":
        return _("Published on the wish wall"), "", ""
    if verb == "wish.carry_over":
        return (
            _("Carried into the round “%(round)s”, shown first") % {"round": d.get("round_name")},
            "",
            "",
        )
    if verb == "wish.claim":
        text = _("%(who)s claimed %(amount)s yuan") % {
            "who": _who(d, audience),
            "amount": yuan(d.get("amount")),
        }
        if d.get("to") == Status.CLAIMED:
            text += _(" — the wish is fully claimed")
        return text, "", ""
    if verb == "wish.claim_warn":
        return _("Reminder: the family must be contacted within a day"), "", "warn"
    if verb == "wish.claim_contact":
        return _("The claimer contacted the family"), "", ""
    if verb == "wish.claim_lapse":
        return (
            _(
                "%(who)s did not contact the family in time: the claim lapsed and the wish "
                "went back to the pool, first in line"
            )
            % {"who": _who(d, audience)},
            "",
            "bad",
        )
    if verb == "wish.fulfil":
        return _("Fulfilled (圆梦), with %(n)s photos") % {"n": d.get("photos", 0)}, "", ""
    if verb == "wish.confirm":
        how = {
            ConfirmMethod.PIN: _("with the wish code and PIN"),
            ConfirmMethod.IN_PERSON: _("in person"),
            ConfirmMethod.PHONE: _("by phone"),
        }.get(d.get("method", ""), "")
        return _("The family confirmed %(method)s — closed (销号)") % {"method": how}, "", ""
    return verb, "", ""


def describe(events: list[AuditEvent], audience: str = STAFF) -> list[TimelineItem]:
    items = []
    for event in events:
        if audience != STAFF and event.verb in ("wish.edit", "wish.claim_warn"):
            continue
        text, note, tone = _describe(event.verb, event.data or {}, audience)
        items.append(TimelineItem(event.occurred_at, text, _actor(event, audience), note, tone))
    return items
