"""征集: a wish is posted by the family online, collected door to door or at the wish wall by a
cadre, or imported; and edited by staff before it is claimed. The value cap holds every time."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.concerns.services.intake import PHONE_RE, normalize_phone
from lastmile.core.errors import InvalidInput, NotPermitted, TransitionNotAllowed
from lastmile.orgs.choices import AreaLevel
from lastmile.orgs.models import Area, Household
from lastmile.orgs.selectors import Actor
from lastmile.wishes import permissions
from lastmile.wishes.choices import EDITABLE, Category, Channel, Status
from lastmile.wishes.conf import value_cap, yuan
from lastmile.wishes.models import Wish
from lastmile.wishes.services import transition
from lastmile.wishes.services.codes import new_code, pin_for
from lastmile.wishes.services.rounds import current_round_for

TITLE_MAX = 60
DESCRIPTION_MAX = 1000
STAFF_CHANNELS = frozenset({Channel.VISIT, Channel.WALL, Channel.IMPORT})


@dataclass(frozen=True)
class SubmitResult:
    wish: Wish
    pin: str
    created: bool


def parse_value(raw: object) -> Decimal:
    """A value in yuan: a positive amount with at most two decimals, within the cap."""
    text = str(raw if raw is not None else "").strip().replace("元", "").replace(",", "")
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError) as exc:
        raise InvalidInput(_("Enter the value in yuan, e.g. 120."), field="value") from exc
    if not value.is_finite() or value <= 0:
        raise InvalidInput(_("The value must be more than 0 yuan."), field="value")
    check_cap(value)  # first: quantizing an enormous value (1E+30) is itself an error
    if value != value.quantize(Decimal("0.01")):
        raise InvalidInput(_("Give the value in yuan with at most two decimals."), field="value")
    return value.quantize(Decimal("0.01"))


def check_cap(value: Decimal) -> None:
    cap = value_cap()
    if value > cap:
        raise InvalidInput(
            _(
                "A micro-wish may be worth at most %(cap)s yuan; this one is %(value)s yuan. "
                "Make it smaller, or ask the community about other help."
            )
            % {"cap": yuan(cap), "value": yuan(value)},
            field="value",
        )


def clean_texts(*, title: str, description: str) -> tuple[str, str]:
    title = " ".join((title or "").split())
    description = (description or "").strip()
    if len(title) < 2:
        raise InvalidInput(_("Say in a few words what is wished for."), field="title")
    if len(title) > TITLE_MAX:
        raise InvalidInput(
            _("Keep the wish under %(n)d characters.") % {"n": TITLE_MAX}, field="title"
        )
    if len(description) > DESCRIPTION_MAX:
        raise InvalidInput(
            _("Keep the description under %(n)d characters.") % {"n": DESCRIPTION_MAX},
            field="description",
        )
    return title, description


def clean_family(*, name: str, phone: str, address: str) -> tuple[str, str, str]:
    name, address = (name or "").strip(), (address or "").strip()
    phone = normalize_phone(phone or "")
    if not name:
        raise InvalidInput(_("Whose wish is it? Enter the name."), field="beneficiary_name")
    if len(name) > 64:
        raise InvalidInput(_("Keep the name under 64 characters."), field="beneficiary_name")
    if phone and not PHONE_RE.match(phone):
        raise InvalidInput(
            _("Enter an 11-digit mobile number or a landline with area code."),
            field="beneficiary_phone",
        )
    if not phone and not address:
        raise InvalidInput(
            _("Leave a phone number or an address so the community can reach the family."),
            field="beneficiary_phone",
        )
    if len(address) > 200:
        raise InvalidInput(_("Keep the address under 200 characters."), field="beneficiary_address")
    return name, phone, address


def clean_category(category: str) -> str:
    if category not in Category.values:
        raise InvalidInput(_("Choose what kind of wish this is."), field="category")
    return category


def check_community(community: Area | None, household: Household | None) -> Area:
    if community is None or community.level != AreaLevel.COMMUNITY:
        raise InvalidInput(_("Choose the community or village."), field="community")
    if household is not None and not household.area.path.startswith(community.path):
        raise InvalidInput(
            _("This household is not in %(community)s.") % {"community": community.name},
            field="household",
        )
    return community


@transaction.atomic
def wish_submit(
    *,
    actor: Actor,
    channel: str,
    community: Area | None,
    title: str,
    value: object,
    beneficiary_name: str,
    beneficiary_phone: str = "",
    beneficiary_address: str = "",
    description: str = "",
    category: str = Category.OTHER,
    household: Household | None = None,
    idempotency_key: str = "",
) -> SubmitResult:
    """征集: one wish, with its code and the family's PIN (shown once, never stored)."""
    if channel not in Channel.values:
        raise InvalidInput(_("Choose how the wish was collected."), field="channel")
    if idempotency_key:
        found = Wish.objects.filter(idempotency_key=idempotency_key).first()
        if found is not None:
            return SubmitResult(found, pin_for(found.code), created=False)
    community = check_community(community, household)
    if channel in STAFF_CHANNELS and not permissions.is_staff_for(actor, community):
        raise NotPermitted(
            _("You can collect wishes only in the communities you work for."), field="community"
        )
    title, description = clean_texts(title=title, description=description)
    amount = parse_value(value)
    name, phone, address = clean_family(
        name=beneficiary_name, phone=beneficiary_phone, address=beneficiary_address
    )
    now = timezone.now()
    round_ = current_round_for(community, timezone.localtime(now).date())
    try:
        with transaction.atomic():
            wish = Wish.objects.create(
                code=new_code(),
                title=title,
                description=description,
                category=clean_category(category),
                value=amount,
                community=community,
                beneficiary_name=name,
                beneficiary_phone=phone,
                beneficiary_address=address,
                household=household,
                channel=channel,
                round=round_,
                idempotency_key=idempotency_key[:64],
                created_by=actor.person,
                created_at=now,
            )
    except IntegrityError:  # the same form sent twice at once
        found = Wish.objects.filter(idempotency_key=idempotency_key).first()
        if found is None:
            raise
        return SubmitResult(found, pin_for(found.code), created=False)
    transition.record(
        actor=actor,
        wish=wish,
        verb="submit",
        data={
            "to": wish.status,
            "channel": channel,
            "community": community.name,
            "community_id": community.pk,
            "value": str(amount),
            "category": wish.category,
            "round": round_.pk if round_ else None,
        },
    )
    return SubmitResult(wish, pin_for(wish.code), created=True)


EDIT_FIELDS = (
    "title",
    "description",
    "category",
    "value",
    "beneficiary_name",
    "beneficiary_phone",
    "beneficiary_address",
)


@transaction.atomic
def wish_edit(
    *, actor: Actor, wish: Wish, expected_version: int | None = None, **values: Any
) -> Wish:
    """Staff correct a wish before it is fully claimed: text, category, value (within the cap,
    never below what is already pledged) and the family's details."""
    wish = transition.lock(wish, expected_version)
    permissions.require_staff_for(actor, wish.community)
    if wish.status not in EDITABLE:
        raise TransitionNotAllowed(
            _("A wish can be edited only until it is claimed (it is “%(status)s”).")
            % {"status": wish.get_status_display()}
        )
    merged = {name: values.get(name, getattr(wish, name)) for name in EDIT_FIELDS}
    title, description = clean_texts(title=merged["title"], description=merged["description"])
    amount = parse_value(merged["value"])
    if amount < wish.pledged:
        raise InvalidInput(
            _("%(pledged)s yuan is already pledged: the value cannot be less.")
            % {"pledged": yuan(wish.pledged)},
            field="value",
        )
    name, phone, address = clean_family(
        name=merged["beneficiary_name"],
        phone=merged["beneficiary_phone"],
        address=merged["beneficiary_address"],
    )
    new = {
        "title": title,
        "description": description,
        "category": clean_category(merged["category"]),
        "value": amount,
        "beneficiary_name": name,
        "beneficiary_phone": phone,
        "beneficiary_address": address,
    }
    changed = {k: v for k, v in new.items() if getattr(wish, k) != v}
    if not changed:
        return wish
    data: dict[str, Any] = {"fields": sorted(changed)}  # names only: no personal data
    if "value" in changed:
        data["value"] = str(amount)
    if wish.status == Status.PUBLISHED and wish.pledged > 0 and amount == wish.pledged:
        # Lowered to exactly what is pledged: the wish is now fully claimed.
        covered = {"claimed_at": timezone.now(), "priority": False, "priority_reason": ""}
        return transition.apply(
            actor=actor,
            wish=wish,
            action="cover",
            fields={**changed, **covered},
            data=data,
            verb="edit",
        )
    transition.save(wish, changed)
    transition.record(actor=actor, wish=wish, verb="edit", data=data)
    return wish
