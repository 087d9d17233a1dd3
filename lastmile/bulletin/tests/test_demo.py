"""The bulletin's demo story: notices and message-board posts played through the services."""

from __future__ import annotations

import heapq
import random
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone

from lastmile.bulletin import demo
from lastmile.bulletin.models import BlockedWord, BoardPost, BoardReply, Notice
from lastmile.bulletin.selectors import notices_for_person, visible_notices
from lastmile.concerns.demo.clock import Clock, frozen
from lastmile.concerns.demo.org import build_org
from lastmile.core.errors import DomainError
from lastmile.orgs.selectors import actor_for_user

pytestmark = pytest.mark.django_db


def play(steps, clock, now):
    """Run the story steps in time order with the clock set, like the demo player."""
    queue = [(moment, i, step) for i, (moment, step) in enumerate(steps) if moment <= now]
    heapq.heapify(queue)
    order, refused = len(queue), []
    while queue:
        moment, _i, step = heapq.heappop(queue)
        clock.set(max(moment, clock.moment))
        try:
            more = step()
        except DomainError as exc:
            refused.append(str(exc))
            continue
        for later, next_step in more or []:
            if later <= now:
                order += 1
                heapq.heappush(queue, (later, order, next_step))
    return refused


def build(now, data_dir=None):
    clock = Clock(now - timedelta(days=181))
    with frozen(clock):
        org = build_org(random.Random(1))
        kwargs = {}
        if data_dir is not None:
            kwargs["SHARED_DATA_DIR"] = data_dir
        with override_settings(**kwargs):
            steps = demo.seed(org=org, rng=random.Random("bulletin"), now=now)
        refused = play(steps, clock, now)
    return org, refused


def test_demo_story():
    now = timezone.now()
    _org, refused = build(now)
    assert refused == []
    assert BlockedWord.objects.count() == len(demo.BLOCKED_WORDS)
    assert 18 <= Notice.objects.count() <= 25
    live = visible_notices(actor_for_user(None))
    titles = set(live.values_list("title", flat=True))
    assert "2026年度城乡居民医保缴费开始啦" in titles
    assert "东风社区第2网格停水通知" not in titles  # expired
    assert "元旦期间社区服务安排" not in titles  # scheduled
    assert "关于周末暂停办公的通知" not in titles  # withdrawn
    assert Notice.objects.filter(status="draft").count() == 1
    assert Notice.objects.filter(audience="party_members").exists()
    assert live.first().is_pinned
    assert notices_for_person(None, since=now - timedelta(days=30)).count() >= 3
    # The message board: real texts, replies, concerns, moderation.
    posts = BoardPost.objects.all()
    assert posts.count() == demo.POSTS + 2
    assert posts.filter(visibility="visible").count() == demo.POSTS + 1
    assert posts.filter(visibility="hidden").count() == 1  # the advertisement
    assert posts.filter(concern__isnull=False).count() == demo.CONVERTED
    assert BoardReply.objects.count() >= 30
    assert all(c.channel == "board" for p in posts.exclude(concern=None) for c in [p.concern])
    times = list(posts.values_list("created_at", flat=True))
    assert min(times) > now - timedelta(days=181) and max(times) < now
    reply = BoardReply.objects.select_related("post").first()
    assert reply.created_at >= reply.post.created_at


def test_demo_without_the_shared_data(tmp_path: Path):
    _org, refused = build(timezone.now(), data_dir=tmp_path)
    assert refused == []
    titles = set(BoardPost.objects.values_list("title", flat=True))
    assert "小区电梯经常停运" in titles


def test_real_texts_are_read():
    messages = demo.load_messages(Path(demo.settings.SHARED_DATA_DIR))
    if messages == demo.FALLBACK_MESSAGES:
        pytest.skip("the shared TipDM data is not here")
    assert len(messages) > 500
    assert all(len(m.title) <= demo.TITLE_MAX and len(m.reply) <= demo.REPLY_MAX for m in messages)
    assert not any(m.reply.startswith("现将网友") for m in messages[:50])
