"""Writing, scheduling, publishing and withdrawing notices; attachments; telling the audience.

Publishing sets the publish time (now, or a time in the future: the notice stays hidden until
then). The audience is told once, after commit, when the notice first becomes visible: at once
for an immediate publish, by :func:`notices_notify_due` (a periodic task) for a scheduled one.
``notified_at`` is claimed with a conditional UPDATE, so republishing or a repeated sweep never
tells anybody twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.bulletin import permissions, selectors
from lastmile.bulletin.choices import Audience, NoticeKind, NoticeStatus
from lastmile.bulletin.models import Notice, NoticeAttachment
from lastmile.bulletin.sanitize import sanitise_body, text_of
from lastmile.bulletin.services import notice_transition as transition
from lastmile.concerns.uploads import clean_upload
from lastmile.core.conf import setting
from lastmile.core.errors import InvalidInput
from lastmile.notify.services import notify
from lastmile.orgs.models import Area
from lastmile.orgs.selectors import SYSTEM, Actor

TEMPLATE = "notice_published"
MAX_ATTACHMENTS = 10
# A publish time this far in the past is a mistake, not "now" (clock skew allowed).
PAST_TOLERANCE = timedelta(minutes=5)


@dataclass(frozen=True)
class NoticeInput:
    kind: str
    title: str
    body: str
    audience: str
    area: Area | None
    expires_at: datetime | None = None
    is_pinned: bool = False


def _clean(data: NoticeInput, *, publish_at: datetime | None = None) -> dict[str, Any]:
    title = " ".join((data.title or "").split())
    body = sanitise_body(data.body)
    if data.kind not in NoticeKind.values:
        raise InvalidInput(_("Choose what kind of notice this is."), field="kind")
    if len(title) < 2:
        raise InvalidInput(_("Give the notice a title."), field="title")
    if len(title) > 120:
        raise InvalidInput(_("Please keep the title under 120 characters."), field="title")
    if not text_of(body):
        raise InvalidInput(_("Write the text of the notice."), field="body")
    if len(body) > 50_000:
        raise InvalidInput(_("The text is too long (at most 50,000 characters)."), field="body")
    if data.audience not in Audience.values:
        raise InvalidInput(_("Choose who the notice is for."), field="audience")
    if data.area is None:
        raise InvalidInput(_("Choose the area the notice is for."), field="area")
    start = publish_at or timezone.now()
    if data.expires_at is not None and data.expires_at <= start:
        raise InvalidInput(_("The expiry time must be after the publish time."), field="expires_at")
    return {
        "kind": data.kind,
        "title": title,
        "body": body,
        "audience": data.audience,
        "area": data.area,
        "expires_at": data.expires_at,
        "is_pinned": bool(data.is_pinned),
    }


@transaction.atomic
def notice_create(*, actor: Actor, data: NoticeInput) -> Notice:
    """A new draft, for an area in the actor's reach, signed by the actor's nearest unit."""
    fields = _clean(data)
    permissions.require_area(actor, fields["area"])
    notice = Notice.objects.create(
        **fields,
        author=actor.person,
        unit=permissions.unit_for(actor, fields["area"]),
    )
    transition.record(
        actor=actor,
        notice=notice,
        verb="create",
        data={"kind": notice.kind, "audience": notice.audience, "area": notice.area_id},
    )
    return notice


@transaction.atomic
def notice_update(
    *, actor: Actor, notice: Notice, data: NoticeInput, expected_version: int | None = None
) -> Notice:
    """Edit the text, audience, area, expiry or pin (in any status; a typo may be fixed after
    publishing). The new area must be in the actor's reach too."""
    notice = transition.lock(notice, expected_version)
    permissions.require_area(actor, notice.area)
    publish_at = notice.published_at if notice.status == NoticeStatus.PUBLISHED else None
    fields = _clean(data, publish_at=publish_at)
    permissions.require_area(actor, fields["area"])
    changed = sorted(k for k, v in fields.items() if getattr(notice, k) != v)
    for name, value in fields.items():
        setattr(notice, name, value)
    notice.version += 1
    notice.save()
    transition.record(actor=actor, notice=notice, verb="edit", data={"changed": changed})
    return notice


def _publish_time(publish_at: datetime | None, notice: Notice) -> datetime:
    now = timezone.now()
    if publish_at is None:
        return now
    if publish_at < now - PAST_TOLERANCE:
        raise InvalidInput(
            _("The publish time has passed. Leave it empty to publish now."), field="publish_at"
        )
    at = max(publish_at, now)
    if notice.expires_at is not None and notice.expires_at <= at:
        raise InvalidInput(_("The expiry time must be after the publish time."), field="publish_at")
    return at


def _publish(
    action: str,
    *,
    actor: Actor,
    notice: Notice,
    publish_at: datetime | None,
    expected_version: int | None,
) -> Notice:
    notice = transition.lock(notice, expected_version)
    permissions.require_area(actor, notice.area)
    transition.check(action, notice)
    at = _publish_time(publish_at, notice)
    transition.apply(
        actor=actor,
        notice=notice,
        action=action,
        fields={"published_at": at},
        data={"published_at": at.isoformat(), "scheduled": at > timezone.now()},
    )
    if at <= timezone.now():
        announce(notice)
    return notice


@transaction.atomic
def notice_publish(
    *,
    actor: Actor,
    notice: Notice,
    publish_at: datetime | None = None,
    expected_version: int | None = None,
) -> Notice:
    """Publish a draft now, or schedule it (``publish_at`` in the future: hidden until then)."""
    return _publish(
        "publish",
        actor=actor,
        notice=notice,
        publish_at=publish_at,
        expected_version=expected_version,
    )


@transaction.atomic
def notice_republish(
    *,
    actor: Actor,
    notice: Notice,
    publish_at: datetime | None = None,
    expected_version: int | None = None,
) -> Notice:
    """Publish a withdrawn notice again (its audience, already told once, is not told again)."""
    return _publish(
        "republish",
        actor=actor,
        notice=notice,
        publish_at=publish_at,
        expected_version=expected_version,
    )


@transaction.atomic
def notice_withdraw(
    *, actor: Actor, notice: Notice, reason: str = "", expected_version: int | None = None
) -> Notice:
    """Take a published (or scheduled) notice off the pages."""
    notice = transition.lock(notice, expected_version)
    permissions.require_area(actor, notice.area)
    reason = " ".join((reason or "").split())[:200]
    return transition.apply(actor=actor, notice=notice, action="withdraw", data={"reason": reason})


def announce(notice: Notice) -> int:
    """Tell the notice's audience in-app, once; returns how many were told (0 if already)."""
    with transaction.atomic():
        claimed = Notice.objects.filter(pk=notice.pk, notified_at__isnull=True).update(
            notified_at=timezone.now()
        )
        if not claimed:
            return 0
        payload = {
            "title": notice.title,
            "unit": notice.unit.name if notice.unit else "",
            "url": notice.get_absolute_url(),
        }
        author_user = notice.author.user_id if notice.author else None
        users = [u for u in selectors.audience_user_ids(notice) if u != author_user]
        for user in get_user_model().objects.filter(pk__in=users).order_by("pk"):
            notify(channel="inapp", template=TEMPLATE, payload=payload, user=user)
        transition.record(
            actor=SYSTEM, notice=notice, verb="announce", data={"recipients": len(users)}
        )
    return len(users)


def notices_notify_due(*, now: datetime | None = None) -> int:
    """Periodic: tell the audiences of scheduled notices whose publish time has come.
    Idempotent and cheap when nothing is due."""
    told = 0
    for pk in selectors.due_unnotified(now or timezone.now()):
        notice = Notice.objects.select_related("area", "unit", "author").get(pk=pk)
        told += announce(notice)
    return told


@transaction.atomic
def notice_attach(*, actor: Actor, notice: Notice, name: str, content: bytes) -> NoticeAttachment:
    """Attach a PDF or a photo, checked by its content (not its name); photos lose EXIF."""
    notice = transition.lock(notice)
    permissions.require_area(actor, notice.area)
    if notice.attachments.count() >= MAX_ATTACHMENTS:
        raise InvalidInput(
            _("Attach at most %(n)d files.") % {"n": MAX_ATTACHMENTS}, field="attachment"
        )
    try:
        clean = clean_upload(name, content, allow_pdf=True)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, field="attachment") from exc
    item = NoticeAttachment(
        notice=notice,
        original_name=clean.name[:200],
        content_type=clean.content_type,
        size=len(clean.content),
    )
    item.file.save(clean.name, ContentFile(clean.content), save=False)
    item.save()
    transition.record(
        actor=actor,
        notice=notice,
        verb="attach",
        data={"file": item.original_name, "type": item.content_type},
    )
    return item


@transaction.atomic
def notice_detach(*, actor: Actor, attachment: NoticeAttachment) -> None:
    notice = transition.lock(attachment.notice)
    permissions.require_area(actor, notice.area)
    name = attachment.original_name
    attachment.file.delete(save=False)
    attachment.delete()
    transition.record(actor=actor, notice=notice, verb="detach", data={"file": name})


def upload_limit() -> int:
    return int(setting("UPLOAD_MAX_BYTES"))
