"""Reads for the member digest (手机党报): whose digest is due, what goes into it, and a member's
own digests."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from lastmile.learning.choices import Frequency
from lastmile.learning.conf import setting
from lastmile.learning.models import Digest, DigestPreference
from lastmile.learning.selectors.member import Progress, assignments_for, my_courses
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import Actor

logger = logging.getLogger(__name__)

LENGTH = {Frequency.DAILY: dt.timedelta(days=1), Frequency.WEEKLY: dt.timedelta(days=7)}
MAX_NOTICES = 20


@dataclass(frozen=True)
class Period:
    frequency: str
    key: str
    moment: dt.datetime  # when this period's digest became due

    @property
    def length(self) -> dt.timedelta:
        return LENGTH[Frequency(self.frequency)]


def current_period(frequency: str, now: dt.datetime) -> Period:
    """The latest due moment at or before ``now``: today (or yesterday) at DIGEST_HOUR for daily
    digests; the last DIGEST_WEEKDAY at DIGEST_HOUR for weekly ones."""
    local = timezone.localtime(now)
    at = local.replace(hour=int(setting("DIGEST_HOUR")), minute=0, second=0, microsecond=0)
    if frequency == Frequency.DAILY:
        if at > local:
            at -= dt.timedelta(days=1)
        return Period(frequency, f"D{at.date().isoformat()}", at)
    at -= dt.timedelta(days=(local.weekday() - int(setting("DIGEST_WEEKDAY"))) % 7)
    if at > local:
        at -= dt.timedelta(days=7)
    return Period(frequency, f"W{at.date().isoformat()}", at)


def frequency_of(person: Person) -> DigestPreference:
    pref = DigestPreference.objects.filter(person=person).first()
    return pref or DigestPreference(person=person)


def due_members(period: Period, limit: int) -> QuerySet[Person]:
    """Party members with a login whose digest of this frequency is due and not yet made."""
    chosen = DigestPreference.objects.filter(person=OuterRef("pk")).values("frequency")[:1]
    made = Digest.objects.filter(person=OuterRef("pk"), period_key=period.key)
    return (
        Person.objects.filter(is_party_member=True, user__isnull=False, user__is_active=True)
        .annotate(digest_frequency=Coalesce(Subquery(chosen), Value(Frequency.WEEKLY.value)))
        .filter(digest_frequency=period.frequency)
        .exclude(Exists(made))
        .select_related("user", "home_area__parent")
        .order_by("pk")[:limit]
    )


def last_sent(person: Person) -> Digest | None:
    return Digest.objects.filter(person=person, is_empty=False).order_by("-until", "-pk").first()


@cache
def bulletin_notices() -> Callable[..., Any] | None:
    """The bulletin app's ``notices_for_person`` selector, or None while it does not exist."""
    try:
        return getattr(import_module("lastmile.bulletin.selectors"), "notices_for_person", None)
    except ImportError:
        return None


def notices_for(person: Person, since: dt.datetime, until: dt.datetime) -> list[dict[str, Any]]:
    """Notices and local news for the member from the bulletin app, newest first (none while the
    bulletin app does not offer ``notices_for_person``)."""
    notices_for_person = bulletin_notices()
    if notices_for_person is None:
        return []
    try:
        notices = list(notices_for_person(person, since=since, until=until)[:MAX_NOTICES])
    except Exception:  # the digest still carries the study tasks
        logger.exception("digest: notices for person %s could not be read", person.pk)
        return []
    return [
        {
            "title": n.title,
            "kind": str(n.kind),
            "url": n.get_absolute_url(),
            "published_at": n.published_at.isoformat() if n.published_at else None,
        }
        for n in notices
    ]


def tasks_for(
    person: Person, since: dt.datetime, until: dt.datetime, length: dt.timedelta
) -> tuple[list[dict[str, Any]], bool]:
    """Open study tasks with due dates, and whether any is new: assigned since the last digest
    or falling due before the next one."""
    new_courses = set(
        assignments_for(person)
        .filter(created_at__gt=since, created_at__lte=until)
        .values_list("course_id", flat=True)
    )
    horizon = timezone.localdate(until + length)
    today = timezone.localdate(until)
    tasks, fresh = [], False
    for p in my_courses(person):
        if p.completed:
            continue
        is_new = p.course.pk in new_courses
        due_soon = today <= p.due <= horizon
        fresh = fresh or is_new or due_soon
        tasks.append(_task(p, is_new, today))
    return tasks, fresh


def _task(p: Progress, is_new: bool, today: dt.date) -> dict[str, Any]:
    return {
        "course": p.course.pk,
        "title": p.course.title,
        "due": p.due.isoformat(),
        "overdue": p.due < today,
        "new": is_new,
        "percent": p.percent,
    }


def digests_for(actor: Actor) -> QuerySet[Digest]:
    if actor.person is None:
        return Digest.objects.none()
    return Digest.objects.filter(person=actor.person, is_empty=False)


def digest_for(actor: Actor, pk: int) -> Digest:
    """Only its member may open a digest; anyone else gets 404."""
    digest = digests_for(actor).filter(pk=pk).first()
    if digest is None:
        raise Http404("digest not found")
    return digest
