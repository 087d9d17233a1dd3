"""The app's in-app messages to a person (through ``notify``, delivered after commit)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lastmile.notify.messages import register_template
from lastmile.notify.services import notify
from lastmile.orgs.models import Person


def register() -> None:
    register_template(
        "merits_deed_approved",
        _("Your good deed is published"),
        _("“%(title)s” was approved: %(points)s points are in your account. Thank you!"),
        ("title", "points"),
    )
    register_template(
        "merits_deed_rejected",
        _("Your good deed was not approved"),
        _("“%(title)s” was not approved: %(reason)s"),
        ("title", "reason"),
    )


def tell_person(person: Person, template: str, payload: dict[str, Any]) -> None:
    if person.user_id is None:
        return
    notify(channel="inapp", template=template, payload=payload, user=person.user)
