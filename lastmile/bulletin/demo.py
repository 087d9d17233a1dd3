"""The bulletin's part of the demo community (see ``concerns/demo/extensions.py``).

About twenty notices and policies published over the past six months (pinned, expired, one
scheduled, one withdrawn, one draft, some for party members, cadres or a village's residents),
and about forty message-board posts with real residents' texts from the 2020 TipDM data
(``messages_replies.csv`` in ``settings.SHARED_DATA_DIR``, with the official replies; a few built-in
texts when the file is missing): most replied to by the community's staff, a few turned into
concerns, two held for their links (one shown after review, one hidden as an advertisement).
Everything goes through the real services with the demo clock set.
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings

from lastmile.bulletin.demo_content import (
    BLOCKED_WORDS,
    FALLBACK_MESSAGES,
    NOTICES,
    DemoMessage,
    DemoNotice,
)
from lastmile.bulletin.models import BoardPost
from lastmile.bulletin.services import board, moderation, notices
from lastmile.concerns.demo.org import DemoOrg, mobile, person_name
from lastmile.concerns.demo.timeline import ExtraStep
from lastmile.orgs.models import Area
from lastmile.orgs.selectors import Actor, actor_for_user

POSTS = 40
CONVERTED = 5
TITLE_MAX, TEXT_MAX, REPLY_MAX = 60, 1200, 600
COMMUNITY_KEYS = ("dongfeng", "xiangyang", "xinhua", "taohua")
SPAM = DemoMessage(
    "低价办理各类证件",
    "专业代办证件、代开发票，价格优惠，详情请访问 www.banzheng-kuai.com 咨询。",
    "",
)
LINKED = DemoMessage(
    "医保缴费的官方网址是哪个",
    "看到通知说可以网上缴医保，是不是这个网址 https://www.gov.cn/ ？怕点到假网站。",
    "您好，请以税务部门官方小程序和网站为准，社区窗口也可以协助缴费。",
)


def _step(action: Callable[[], object]) -> Callable[[], None]:
    """A story step returns further steps or nothing (never the service's result)."""

    def run() -> None:
        action()

    return run


def _actor(org: DemoOrg, key: str) -> Actor:
    return actor_for_user(org.people[key].user)


def _clean(value: str, limit: int) -> str:
    return re.sub(r"\s+", " ", value or "").strip()[:limit]


def _reply_text(value: str) -> str:
    """The official reply without its greeting preamble, cut at a sentence end."""
    text = _clean(value, 4000)
    for marker in ("答复如下：", "答复如下:", "现答复如下", "回复如下："):
        if marker in text:
            text = text.split(marker, 1)[1].strip()
            break
    if len(text) > REPLY_MAX:
        cut = text[:REPLY_MAX]
        text = cut[: cut.rfind("。") + 1] or cut
    return text


def load_messages(data_dir: Path) -> list[DemoMessage]:
    """Residents' messages with their official replies, or the built-in ones."""
    path = data_dir / "tipdm2020" / "messages_replies.csv"
    found: list[DemoMessage] = []
    if path.exists():
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                title = _clean(row.get("留言主题", ""), TITLE_MAX)
                text = _clean(row.get("留言详情", ""), TEXT_MAX)
                reply = _reply_text(row.get("答复意见", ""))
                if len(title) >= 4 and len(text) >= 30 and len(reply) >= 20:
                    found.append(DemoMessage(title, text, reply))
    return found or list(FALLBACK_MESSAGES)


def seed(*, org: DemoOrg, rng: random.Random, now: datetime) -> list[ExtraStep]:
    admin = _actor(org, "admin")
    for word in BLOCKED_WORDS:
        moderation.blocked_word_add(actor=admin, word=word)
    steps = _notice_steps(org, rng, now)
    steps += _post_steps(org, rng, now, load_messages(Path(settings.SHARED_DATA_DIR)))
    return steps


# --- notices --------------------------------------------------------------------------------


def _area(org: DemoOrg, key: str) -> Area:
    return {"district": org.district, "street": org.street}.get(key) or org.communities[key]


def _notice_steps(org: DemoOrg, rng: random.Random, now: datetime) -> list[ExtraStep]:
    steps: list[ExtraStep] = []
    for spec in NOTICES:
        written = now - timedelta(days=max(spec.days_ago, 0) + rng.uniform(0.05, 0.4))
        if spec.days_ago < 0:  # scheduled: written yesterday, to appear in a few days
            written = now - timedelta(days=1)
        steps.append((written, _write(org, spec, now)))
    return steps


def _write(org: DemoOrg, spec: DemoNotice, now: datetime) -> Callable[[], object]:
    def step() -> list[ExtraStep]:
        actor = _actor(org, spec.author)
        publish_at = now + timedelta(days=-spec.days_ago) if spec.days_ago < 0 else None
        start = publish_at or (now - timedelta(days=spec.days_ago))
        expires = start + timedelta(days=spec.expires_days) if spec.expires_days else None
        notice = notices.notice_create(
            actor=actor,
            data=notices.NoticeInput(
                kind=spec.kind,
                title=spec.title,
                body=spec.body,
                audience=spec.audience,
                area=_area(org, spec.area),
                expires_at=expires,
                is_pinned=spec.pinned,
            ),
        )
        if spec.draft:
            return []
        at = now - timedelta(days=spec.days_ago) if spec.days_ago >= 0 else None

        def publish() -> list[ExtraStep]:
            notices.notice_publish(actor=actor, notice=notice, publish_at=publish_at)
            if not spec.withdraw:
                return []
            return [
                (
                    (at or now) + timedelta(days=1),
                    _step(
                        lambda: notices.notice_withdraw(
                            actor=actor, notice=notice, reason=spec.withdraw
                        )
                    ),
                )
            ]

        return [(at, publish)] if at is not None else [(now - timedelta(days=1), publish)]

    return step


# --- the message board ----------------------------------------------------------------------


def _post_steps(
    org: DemoOrg, rng: random.Random, now: datetime, messages: list[DemoMessage]
) -> list[ExtraStep]:
    chosen = rng.sample(messages, min(POSTS, len(messages)))
    while len(chosen) < POSTS:  # few built-in texts: reuse them
        chosen.append(rng.choice(messages))
    steps: list[ExtraStep] = []
    convert = set(rng.sample(range(len(chosen)), min(CONVERTED, len(chosen))))
    for index, message in enumerate(chosen):
        at = now - timedelta(days=rng.uniform(2, 175), hours=rng.uniform(0, 10))
        key = rng.choice(COMMUNITY_KEYS)
        replied = index % 5 != 4  # four in five get a reply
        steps.append(
            (at, _post(org, rng, now, message, key, index, convert=index in convert, reply=replied))
        )
    steps.append((now - timedelta(days=20), _post(org, rng, now, SPAM, "dongfeng", 90, spam=True)))
    steps.append(
        (now - timedelta(days=9), _post(org, rng, now, LINKED, "xiangyang", 91, reply=True))
    )
    return steps


def _post(
    org: DemoOrg,
    rng: random.Random,
    now: datetime,
    message: DemoMessage,
    key: str,
    index: int,
    *,
    convert: bool = False,
    reply: bool = True,
    spam: bool = False,
) -> Callable[[], object]:
    anonymous = rng.random() < 0.3
    name = "" if anonymous else person_name(rng)
    phone = "" if anonymous or rng.random() < 0.3 else mobile(rng)
    staff = f"h_{key}" if rng.random() < 0.6 else f"grid_{key}"
    lag = timedelta(days=rng.uniform(0.3, 5))

    def step() -> list[ExtraStep]:
        post = board.post_submit(
            actor=actor_for_user(None),
            data=board.PostInput(
                kind="suggestion" if "建议" in message.title else "question",
                title=message.title,
                text=message.text,
                area=org.communities[key],
                name=name,
                phone=phone,
            ),
            ip=f"10.{index // 250}.{index % 250}.{rng.randint(1, 250)}",
        )
        # Staff act some hours or days later, in this order, always before the present.
        actions: list[Callable[[], object]] = []
        if spam:
            actions.append(_moderate(org, key, post, "hide", "广告信息，已隐藏"))
        elif post.visibility == "held":
            actions.append(_moderate(org, key, post, "approve", "核实无误，恢复显示"))
        if convert and not spam:
            actions.append(_convert(org, key, post))
        if reply and message.reply and not spam:
            actions.append(_reply(org, staff, post, message))
        first = post.created_at + lag
        latest = now - timedelta(minutes=5 * (len(actions) + 1))
        return [
            (min(first + timedelta(hours=n), latest + timedelta(minutes=5 * n)), action)
            for n, action in enumerate(actions)
        ]

    return step


def _moderate(
    org: DemoOrg, key: str, post: BoardPost, action: str, reason: str
) -> Callable[[], object]:
    return _step(
        lambda: moderation.post_moderate(
            actor=_actor(org, f"h_{key}"), post=post, action=action, reason=reason
        )
    )


def _convert(org: DemoOrg, key: str, post: BoardPost) -> Callable[[], object]:
    return _step(lambda: board.post_convert(actor=_actor(org, f"l_{key}"), post=post))


def _reply(org: DemoOrg, staff: str, post: BoardPost, message: DemoMessage) -> Callable[[], object]:
    return _step(lambda: board.post_reply(actor=_actor(org, staff), post=post, text=message.reply))
