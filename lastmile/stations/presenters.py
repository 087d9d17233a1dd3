"""How people on duty are named in public: the post and surname + 同志 ("值班站长 李同志") —
a public service counter's staff may be named, but not in full."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lastmile.core.models import AuditEvent
from lastmile.stations.models import DutyShift

COMPOUND_SURNAMES = (
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐",
    "夏侯", "长孙", "宇文", "司徒", "端木", "独孤", "南宫", "轩辕", "闻人", "呼延",
)  # fmt: skip


def surname(name: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    if len(name) > 2 and name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    if not ("\u4e00" <= name[0] <= "\u9fff"):
        return name.split()[-1] if " " in name else name[:1]
    return name[0]


def comrade(name: str) -> str:
    """李伟 → 李同志."""
    family = surname(name)
    return _("Comrade %(surname)s") % {"surname": family} if family else ""


@dataclass(frozen=True)
class OnDuty:
    post: str
    label: str  # post + surname 同志, for everyone
    full_name: str  # for staff pages only
    since: object


def on_duty(shift: DutyShift) -> OnDuty:
    post = shift.post or _("On duty")
    return OnDuty(
        post=post,
        label=f"{post} {comrade(shift.person.name)}",
        full_name=shift.person.name,
        since=shift.checked_in_at,
    )


# ---- a request's timeline, in plain words -----------------------------------------------------

EVENT_TEXT = {
    "stations.request.registered": _lazy("Registered by the agent"),
    "stations.request.forward": _lazy("Forwarded to the service centre"),
    "stations.request.accept": _lazy("Accepted by the service centre"),
    "stations.request.reply": _lazy("The service centre replied"),
    "stations.request.hand_back": _lazy("Handed back to the resident"),
    "stations.request.cancel": _lazy("Withdrawn"),
    "stations.request.escalated.reminder": _lazy("Reminder sent: not forwarded in time"),
    "stations.request.escalated.urge": _lazy("Urged (催办): still not forwarded"),
}


@dataclass(frozen=True)
class Event:
    at: object
    text: str
    who: str
    note: str = ""
    bad: bool = False


def describe_event(event: AuditEvent) -> Event:
    data = event.data or {}
    note = ""
    if event.verb == "stations.request.forward" and data.get("late"):
        note = _("after the forward-by time (late)")
    if event.verb == "stations.request.reply" and data.get("documents_ready"):
        note = _("documents ready for pickup")
    return Event(
        at=event.occurred_at,
        text=str(EVENT_TEXT.get(event.verb, event.verb)),
        who=event.actor_label if event.actor_id else _("System"),
        note=note,
        bad=".escalated." in event.verb or bool(data.get("late")),
    )
