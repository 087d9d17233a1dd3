"""Who hears about an agent request, through ``lastmile.notify.services.notify`` (in-app).

The message templates are this app's; ``register_templates`` (called from
``StationsConfig.ready``) adds them to the notification catalogue. Messages name the request,
the service and the village — never the resident.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lastmile.notify import messages
from lastmile.notify.models import NotifyChannel
from lastmile.notify.services import notify
from lastmile.orgs.choices import UNIT_ROLES
from lastmile.stations.models import AgentRequest

TEMPLATES: dict[str, messages.Template] = {
    "agent_request_forwarded": messages.Template(
        _("An agent request was forwarded to you"),
        _("The agent of %(village)s forwarded request %(number)s (%(service)s) to %(centre)s."),
        ("number", "service", "village"),
    ),
    "agent_request_replied": messages.Template(
        _("Your agent request has a reply"),
        _("%(centre)s replied to request %(number)s (%(service)s): %(reply)s"),
        ("number", "service", "status"),
    ),
    "agent_request_reminder": messages.Template(
        _("Reminder: an agent request is due to be forwarded"),
        _(
            "Request %(number)s (%(service)s) of %(village)s was due to be forwarded to "
            "%(centre)s by %(due)s and is still with the agent."
        ),
        ("number", "service", "due"),
    ),
    "agent_request_urged": messages.Template(
        _("Urged (催办): an agent request is overdue"),
        _(
            "Request %(number)s (%(service)s) of %(village)s is overdue: it was due at "
            "%(centre)s by %(due)s. Forward it today."
        ),
        ("number", "service", "due"),
    ),
}


def register_templates() -> None:
    for name, template in TEMPLATES.items():
        messages.register_template(name, template.title, template.body, template.keywords)


def _when(value: object) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""  # type: ignore[arg-type]


def payload(request: AgentRequest) -> dict[str, str]:
    return {
        "number": request.number,
        "service": request.service.name,
        "village": request.area.name,
        "centre": request.centre.name,
        "due": _when(request.forward_due),
        "status": str(request.get_status_display()),
        "reply": request.reply[:200],
    }


def centre_users(request: AgentRequest) -> QuerySet:
    return (
        get_user_model()
        .objects.filter(
            person__memberships__unit_id=request.centre.unit_id,
            person__memberships__role__in=UNIT_ROLES,
            person__memberships__is_active=True,
            is_active=True,
        )
        .distinct()
    )


def tell_agent(request: AgentRequest, template: str) -> int:
    user = request.agent.user
    if user is None or not user.is_active:
        return 0
    notify(channel=NotifyChannel.INAPP, template=template, payload=payload(request), user=user)
    return 1


def tell_centre(request: AgentRequest, template: str) -> int:
    sent = 0
    for user in centre_users(request):
        notify(channel=NotifyChannel.INAPP, template=template, payload=payload(request), user=user)
        sent += 1
    return sent
