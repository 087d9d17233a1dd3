"""Every write of the decision process. Keyword-only, takes the acting ``Actor``, one
transaction each, one audit event per change (all under the matter)."""

from lastmile.decisions.services.matters import (
    matter_create,
    matter_revise,
    matter_withdraw,
    setting_update,
)
from lastmile.decisions.services.meetings import decide, meeting_record
from lastmile.decisions.services.notices import (
    close_finished_matters,
    implementation_start,
    matter_close,
    notice_post,
    objection_record,
)

__all__ = [
    "close_finished_matters",
    "decide",
    "implementation_start",
    "matter_close",
    "matter_create",
    "matter_revise",
    "matter_withdraw",
    "meeting_record",
    "notice_post",
    "objection_record",
    "setting_update",
]
