"""The message board (党群互动): residents post, staff of the area reply, and one step turns a
post into a concern (诉求).

Posting needs no login; a name and phone are optional and private (masked on public pages,
never in the audit log). Posts with a link or a blocked word are held for review automatically.
Posting is throttled per client address and per phone (``LASTMILE_BULLETIN["MESSAGE_POST_RATE"]``,
through ``lastmile.core.throttle``); a bot filling the hidden honeypot field is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from lastmile.bulletin import permissions
from lastmile.bulletin.choices import CONCERN_KIND, PostKind, Visibility
from lastmile.bulletin.models import BlockedWord, BoardPost, BoardReply
from lastmile.bulletin.services import moderation
from lastmile.concerns.choices import Kind
from lastmile.concerns.models import Concern
from lastmile.concerns.services.intake import PHONE_RE, concern_submit, normalize_phone
from lastmile.core import throttle
from lastmile.core.errors import InvalidInput
from lastmile.core.throttle import Throttled, parse_rate  # noqa: F401 (Throttled: re-exported)
from lastmile.orgs.choices import AreaLevel
from lastmile.orgs.models import Area
from lastmile.orgs.selectors import SYSTEM, Actor

LINK_RE = re.compile(
    r"(https?://|www\.|[a-z0-9-]+\.(com|cn|net|org|top|xyz|info|cc|vip|shop)\b)", re.IGNORECASE
)


@dataclass(frozen=True)
class PostInput:
    kind: str
    title: str
    text: str
    area: Area | None
    name: str = ""
    phone: str = ""


def _rates() -> dict[str, str]:
    rate = str(settings.LASTMILE_BULLETIN["MESSAGE_POST_RATE"])
    return {"address": rate, "phone": rate}


def _check_rate(ip: str, phone: str) -> None:
    limit, _window = parse_rate(_rates()["address"])
    throttle.check(
        "board",
        rates=_rates(),
        address=ip,
        phone=phone,
        message=_(
            "You have posted %(n)d messages in a short time. Please wait a while before "
            "posting again; what you typed is kept below."
        )
        % {"n": limit},
    )


def _clean(data: PostInput, actor: Actor) -> dict[str, object]:
    title = " ".join((data.title or "").split())
    text = (data.text or "").strip()
    if data.kind not in PostKind.values:
        raise InvalidInput(_("Choose a question or a suggestion."), field="kind")
    if data.area is None or data.area.level != AreaLevel.COMMUNITY:
        raise InvalidInput(_("Choose your community or village."), field="area")
    if len(title) < 2:
        raise InvalidInput(_("Give your message a subject."), field="title")
    if len(title) > 80:
        raise InvalidInput(_("Please keep the subject under 80 characters."), field="title")
    if len(text) < 5:
        raise InvalidInput(_("Please write at least 5 characters."), field="text")
    if len(text) > 3000:
        raise InvalidInput(_("Please keep the message under 3000 characters."), field="text")
    person = actor.person if not actor.is_anonymous else None
    if person is not None:  # logged in: post as yourself
        name, phone = person.name, normalize_phone(person.phone)
    else:
        name, phone = (data.name or "").strip(), normalize_phone(data.phone)
    if len(name) > 64:
        raise InvalidInput(_("Please keep the name under 64 characters."), field="name")
    if phone and not PHONE_RE.match(phone):
        raise InvalidInput(
            _("Enter an 11-digit mobile number or a landline with area code."), field="phone"
        )
    return {
        "kind": data.kind,
        "title": title,
        "text": text,
        "area": data.area,
        "name": name,
        "phone": phone if PHONE_RE.match(phone or "") else "",
        "person": person,
    }


def hold_reason(title: str, text: str) -> str:
    """Why a post must wait for review ("" if it need not): a link or a blocked word."""
    content = f"{title}\n{text}"
    if LINK_RE.search(content):
        return _("Contains a link; held for review")
    lowered = content.lower()
    for word in BlockedWord.objects.filter(is_active=True).values_list("word", flat=True):
        if word and word.lower() in lowered:
            return _("Contains a blocked word; held for review")
    return ""


def post_submit(*, actor: Actor, data: PostInput, ip: str = "", honeypot: str = "") -> BoardPost:
    """A resident's question or suggestion. Held for review if it has a link or a blocked
    word; refused when the sender posts too often or a bot filled the honeypot."""
    if honeypot.strip():
        raise InvalidInput(_("Your message could not be sent. Please try again."))
    fields = _clean(data, actor)
    _check_rate(ip, str(fields["phone"]))
    reason = hold_reason(str(fields["title"]), str(fields["text"]))
    with transaction.atomic():
        post = BoardPost.objects.create(
            **fields,  # type: ignore[arg-type]
            visibility=Visibility.HELD if reason else Visibility.VISIBLE,
        )
        if reason:
            moderation.keep(post=post, old="", new=Visibility.HELD, reason=reason, actor=SYSTEM)
        moderation.record(
            actor=actor,
            post=post,
            verb="submit",
            data={"kind": post.kind, "area": post.area_id, "visibility": post.visibility},
        )
    throttle.count("board", rates=_rates(), address=ip, phone=str(fields["phone"]))
    return post


@transaction.atomic
def post_reply(*, actor: Actor, post: BoardPost, text: str) -> BoardReply:
    """A public reply by staff of the post's area, signed by their unit."""
    post = moderation.lock(post)
    permissions.require_board_staff(actor, post.area)
    text = (text or "").strip()
    if len(text) < 2:
        raise InvalidInput(_("Write the reply."), field="text")
    if len(text) > 3000:
        raise InvalidInput(_("Please keep the reply under 3000 characters."), field="text")
    if post.visibility == Visibility.HIDDEN:
        raise InvalidInput(_("This post is hidden. Show it again before replying."), field="text")
    reply = BoardReply.objects.create(
        post=post, text=text, unit=permissions.unit_for(actor, post.area), author=actor.person
    )
    moderation.record(actor=actor, post=post, verb="reply", data={"reply": reply.pk})
    return reply


@transaction.atomic
def post_convert(*, actor: Actor, post: BoardPost, kind: str = "") -> Concern:
    """Turn a post into a concern in one step (idempotent: a second call returns the same
    concern). The resident's name and phone go with it, privately."""
    post = moderation.lock(post)
    permissions.require_board_staff(actor, post.area)
    if post.concern is not None:
        return post.concern
    kind = kind or CONCERN_KIND.get(PostKind(post.kind), Kind.CONSULT)
    result = concern_submit(
        actor=actor,
        channel="board",
        kind=kind,
        title=post.title,
        text=post.text,
        area=post.area,
        resident_name=post.name,
        resident_phone=post.phone,
        idempotency_key=f"board-post-{post.pk}",
    )
    post.concern = result.concern
    post.save(update_fields=["concern", "updated_at"])
    moderation.record(actor=actor, post=post, verb="convert", data={"code": result.concern.code})
    return result.concern
