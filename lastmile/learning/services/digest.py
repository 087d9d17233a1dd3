"""The member digest (手机党报): once per member per period (daily or weekly, the member's choice),
notices since the last digest, open study tasks with due dates, and local news; sent through
notifications: in-app, plus email and text message as the member's notification preferences
allow.

``digests_send`` is safe to run every minute and from several workers at once: a digest row is
unique per member and period (the insert decides, a duplicate is "already done"); a period with
nothing new leaves an empty row that is never sent or shown, so a quiet member is looked at once
per period.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.core import audit
from lastmile.core.errors import InvalidInput
from lastmile.learning import permissions
from lastmile.learning.choices import Frequency
from lastmile.learning.conf import setting
from lastmile.learning.messages import TEMPLATE
from lastmile.learning.models import Digest, DigestPreference
from lastmile.learning.selectors import digest as read
from lastmile.notify.models import NotifyChannel
from lastmile.notify.services import notify
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import SYSTEM, Actor

logger = logging.getLogger(__name__)
OBJECT_TYPE = "learning_digest"


@dataclass
class DigestRun:
    sent: int = 0
    empty: int = 0
    skipped: int = 0


@transaction.atomic
def preference_set(*, actor: Actor, frequency: str) -> DigestPreference:
    """How often the member gets the digest. Which channels besides the in-app inbox carry it is
    the member's notification preference (the notify app decides at delivery)."""
    person = permissions.require_member(actor)
    if frequency not in Frequency.values:
        raise InvalidInput(_("Choose how often the digest comes."), field="frequency")
    pref, _created = DigestPreference.objects.update_or_create(
        person=person, defaults={"frequency": frequency, "updated_at": timezone.now()}
    )
    audit.record(
        verb="learning.digest_preference",
        obj_type="person",
        obj_id=person.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data={"frequency": frequency},
    )
    return pref


def digests_send(*, now: dt.datetime | None = None, limit: int | None = None) -> DigestRun:
    """Make and send every digest that is due (bounded per run; the next run continues)."""
    now = now or timezone.now()
    left = int(limit or setting("DIGEST_BATCH"))
    run = DigestRun()
    for frequency in (Frequency.WEEKLY, Frequency.DAILY):
        period = read.current_period(frequency, now)
        for person in read.due_members(period, left):
            outcome = digest_make(person=person, period=period, now=now)
            setattr(run, outcome, getattr(run, outcome) + 1)
            left -= 1
        if left <= 0:
            break
    return run


def digest_make(*, person: Person, period: read.Period, now: dt.datetime) -> str:
    """Make one member's digest for the period: "sent", "empty" or "skipped" (already made)."""
    previous = read.last_sent(person)
    since = previous.until if previous else now - period.length
    try:
        with transaction.atomic():
            digest = _create(person, period, since, now)
    except IntegrityError:  # another run made it first
        return "skipped"
    return "empty" if digest.is_empty else "sent"


def _create(person: Person, period: read.Period, since: dt.datetime, now: dt.datetime) -> Digest:
    items = read.notices_for(person, since, now)
    tasks, fresh_tasks = read.tasks_for(person, since, now, period.length)
    notices = [n for n in items if n["kind"] != "news"]
    news = [n for n in items if n["kind"] == "news"]
    is_empty = not (notices or news or fresh_tasks)
    digest = Digest.objects.create(
        person=person,
        period_key=period.key,
        frequency=period.frequency,
        since=since,
        until=now,
        content={} if is_empty else {"notices": notices, "tasks": tasks, "news": news},
        is_empty=is_empty,
    )
    audit.record(
        verb="learning.digest_empty" if is_empty else "learning.digest_sent",
        obj_type=OBJECT_TYPE,
        obj_id=digest.pk,
        actor_id=SYSTEM.user_id,
        actor_label=SYSTEM.label,
        data={
            "person": person.pk,
            "period": period.key,
            "notices": len(notices),
            "tasks": len(tasks),
            "news": len(news),
        },
    )
    if not is_empty:
        _send(person, digest)
    return digest


def digest_url(digest: Digest) -> str:
    return str(setting("SITE_URL")).rstrip("/") + reverse("learning:digest", args=[digest.pk])


def _send(person: Person, digest: Digest) -> None:
    content = digest.content
    payload = {
        "date": timezone.localdate(digest.until).isoformat(),
        "notices": len(content["notices"]),
        "tasks": len(content["tasks"]),
        "news": len(content["news"]),
        "url": digest_url(digest),
    }
    user = person.user
    notify(channel=NotifyChannel.INAPP, template=TEMPLATE, payload=payload, user=user)
    # Email and text message where the member has an address; their notification preferences
    # (channels turned off, quiet hours) are applied by the notify app at delivery.
    if user is not None and user.email:
        notify(
            channel=NotifyChannel.EMAIL,
            template=TEMPLATE,
            payload=payload,
            user=user,
            email=user.email,
        )
    if person.phone:
        notify(
            channel=NotifyChannel.SMS,
            template=TEMPLATE,
            payload=payload,
            user=user,
            phone=person.phone,
        )
