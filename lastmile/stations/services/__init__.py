"""Every write of the service network. Keyword-only, takes the acting ``Actor``, one
transaction each, one audit event per change."""

from lastmile.stations.services.agents import (
    agent_assign,
    agent_unassign,
    forward_due_for,
    request_accept,
    request_cancel,
    request_forward,
    request_hand_back,
    request_register,
    request_reply,
)
from lastmile.stations.services.duty import (
    CheckResult,
    duty_check_in,
    duty_check_out,
    shift_add,
    shift_remove,
)
from lastmile.stations.services.stations import (
    guide_save,
    hours_exception_add,
    hours_set,
    station_create,
)
from lastmile.stations.services.sweep import SweepResult, agent_sweep

__all__ = [
    "CheckResult",
    "SweepResult",
    "agent_assign",
    "agent_sweep",
    "agent_unassign",
    "duty_check_in",
    "duty_check_out",
    "forward_due_for",
    "guide_save",
    "hours_exception_add",
    "hours_set",
    "request_accept",
    "request_cancel",
    "request_forward",
    "request_hand_back",
    "request_register",
    "request_reply",
    "shift_add",
    "shift_remove",
    "station_create",
]
