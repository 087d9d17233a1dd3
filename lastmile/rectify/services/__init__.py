"""Every write to the ledger. Keyword-only, takes the acting ``Actor``, one transaction each."""

from lastmile.rectify.services.register import (
    AgendaResult,
    FiveItemsMissing,
    item_from_concern,
    item_register,
    ledger_items_from_agenda,
)
from lastmile.rectify.services.work import (
    item_accept,
    item_note,
    item_reopen,
    item_start,
    item_submit,
    milestone_add,
    milestone_complete,
)

__all__ = [
    "AgendaResult",
    "FiveItemsMissing",
    "item_accept",
    "item_from_concern",
    "item_note",
    "item_register",
    "item_reopen",
    "item_start",
    "item_submit",
    "ledger_items_from_agenda",
    "milestone_add",
    "milestone_complete",
]
