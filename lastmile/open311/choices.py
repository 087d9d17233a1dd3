"""Open311 vocabularies: attribute datatypes, the two public statuses, and how ours map."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lastmile.concerns.choices import Status


class Datatype(models.TextChoices):
    STRING = "string", _("Short text")
    NUMBER = "number", _("Number")
    DATETIME = "datetime", _("Date and time")
    TEXT = "text", _("Long text")
    SINGLEVALUELIST = "singlevaluelist", _("Choose one")
    MULTIVALUELIST = "multivaluelist", _("Choose any")


LIST_DATATYPES = frozenset({Datatype.SINGLEVALUELIST, Datatype.MULTIVALUELIST})

OPEN = "open"
CLOSED = "closed"

# Open while somebody (the unit, the dispatcher or the resident) can still act on it: that
# includes "replied" and "answered", where the resident's feedback may reopen it. Closed when
# closed after feedback or in a terminal status (diverted, merged, stopped).
CLOSED_STATUSES = frozenset({Status.CLOSED, Status.DIVERTED, Status.MERGED, Status.STOPPED})


def public_status(status: str) -> str:
    return CLOSED if status in CLOSED_STATUSES else OPEN


def statuses_for(public: str) -> frozenset[str]:
    """Our statuses behind an Open311 status ("open" or "closed")."""
    if public == CLOSED:
        return CLOSED_STATUSES
    return frozenset(Status.values) - CLOSED_STATUSES
