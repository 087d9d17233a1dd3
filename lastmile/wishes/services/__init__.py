"""Every write to the wishes. Keyword-only, takes the acting ``Actor``, one transaction each."""

from lastmile.wishes.services.claims import claim_contact, wish_claim, wish_fulfil
from lastmile.wishes.services.codes import check_pin, pin_for
from lastmile.wishes.services.collect import SubmitResult, wish_edit, wish_submit
from lastmile.wishes.services.confirm import FAMILY, wish_confirm, wish_confirm_by_family
from lastmile.wishes.services.imports import ImportResult, wishes_import
from lastmile.wishes.services.lapse import LapseResult, claims_lapse_due
from lastmile.wishes.services.review import wish_publish, wish_reject, wish_verify
from lastmile.wishes.services.rounds import carry_over, round_create, rounds_start_due

__all__ = [
    "FAMILY",
    "ImportResult",
    "LapseResult",
    "SubmitResult",
    "carry_over",
    "check_pin",
    "claim_contact",
    "claims_lapse_due",
    "pin_for",
    "round_create",
    "rounds_start_due",
    "wish_claim",
    "wish_confirm",
    "wish_confirm_by_family",
    "wish_edit",
    "wish_fulfil",
    "wish_publish",
    "wish_reject",
    "wish_submit",
    "wish_verify",
    "wishes_import",
]
