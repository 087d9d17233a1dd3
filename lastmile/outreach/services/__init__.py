"""Every write of the outreach app. Keyword-only, takes the acting ``Actor``, one transaction
each, one audit event per change."""

from lastmile.outreach.services.links import link_end, link_household
from lastmile.outreach.services.visits import (
    NewFollowUp,
    followup_add,
    followup_complete,
    followup_reopen,
    visit_key,
    visit_log,
    visit_to_concern,
)

__all__ = [
    "NewFollowUp",
    "followup_add",
    "followup_complete",
    "followup_reopen",
    "link_end",
    "link_household",
    "visit_key",
    "visit_log",
    "visit_to_concern",
]
