"""Concern vocabularies and the lifecycle transition table (the only source of allowed moves)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lastmile.core.workflow import Transition


class Channel(models.TextChoices):
    WEB = "web", _("Resident web page")
    OPERATOR = "operator", _("Hotline operator")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")
    WECHAT = "wechat", _("WeChat")
    VISIT = "visit", _("Cadre visit")
    IMPORT = "import", _("Spreadsheet import")
    BOARD = "board", _("Message board")


class Kind(models.TextChoices):
    CONSULT = "consult", _("Consultation")
    HELP = "help", _("Request for help")
    COMPLAINT = "complaint", _("Complaint")
    REPORT = "report", _("Report")
    SUGGESTION = "suggestion", _("Suggestion")
    PRAISE = "praise", _("Praise")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    UTILITIES = "utilities", _("Water, power, gas or heating outage")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ANSWERED = "answered", _("Answered at intake")
    DIVERTED = "diverted", _("Diverted")
    DISPATCHED = "dispatched", _("Dispatched")
    OBJECTED = "objected", _("Objection under review")
    SIGNED = "signed", _("Signed for")
    IN_PROGRESS = "in_progress", _("In progress")
    EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
    STOP_REQUESTED = "stop_requested", _("Stop requested")
    REPLIED = "replied", _("Replied, awaiting your feedback")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    MERGED = "merged", _("Merged")
    STOPPED = "stopped", _("Stopped")


class Diversion(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency: call 110 / 119 / 120 / 122")
    LEGAL_CHANNEL = (
        "legal_channel",
        _("In litigation, arbitration, discipline inspection, review, disclosure or petition"),
    )
    REPEAT = "repeat", _("Repeat with no new facts")
    SECRET = "secret", _("State or commercial secret, or another person's privacy")
    NOT_PUBLIC_DUTY = "not_public_duty", _("Outside any public duty")
    UNLAWFUL = "unlawful", _("Unlawful or against public order")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    MOSTLY_SATISFIED = "mostly_satisfied", _("Mostly satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class Outcome(models.TextChoices):
    RATED = "rated", _("Rated by the resident")
    NOT_RATED = "not_rated", _("Not rated (no answer in time)")


class ObjectionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    UPHELD = "upheld", _("Upheld")
    REJECTED = "rejected", _("Rejected")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class EscalationLevel(models.TextChoices):
    REMINDER = "reminder", _("Sign-for reminder")
    URGE = "urge", _("Urge (催办)")
    CIRCULAR = "circular", _("Circular to the supervising level (通报)")


class AttachmentPurpose(models.TextChoices):
    INTAKE = "intake", _("Resident's photo")
    EVIDENCE = "evidence", _("Reply evidence")
    OBJECTION = "objection", _("Objection material")


S = Status


ACTIVE_HANDLING = frozenset({S.SIGNED, S.IN_PROGRESS})

TRANSITIONS: dict[str, Transition] = {
    "answer": Transition(frozenset({S.RECEIVED}), S.ANSWERED),
    "divert": Transition(frozenset({S.RECEIVED}), S.DIVERTED),
    "dispatch": Transition(frozenset({S.RECEIVED, S.REOPENED}), S.DISPATCHED),
    "object": Transition(frozenset({S.DISPATCHED}), S.OBJECTED),
    "review_objection": Transition(frozenset({S.OBJECTED}), S.DISPATCHED),
    "sign": Transition(frozenset({S.DISPATCHED}), S.SIGNED),
    "contact": Transition(frozenset({S.SIGNED}), S.IN_PROGRESS),
    "request_extension": Transition(ACTIVE_HANDLING, S.EXTENSION_REQUESTED),
    "decide_extension": Transition(
        frozenset({S.EXTENSION_REQUESTED}), None, frozenset({S.SIGNED, S.IN_PROGRESS})
    ),
    "request_stop": Transition(ACTIVE_HANDLING, S.STOP_REQUESTED),
    "decide_stop": Transition(
        frozenset({S.STOP_REQUESTED}), None, frozenset({S.STOPPED, S.SIGNED, S.IN_PROGRESS})
    ),
    "reply": Transition(ACTIVE_HANDLING, S.REPLIED),
    "callback": Transition(
        frozenset({S.REPLIED, S.ANSWERED}), None, frozenset({S.CLOSED, S.REOPENED})
    ),
    "expire_callback": Transition(frozenset({S.REPLIED, S.ANSWERED}), S.CLOSED),
    # A historical concern imported with its official reply (答复意见): closed, never rated here.
    "import_reply": Transition(frozenset({S.RECEIVED}), S.CLOSED),
    "reopen": Transition(frozenset({S.CLOSED}), S.REOPENED),
    "merge": Transition(
        frozenset({S.RECEIVED, S.DISPATCHED, S.SIGNED, S.IN_PROGRESS, S.REOPENED}), S.MERGED
    ),
}

TERMINAL = frozenset({S.DIVERTED, S.MERGED, S.STOPPED})
OPEN_STATUSES = frozenset(
    {
        S.RECEIVED,
        S.DISPATCHED,
        S.OBJECTED,
        S.SIGNED,
        S.IN_PROGRESS,
        S.EXTENSION_REQUESTED,
        S.STOP_REQUESTED,
        S.REOPENED,
    }
)
# Statuses in which the lead unit owes a resolution (resolution clock running).
HANDLING = frozenset({S.SIGNED, S.IN_PROGRESS, S.EXTENSION_REQUESTED, S.STOP_REQUESTED})
AWAITING_CALLBACK = frozenset({S.REPLIED, S.ANSWERED})
# Statuses shown on the public board (diverted and merged items point elsewhere).
PUBLIC_STATUSES = frozenset(set(Status.values) - {S.DIVERTED})


def allowed_actions(status: str) -> list[str]:
    return [name for name, t in TRANSITIONS.items() if status in t.sources]


def can(action: str, status: str) -> bool:
    transition = TRANSITIONS.get(action)
    return transition is not None and status in transition.sources
