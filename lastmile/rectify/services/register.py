"""挂号: registering a ledger item by hand, from a concern, or from a 民情分析会 agenda."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lastmile.concerns.models import Concern
from lastmile.concerns.selectors import concern_qs_for_actor
from lastmile.core.errors import DomainError, InvalidInput
from lastmile.orgs.models import Area, Membership, Person, Unit
from lastmile.orgs.selectors import Actor
from lastmile.rectify import permissions
from lastmile.rectify.choices import Source, Status
from lastmile.rectify.models import LedgerItem
from lastmile.rectify.services import transition
from lastmile.rectify.services.numbers import next_number

# The five fixed items (五定), as the form and the error messages name them.
FIVE_ITEMS: dict[str, Any] = {
    "title": gettext_lazy("the problem"),
    "content": gettext_lazy("the problem in detail"),
    "owner_unit": gettext_lazy("the responsible unit"),
    "standard_of_done": gettext_lazy("the standard of done"),
    "measures": gettext_lazy("the measures"),
    "deadline": gettext_lazy("the deadline"),
}


class FiveItemsMissing(InvalidInput):
    """One or more of the five fixed items is empty; ``missing`` names every one of them."""

    def __init__(self, missing: list[str]):
        names = "、".join(str(FIVE_ITEMS[name]) for name in missing)
        super().__init__(
            _("A ledger item needs all five fixed items. Missing: %(names)s.") % {"names": names},
            code="five_items_missing",
            field=missing[0],
        )
        self.missing = missing


def _check_five(values: dict[str, Any]) -> None:
    missing = [
        name
        for name in FIVE_ITEMS
        if values.get(name) is None or (isinstance(values[name], str) and not values[name].strip())
    ]
    if missing:
        raise FiveItemsMissing(missing)


def _check_place(unit: Unit, area: Area, person: Person | None, deadline: dt.date) -> None:
    if not unit.is_active:
        raise InvalidInput(_("This unit is no longer active."), field="owner_unit")
    if not area.path.startswith(unit.area.path):
        raise InvalidInput(
            _("The area must lie within the responsible unit's area (%(area)s).")
            % {"area": unit.area.name},
            field="area",
        )
    if (
        person is not None
        and not Membership.objects.filter(person=person, unit=unit, is_active=True).exists()
    ):
        raise InvalidInput(
            _("%(name)s does not work in %(unit)s.") % {"name": person.name, "unit": unit.name},
            field="owner_person",
        )
    if deadline < timezone.localdate():
        raise InvalidInput(_("The deadline cannot be in the past."), field="deadline")


def _check_concerns(actor: Actor, concerns: Sequence[Concern]) -> None:
    if not concerns:
        return
    visible = set(
        concern_qs_for_actor(actor)
        .filter(pk__in=[c.pk for c in concerns])
        .values_list("pk", flat=True)
    )
    for concern in concerns:
        if concern.pk not in visible:
            raise InvalidInput(
                _("No concern %(code)s in your area.") % {"code": concern.code}, field="concerns"
            )
    linked = (
        LedgerItem.objects.filter(related_concerns__in=concerns).order_by("-created_at").first()
    )
    if linked is None:
        return
    if linked.status == Status.CLOSED:
        raise InvalidInput(
            _(
                "This problem is already on the ledger as %(number)s, closed. If it came back, "
                "reopen (复号) that item as recurring instead of registering it again."
            )
            % {"number": linked.number},
            field="concerns",
        )
    raise InvalidInput(
        _("This problem is already on the ledger as %(number)s (one problem, one number).")
        % {"number": linked.number},
        field="concerns",
    )


@transaction.atomic
def item_register(
    *,
    actor: Actor,
    source: str,
    title: str,
    content: str,
    owner_unit: Unit | None,
    standard_of_done: str,
    measures: str,
    deadline: dt.date | None,
    owner_person: Person | None = None,
    area: Area | None = None,
    is_public: bool = False,
    is_long_term: bool = False,
    concerns: Sequence[Concern] = (),
    origin_key: str = "",
) -> LedgerItem:
    """挂号: one problem, one ledger number, with all five fixed items."""
    values = {
        "title": title,
        "content": content,
        "owner_unit": owner_unit,
        "standard_of_done": standard_of_done,
        "measures": measures,
        "deadline": deadline,
    }
    _check_five(values)
    assert owner_unit is not None and deadline is not None
    if source not in Source.values:
        raise InvalidInput(_("Choose where the problem came from."), field="source")
    area = area or owner_unit.area
    permissions.require_register_for(actor, owner_unit, area)
    _check_place(owner_unit, area, owner_person, deadline)
    _check_concerns(actor, concerns)
    now = timezone.now()
    item = LedgerItem.objects.create(
        number=next_number(timezone.localtime(now).year),
        source=source,
        title=title.strip()[:120],
        content=content.strip(),
        owner_unit=owner_unit,
        owner_person=owner_person,
        standard_of_done=standard_of_done.strip(),
        measures=measures.strip(),
        deadline=deadline,
        area=area,
        is_public=is_public,
        is_long_term=is_long_term,
        origin_key=origin_key,
        created_by=actor.person,
        created_at=now,
    )
    if concerns:
        item.related_concerns.add(*concerns)
    transition.record(
        actor=actor,
        item=item,
        verb="register",
        data={
            "to": Status.REGISTERED,
            "source": source,
            "unit": owner_unit.name,
            "unit_id": owner_unit.pk,
            "deadline": deadline,
            "public": is_public,
            "long_term": is_long_term,
            "concerns": [c.code for c in concerns],
        },
    )
    return item


def item_from_concern(*, actor: Actor, concern: Concern, **fields: Any) -> LedgerItem:
    """Register a (recurring) problem raised by residents from a concern: the concern's subject,
    text, lead unit and area are the defaults; ``fields`` supply or override the rest. Without a
    standard of done, measures and a deadline it is refused like any other item."""
    values: dict[str, Any] = {
        "source": Source.RESIDENTS,
        "title": concern.title,
        "content": concern.text,
        "owner_unit": concern.lead_unit,
        "area": concern.area,
        "standard_of_done": "",
        "measures": "",
        "deadline": None,
    }
    values.update({k: v for k, v in fields.items() if v not in (None, "")})
    values["concerns"] = [concern, *[c for c in fields.get("concerns", ()) if c.pk != concern.pk]]
    area = values.get("area")
    unit = values.get("owner_unit")
    if area is not None and unit is not None and not area.path.startswith(unit.area.path):
        values["area"] = None  # the unit's own area then
    return item_register(actor=actor, **values)


class AgendaItemLike(Protocol):
    """``lastmile.insight.briefing.data.AgendaItem`` as the ledger reads it (duck-typed: the
    ledger does not import insight). ``standard_of_done`` and ``measures`` are read when the
    agenda carries them."""

    title: str
    detail: str
    owner_unit_id: int | None
    owner_name: str
    deadline: dt.date | None
    source_codes: Sequence[str]


@dataclass
class AgendaResult:
    created: list[LedgerItem] = field(default_factory=list)
    existing: list[LedgerItem] = field(default_factory=list)
    refused: list[tuple[Any, str]] = field(default_factory=list)


def agenda_key(item: AgendaItemLike) -> str:
    raw = "|".join(
        [
            "agenda",
            item.title.strip(),
            str(item.owner_unit_id or ""),
            str(item.deadline or ""),
            ",".join(sorted(item.source_codes or ())),
        ]
    )
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def ledger_items_from_agenda(
    actor: Actor,
    items: Iterable[AgendaItemLike],
    *,
    standard_of_done: str = "",
    measures: str = "",
) -> AgendaResult:
    """Turn a 民情分析会 problem list into ledger items (source 集体议), one transaction each.

    Accepting the same agenda item twice finds the first item (``existing``). An item that lacks
    any of the five fixed items, or that the actor may not register, is ``refused`` with the
    message; the rest still go through. ``standard_of_done``/``measures`` apply to agenda items
    that do not carry their own.
    """
    result = AgendaResult()
    for agenda in items:
        key = agenda_key(agenda)
        found = LedgerItem.objects.filter(origin_key=key).first()
        if found is not None:
            result.existing.append(found)
            continue
        codes = list(agenda.source_codes or ())
        concerns = list(concern_qs_for_actor(actor).filter(code__in=codes)) if codes else []
        unit = (
            Unit.objects.filter(pk=agenda.owner_unit_id).select_related("area").first()
            if agenda.owner_unit_id
            else None
        )
        try:
            with transaction.atomic():
                created = item_register(
                    actor=actor,
                    source=Source.COLLECTIVE,
                    title=agenda.title,
                    content=agenda.detail or agenda.title,
                    owner_unit=unit,
                    standard_of_done=getattr(agenda, "standard_of_done", "") or standard_of_done,
                    measures=getattr(agenda, "measures", "") or measures,
                    deadline=agenda.deadline,
                    concerns=concerns,
                    origin_key=key,
                )
        except DomainError as exc:
            result.refused.append((agenda, str(exc)))
            continue
        result.created.append(created)
    return result
