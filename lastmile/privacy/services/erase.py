"""Remove a person's identity from the platform, leaving texts, figures and the audit chain.

Names become "已删除"; phones, addresses and OpenIDs are blanked (with their keyed-hash indexes);
the login is deactivated. None of the owning apps offers an erase service yet, so each kind is
erased here with one ``QuerySet.update`` and one audit event (the owners should take their part
over later: orgs — person and login; concerns — resident fields; bulletin — board posts;
wishes — beneficiary fields; notify — recipient fields; stations — agent requests).
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lastmile.concerns.choices import Status
from lastmile.core import audit
from lastmile.core.errors import InvalidInput
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import Actor
from lastmile.privacy.selectors import concerns_of, hashed_q, wishes_of

ERASED = "已删除"
# A concern still being handled needs the resident's contact details (and the law lets us keep
# them until it is done): erasure waits until it is closed.
FINISHED = frozenset({Status.CLOSED, Status.DIVERTED, Status.MERGED, Status.STOPPED})


def with_hashes(model: type[models.Model], **values: Any) -> dict[str, Any]:
    """``values`` plus the blind index of every encrypted field among them (if the model has
    one), so an ``update()`` leaves no searchable trace of the old value."""
    names = {f.name for f in model._meta.concrete_fields}
    if not any(f"{name}_hash" in names for name in values):
        return values
    from lastmile.core.fields import with_hash_values

    return with_hash_values(model, **values)


def open_concerns(person: Person) -> list[str]:
    return list(concerns_of(person).exclude(status__in=FINISHED).values_list("code", flat=True))


def _erase(actor: Actor, person: Person, kind: str, qs: Any, values: dict[str, Any]) -> int:
    count = int(qs.update(**with_hashes(qs.model, **values)))
    audit.record(
        verb="privacy.erase",
        obj_type="person",
        obj_id=person.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data={"kind": kind, "count": count, "fields": sorted(values)},
    )
    return count


def privacy_erase_identity(*, actor: Actor, person: Person) -> dict[str, int]:
    """Erase the person's identity everywhere it is held; refused while a concern of theirs is
    still open. Returns the number of rows changed per kind."""
    still_open = open_concerns(person)
    if still_open:
        raise InvalidInput(
            _(
                "Concern %(codes)s is still being handled and needs your contact details. "
                "You can ask again once it is closed."
            )
            % {"codes": "、".join(still_open[:5])}
        )
    from lastmile.bulletin.models import BoardPost
    from lastmile.notify.models import Notification
    from lastmile.stations.models import AgentRequest

    counts: dict[str, int] = {}
    with transaction.atomic():
        person = Person.objects.select_for_update(of=("self",)).get(pk=person.pk)
        concern_ids = list(concerns_of(person).values_list("pk", flat=True))
        wish_ids = list(wishes_of(person).values_list("pk", flat=True))
        board_q = Q(person=person) | hashed_q(BoardPost, "phone", person.phone)
        agent_q = hashed_q(AgentRequest, "resident_phone", person.phone)
        user = person.user
        from lastmile.concerns.models import Concern
        from lastmile.wishes.models import Wish

        counts["concerns"] = _erase(
            actor,
            person,
            "concerns",
            Concern.objects.filter(pk__in=concern_ids),
            {
                "resident_name": ERASED,
                "resident_phone": "",
                "address": "",
                "resident_openid": "",
            },
        )
        counts["board_posts"] = _erase(
            actor,
            person,
            "board_posts",
            BoardPost.objects.filter(board_q),
            {"name": ERASED, "phone": ""},
        )
        counts["wishes"] = _erase(
            actor,
            person,
            "wishes",
            Wish.objects.filter(pk__in=wish_ids),
            {
                "beneficiary_name": ERASED,
                "beneficiary_phone": "",
                "beneficiary_address": "",
            },
        )
        counts["agent_requests"] = _erase(
            actor,
            person,
            "agent_requests",
            AgentRequest.objects.filter(agent_q),
            {"resident_name": ERASED, "resident_phone": ""},
        )
        if user is not None:
            counts["notifications"] = _erase(
                actor,
                person,
                "notifications",
                Notification.objects.filter(recipient_user=user),
                {"recipient_phone": "", "recipient_openid": "", "recipient_email": ""},
            )
            counts["login"] = _erase(
                actor,
                person,
                "login",
                type(user)._default_manager.filter(pk=user.pk),
                {
                    "is_active": False,
                    "first_name": "",
                    "last_name": "",
                    "email": "",
                    "username": f"deleted-{user.pk}",
                },
            )
        counts["person"] = _erase(
            actor,
            person,
            "person",
            Person.objects.filter(pk=person.pk),
            {"name": ERASED, "phone": ""},
        )
    return counts
