"""Surge alerts (舆情预警): a category, area or topic whose volume rises well above its own
baseline.

Rule (``is_surge``): the last ``window_days`` hold ``count`` concerns for a key; the
``baseline_days`` before the window are cut into windows of the same length, giving a mean ``μ``
and standard deviation ``σ`` per window. A surge needs all three of

* ``count ≥ MIN_COUNT`` (5): a handful of messages is never an alert;
* ``z = (count − μ) / max(σ, √μ, 1) ≥ MIN_Z`` (3): well above the key's own spread, where
  ``√μ`` (Poisson noise) and 1 keep a perfectly flat history from making every wobble huge;
* the Poisson tail ``P(X ≥ count | λ = max(μ, 1 / windows)) < MAX_P`` (0.001).

``surge_scan`` applies it to the deployment's concerns and stores each surge once (see
``SurgeAlert``); it notifies the supervisors whose jurisdiction holds any of the concerns.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from lastmile.insight.hotspots import TextItem, cluster
from lastmile.insight.textnorm import normalize

logger = logging.getLogger(__name__)

MIN_COUNT = 5
MIN_Z = 3.0
MAX_P = 0.001
BY_CHOICES = ("category", "area", "topic")


@dataclass
class Surge:
    key: str
    label: str
    window_count: int
    baseline_mean: float
    baseline_std: float
    ratio: float
    z: float
    members: list[TextItem]
    p_value: float = 1.0


def poisson_tail(count: int, lam: float) -> float:
    """P(X ≥ count) for X ~ Poisson(lam)."""
    if count <= 0:
        return 1.0
    from scipy.stats import poisson

    return float(poisson.sf(count - 1, lam))


def score(count: int, history: Sequence[int]) -> tuple[float, float, float, float, float]:
    """(mean, std, ratio, z, p) of ``count`` against per-window ``history`` counts."""
    windows = max(1, len(history))
    mean = sum(history) / windows
    std = math.sqrt(sum((h - mean) ** 2 for h in history) / windows)
    floor = max(mean, 1 / windows)
    z = (count - mean) / max(std, math.sqrt(mean), 1.0)
    return mean, std, count / floor, z, poisson_tail(count, floor)


def is_surge(count: int, z: float, p: float) -> bool:
    return count >= MIN_COUNT and z >= MIN_Z and p < MAX_P


def _key_category(item: TextItem) -> tuple[str, str] | None:
    if item.category_id is None:
        return None
    return f"category:{item.category_id}", item.category_name or str(item.category_id)


def _key_area(item: TextItem) -> tuple[str, str] | None:
    if item.area_id is None and not item.area_name:
        return None
    ident = item.area_id if item.area_id is not None else normalize(item.area_name)
    return f"area:{ident}", item.area_name or str(item.area_id)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1) if not text[i : i + 2].isspace()}


def topic_key(members: Sequence[TextItem]) -> str:
    """A readable, fairly stable key: the bigrams most members' subjects share."""
    return _subjects_key([normalize(item.title or item.text, max_chars=60) for item in members])


def _subjects_key(subjects: Sequence[str]) -> str:
    counts: Counter[str] = Counter()
    for subject in subjects:
        counts.update(_bigrams(subject))
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:4]
    return "topic:" + "".join(sorted(gram for gram, _ in top))


def _topic_keys(items: Sequence[TextItem]) -> dict[int, tuple[str, str]]:
    """Index → (key, label) for items in topic clusters (the medoid's subject is the label)."""
    out: dict[int, tuple[str, str]] = {}
    for group in cluster(items):
        members = [items[i] for i in group]
        first = members[0]
        label = normalize(first.title or first.text, max_chars=60)
        for index in group:
            out[index] = (topic_key(members), label)
    return out


def _keyer(items: Sequence[TextItem], by: str) -> Callable[[int], tuple[str, str] | None]:
    if by == "category":
        return lambda i: _key_category(items[i])
    if by == "area":
        return lambda i: _key_area(items[i])
    if by == "topic":
        topics = _topic_keys(items)
        return topics.get
    raise ValueError(f"unknown surge grouping {by!r}; use one of {BY_CHOICES}")


def detect_surges(
    items: Sequence[TextItem],
    *,
    now: datetime,
    window_days: int = 7,
    baseline_days: int = 56,
    by: str = "category",
) -> list[Surge]:
    """Keys whose last ``window_days`` are a surge against the ``baseline_days`` before (most
    significant first). Items outside the two periods are ignored; no items, no surges."""
    if by not in BY_CHOICES:
        raise ValueError(f"unknown surge grouping {by!r}; use one of {BY_CHOICES}")
    window = timedelta(days=max(1, window_days))
    windows = max(1, baseline_days // max(1, window_days))
    start = now - window * (windows + 1)
    recent = [item for item in items if start <= item.created_at < now]
    if not recent:
        return []
    keyer = _keyer(recent, by)
    history: dict[str, list[int]] = {}
    in_window: dict[str, list[TextItem]] = {}
    labels: dict[str, str] = {}
    for index, item in enumerate(recent):
        keyed = keyer(index)
        if keyed is None:
            continue
        key, labels[key] = keyed
        slot = int((now - item.created_at) / window)  # 0 = the window, 1.. = baseline windows
        if slot == 0:
            in_window.setdefault(key, []).append(item)
        else:
            history.setdefault(key, [0] * windows)[min(slot, windows) - 1] += 1
    found = []
    for key, members in in_window.items():
        mean, std, ratio, z, p = score(len(members), history.get(key, [0] * windows))
        if is_surge(len(members), z, p):
            found.append(
                Surge(
                    key=key,
                    label=labels[key],
                    window_count=len(members),
                    baseline_mean=round(mean, 3),
                    baseline_std=round(std, 3),
                    ratio=round(ratio, 2),
                    z=round(z, 2),
                    members=sorted(members, key=lambda m: m.created_at),
                    p_value=p,
                )
            )
    found.sort(key=lambda s: (-s.z, s.key))
    return found


# ---- the service over the deployment's concerns ------------------------------------------------

SURGE_TEMPLATE = "surge_alert"
AREA_LEVEL = "community"  # area surges are counted per community (社区/村), grids are too small
TOPIC_OVERLAP = 0.3  # a topic alert sharing this much of its concerns is the same surge


def surge_scan(
    *,
    now: datetime | None = None,
    by: Sequence[str] = BY_CHOICES,
    window_days: int = 7,
    baseline_days: int = 56,
) -> list[Any]:
    """Scan the deployment's concerns; store, audit and announce each new surge once.

    Returns the new ``SurgeAlert`` rows; a continuing surge only moves its ``period_end``.
    Nothing is scanned until the deployment has concerns older than the baseline period (a new
    deployment would otherwise see every category "surge" from zero).

    Same result as ``detect_surges`` over the period's concerns, within a bounded memory: only
    the window and the baseline before it are read; category and area counts per window are
    ``COUNT``s in the database (no concern is loaded unless its key surges); topics stream the
    period's subjects and texts once (no model instances) into the clustering."""
    from django.utils import timezone

    from lastmile.concerns.models import Concern

    for grouping in by:
        if grouping not in BY_CHOICES:
            raise ValueError(f"unknown surge grouping {grouping!r}; use one of {BY_CHOICES}")
    now = now or timezone.now()
    window = timedelta(days=max(1, window_days))
    windows = max(1, baseline_days // max(1, window_days))
    start = now - timedelta(days=window_days) * (windows + 1)
    if not Concern.objects.filter(created_at__lt=start).exists():
        logger.info("surge scan: no concerns before %s yet, nothing to compare with", start)
        return []
    from lastmile.insight.surge_windows import Period, counted, topic_surges

    period = Period(now=now, window=window, windows=windows, start=start)
    qs = Concern.objects.filter(created_at__gte=period.start, created_at__lt=now)
    created = []
    for grouping in by:
        found = topic_surges(qs, period) if grouping == "topic" else counted(qs, period, grouping)
        for surge in found:
            alert = _store(surge, now=now, window_days=window_days)
            if alert is not None:
                created.append(alert)
    return created


def _continuing(surge: Surge, *, window_start: datetime) -> Any:
    """The alert of the same surge seen since this window began, if any."""
    from lastmile.insight.models import SurgeAlert

    recent = SurgeAlert.objects.filter(period_end__gte=window_start)
    if not surge.key.startswith("topic:"):
        return recent.filter(key=surge.key).order_by("-period_end").first()
    codes = {m.id for m in surge.members}
    for alert in recent.filter(key__startswith="topic:").order_by("-period_end"):
        shared = len(codes & set(alert.members))
        if alert.key == surge.key or shared >= TOPIC_OVERLAP * min(len(codes), len(alert.members)):
            return alert
    return None


def _store(surge: Surge, *, now: datetime, window_days: int) -> Any:
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    from lastmile.core import audit
    from lastmile.insight.models import SurgeAlert

    window_start = now - timedelta(days=window_days)
    day = timezone.localtime(window_start).replace(hour=0, minute=0, second=0, microsecond=0)
    with transaction.atomic():
        previous = _continuing(surge, window_start=window_start)
        if previous is not None:
            if previous.period_end < now:
                previous.period_end = now
                previous.save(update_fields=["period_end"])
            return None
        try:
            with transaction.atomic():
                alert = SurgeAlert.objects.create(
                    key=surge.key[:120],
                    label=surge.label[:200],
                    period_start=day,
                    period_end=now,
                    count=surge.window_count,
                    baseline=surge.baseline_mean,
                    z=surge.z,
                    members=[m.id for m in surge.members],
                    created_at=now,
                )
        except IntegrityError:  # a concurrent scan stored the same surge
            return None
        audit.record(
            verb="insight.surge_alerted",
            obj_type="surge_alert",
            obj_id=alert.pk,
            actor_label="system",
            data={
                "key": alert.key,
                "count": alert.count,
                "baseline": alert.baseline,
                "z": alert.z,
                "period_start": alert.period_start,
                "members": alert.members,
            },
            at=now,
        )
        _announce(alert, window_days=window_days)
    return alert


def _announce(alert: Any, *, window_days: int) -> None:
    """In-app notice to each supervisor whose jurisdiction holds any of the alert's concerns."""
    from lastmile.notify.messages import TEMPLATES
    from lastmile.notify.services import notify

    if SURGE_TEMPLATE not in TEMPLATES:
        logger.warning("surge alert %s: notify template %r missing", alert.pk, SURGE_TEMPLATE)
        return
    payload = {
        "label": alert.label,
        "count": alert.count,
        "baseline": f"{alert.baseline:.1f}",
        "days": window_days,
        "codes": "、".join(alert.members[:10]),
    }
    for user in supervisors_for(alert.members):
        notify(channel="inapp", template=SURGE_TEMPLATE, payload=payload, user=user)


def supervisors_for(codes: Sequence[str]) -> list[Any]:
    """Active supervisors (with a login) covering any of the concerns; a concern without an
    area concerns every supervisor."""
    from lastmile.concerns.models import Concern
    from lastmile.orgs.choices import Role
    from lastmile.orgs.models import Membership

    paths = set(Concern.objects.filter(code__in=list(codes)).values_list("area__path", flat=True))
    memberships = Membership.objects.filter(
        role=Role.SUPERVISOR, is_active=True, person__user__is_active=True
    ).select_related("area", "unit__area", "person__user")
    users: dict[int, Any] = {}
    for m in memberships:
        user = m.person.user
        if user is None:
            continue
        reach = (m.area or m.unit.area).path
        if any(p is None or p.startswith(reach) for p in paths):
            users[user.pk] = user
    return [users[pk] for pk in sorted(users)]
