"""Every write of the WeChat channel. ``wechat_receive`` is the one entry point: it records the
message (deduplicating WeChat's retries by MsgId), turns it into a concern, a status answer or
help, and returns the passive reply text. All of it happens in one transaction."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.concerns.choices import Kind
from lastmile.concerns.models import Concern
from lastmile.concerns.services import concern_submit
from lastmile.core.crypto import blind_index
from lastmile.core.errors import InvalidInput
from lastmile.orgs.selectors import Actor
from lastmile.wechat import selectors
from lastmile.wechat.models import WechatMessage, WechatSession
from lastmile.wechat.protocol import Inbound

WECHAT_ACTOR = Actor(user_id=None, label="wechat")
DRAFT_MINUTES = 30  # how long a description waits for its place (and a place for its text)
REPLY_LIMIT = 600  # characters; WeChat caps a passive text reply at 2048 bytes

HELP_WORDS = frozenset({"帮助", "help", "?", "？", "菜单", "你好", "您好"})
SUBMIT_WORDS = frozenset({"提交", "直接提交", "submit"})
CANCEL_WORDS = frozenset({"取消", "cancel"})
QUERY_RE = re.compile(r"^(?:查询|查|query)\s*[:：]?\s*([0-9A-Za-z]{6,16})?\s*$", re.IGNORECASE)
KIND_WORDS = [
    (Kind.PRAISE, ("表扬", "感谢", "点赞")),
    (Kind.SUGGESTION, ("建议",)),
    (Kind.REPORT, ("举报",)),
    (Kind.CONSULT, ("咨询", "请问", "怎么办理", "在哪里办")),
    (Kind.COMPLAINT, ("投诉",)),
]


def help_text() -> str:
    return _(
        "Welcome to 接诉即办. Describe the problem in a message and send your location "
        "(＋ → Location) so we know where. Send “查询 <tracking code>” to see its progress, "
        "“查询” to list your recent concerns, “取消” to drop an unsent description."
    )


def wechat_receive(*, inbound: Inbound) -> str:
    """Handle one inbound message once; a retry of the same MsgId returns the first reply."""
    done = selectors.reply_for(inbound.key)
    if done is not None:
        return done
    try:
        with transaction.atomic():
            record = WechatMessage.objects.create(
                msg_id=inbound.key,
                openid=inbound.openid,
                msg_type=inbound.msg_type[:32],
                pic_url=inbound.pic_url[:500] if inbound.pic_url.startswith("http") else "",
            )
            reply, concern = _handle(inbound)
            record.reply, record.concern = reply[:REPLY_LIMIT], concern
            record.save(update_fields=["reply", "concern"])
    except IntegrityError:
        done = selectors.reply_for(inbound.key)  # a concurrent retry won the race
        if done is None:
            raise
        return done
    return record.reply


def _handle(inbound: Inbound) -> tuple[str, Concern | None]:
    if inbound.msg_type == "event":
        if inbound.event in ("subscribe", "click"):
            return help_text(), None
        return "", None  # unsubscribe, menu views, template-send receipts: nothing to say
    if inbound.msg_type not in ("text", "location", "image"):
        return (
            _(
                "Sorry, this kind of message cannot be handled here. Please describe the "
                "problem in words, send a photo, or send your location."
            ),
            None,
        )
    session = _session(inbound.openid)
    if inbound.msg_type == "location":
        return _on_location(inbound, session)
    if inbound.msg_type == "image":
        return _on_image(session), None
    return _on_text(inbound, session)


def _session(openid: str) -> WechatSession:
    session, _created = WechatSession.objects.select_for_update().get_or_create(
        openid_hash=blind_index(openid, "exact"), defaults={"openid": openid}
    )
    return session


def _fresh(moment: datetime | None) -> bool:
    return moment is not None and timezone.now() - moment <= timedelta(minutes=DRAFT_MINUTES)


def _on_text(inbound: Inbound, session: WechatSession) -> tuple[str, Concern | None]:
    text = inbound.content.strip()
    if text.lower() in HELP_WORDS:
        return help_text(), None
    query = QUERY_RE.match(text)
    if query:
        return _status_reply(inbound.openid, query.group(1) or ""), None
    if text.lower() in CANCEL_WORDS:
        _clear(session, draft=True, place=True)
        return _("Your unsent description and location have been dropped."), None
    if text.lower() in SUBMIT_WORDS:
        if not session.draft_text:
            return _("There is nothing to submit yet. Please describe the problem first."), None
        return _submit(session, key=session.draft_key)
    earlier = ""
    if session.draft_text and not _fresh(session.draft_at):  # an old description: submit it
        earlier, _concern = _submit(session, key=session.draft_key, use_place=False)
        earlier += "\n"
    if session.draft_text:
        session.draft_text = f"{session.draft_text}\n{text}"
    else:
        session.draft_text, session.draft_key = text, inbound.key
    session.draft_at = timezone.now()
    if session.pending_lat is not None and _fresh(session.location_at):
        reply, concern = _submit(session, key=session.draft_key)
        return earlier + reply, concern
    session.save()
    return earlier + _(
        "Noted. Please send your location (＋ → Location) so we know where this is, "
        "or reply “提交” to submit without a location."
    ), None


def _on_location(inbound: Inbound, session: WechatSession) -> tuple[str, Concern | None]:
    try:
        lat, lng = float(inbound.lat), float(inbound.lng)
    except ValueError:
        return _("This location could not be read. Please send it again."), None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return _("This location could not be read. Please send it again."), None
    session.pending_lat, session.pending_lng = lat, lng
    session.pending_label, session.location_at = inbound.label[:200], timezone.now()
    if session.draft_text:  # the resident is placing what they described
        return _submit(session, key=session.draft_key)
    session.save()
    return _("Location noted. Now please describe the problem in a message."), None


def _on_image(session: WechatSession) -> str:
    if session.draft_text and _fresh(session.draft_at):
        return _("Photo received; it will go with your concern. Please also send your location.")
    return _("Photo received. Please describe the problem in words as well.")


def guess_kind(text: str) -> str:
    for kind, words in KIND_WORDS:
        if any(word in text for word in words):
            return str(kind)
    return str(Kind.HELP)


def _submit(
    session: WechatSession, *, key: str, use_place: bool = True
) -> tuple[str, Concern | None]:
    """Submit the session's description (with its place, if fresh) as a concern."""
    place = use_place and session.pending_lat is not None and _fresh(session.location_at)
    try:
        result = concern_submit(
            actor=WECHAT_ACTOR,
            channel="wechat",
            kind=guess_kind(session.draft_text),
            text=session.draft_text[:5000],
            lat=session.pending_lat if place else None,
            lng=session.pending_lng if place else None,
            address=session.pending_label if place else "",
            resident_openid=session.openid,
            fingerprint=f"wechat:{session.openid}",
            external_id=key,
        )
    except InvalidInput as exc:
        session.save()  # keep the description so the resident can add to it
        return str(exc), None
    since = (session.draft_at or timezone.now()) - timedelta(minutes=DRAFT_MINUTES)
    WechatMessage.objects.filter(
        openid_hash=blind_index(session.openid, "exact"),
        msg_type="image",
        concern__isnull=True,
        received_at__gte=since,
    ).update(concern=result.concern)
    _clear(session, draft=True, place=place)
    return (
        _(
            "Received, thank you. Your tracking code is %(code)s (web PIN %(pin)s). "
            "Send “查询 %(code)s” any time to see its progress."
        )
        % {"code": result.concern.code, "pin": result.pin},
        result.concern,
    )


def _clear(session: WechatSession, *, draft: bool, place: bool) -> None:
    if draft:
        session.draft_text, session.draft_key, session.draft_at = "", "", None
    if place:
        session.pending_lat = session.pending_lng = None
        session.pending_label, session.location_at = "", None
    session.save()


def _status_reply(openid: str, code: str) -> str:
    if not code:
        lines = [f"{c.code} {c.get_status_display()}" for c in selectors.recent_for_sender(openid)]
        if not lines:
            return _("You have not sent any concern from this WeChat account yet.")
        return _("Your recent concerns:") + "\n" + "\n".join(lines)
    concern = selectors.concern_for_sender(openid, code)
    if concern is None:
        return _("No concern with code %(code)s was sent from this WeChat account.") % {
            "code": code.upper()[:16]
        }
    parts = [
        _("Concern %(code)s: %(status)s.")
        % {"code": concern.code, "status": concern.get_status_display()}
    ]
    if concern.lead_unit:
        parts.append(_("Handled by %(unit)s.") % {"unit": concern.lead_unit.name})
    if concern.resolve_due and not concern.closed_at:
        due = timezone.localtime(concern.resolve_due).strftime("%Y-%m-%d %H:%M")
        parts.append(_("Due by %(due)s.") % {"due": due})
    if concern.reply_text:
        parts.append(_("Reply: %(reply)s") % {"reply": concern.reply_text[:300]})
    return "\n".join(parts)[:REPLY_LIMIT]


def wechat_drafts_flush(*, now: datetime | None = None) -> int:
    """Submit descriptions that waited longer than DRAFT_MINUTES for a place, without one, so
    nothing a resident sent is lost. Returns how many concerns were made."""
    cutoff = (now or timezone.now()) - timedelta(minutes=DRAFT_MINUTES)
    made = 0
    for pk in WechatSession.objects.filter(draft_at__lt=cutoff).values_list("pk", flat=True):
        with transaction.atomic():
            session = WechatSession.objects.select_for_update().filter(pk=pk).first()
            if session is None or not session.draft_text or not session.draft_at:
                continue
            if session.draft_at >= cutoff:
                continue
            _reply, concern = _submit(session, key=session.draft_key or f"draft:{pk}")
            if concern is None:  # too short to be a concern: drop it
                _clear(session, draft=True, place=False)
            made += concern is not None
    return made
