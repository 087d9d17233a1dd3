"""Every write to concerns. Import from the submodules; this package re-exports the public API."""

from lastmile.concerns.services.escalation import SweepResult, escalation_sweep
from lastmile.concerns.services.feedback import (
    concern_callback,
    concern_callback_expire,
    concern_reopen,
)
from lastmile.concerns.services.handling import (
    concern_assist_report,
    concern_contact,
    concern_extension_decide,
    concern_extension_request,
    concern_object,
    concern_objection_review,
    concern_reply,
    concern_sign,
    concern_stop_decide,
    concern_stop_request,
)
from lastmile.concerns.services.intake import (
    SubmitResult,
    UploadedFile,
    concern_answer,
    concern_divert,
    concern_me_too,
    concern_submit,
    pin_for,
)
from lastmile.concerns.services.routing import concern_dispatch, concern_merge, route
from lastmile.concerns.services.supervision import concern_circulate, concern_urge

__all__ = [
    "SubmitResult",
    "SweepResult",
    "UploadedFile",
    "concern_answer",
    "concern_assist_report",
    "concern_callback",
    "concern_callback_expire",
    "concern_circulate",
    "concern_contact",
    "concern_dispatch",
    "concern_divert",
    "concern_extension_decide",
    "concern_extension_request",
    "concern_me_too",
    "concern_merge",
    "concern_object",
    "concern_objection_review",
    "concern_reopen",
    "concern_reply",
    "concern_sign",
    "concern_stop_decide",
    "concern_stop_request",
    "concern_submit",
    "concern_urge",
    "escalation_sweep",
    "pin_for",
    "route",
]
