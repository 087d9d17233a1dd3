"""Surges: replay the real TipDM message timeline (all three files, de-duplicated by 留言编号)
day by day, run ``detect_surges`` at each day's end and apply the once-per-surge rule of
``surge_scan`` (a surge seen again within a window is the same surge).

Usage: .venv/bin/python bench/surges.py
Writes bench/results/surges.json: alerts per grouping (area = the disguised district named in
the text; topic = hotspot clusters), each with its window, counts and member subjects.
"""

from __future__ import annotations

import sys
import time
from datetime import timedelta

import _tipdm


def timeline() -> list:
    from dataclasses import replace

    seen: dict[str, dict[str, str]] = {}
    for name in ("messages_votes.csv", "messages_replies.csv", "messages_labeled.csv"):
        for row in _tipdm.rows(name):
            if row["留言编号"] in seen:
                continue
            seen[row["留言编号"]] = row
    from lastmile.insight.hotspots import TextItem

    out = []
    for ident, row in seen.items():
        area = _tipdm.area_of(row["留言主题"], row["留言详情"])
        out.append(
            TextItem(
                id=ident,
                text=row["留言详情"],
                title=row["留言主题"],
                created_at=_tipdm.parse_time(row["留言时间"]),
                area_id=None,
                area_name=area,
            )
        )
    return sorted((replace(i) for i in out), key=lambda i: i.created_at)


def replay(items: list, by: str, step_days: int) -> list[dict[str, object]]:
    from lastmile.insight.surges import detect_surges

    alerts: list[dict[str, object]] = []
    last_seen: dict[str, dict[str, str]] = {}
    day = items[0].created_at.replace(hour=0, minute=0, second=0) + timedelta(days=63)
    end = items[-1].created_at + timedelta(days=1)
    while day <= end:
        for surge in detect_surges(items, now=day, by=by):
            prev = last_seen.get(surge.key)
            if prev is None or prev < day - timedelta(days=7):  # type: ignore[operator]
                alerts.append(
                    {
                        "at": day.date(),
                        "key": surge.key,
                        "label": surge.label,
                        "count": surge.window_count,
                        "baseline_mean": surge.baseline_mean,
                        "z": surge.z,
                        "members": [m.title for m in surge.members][:15],
                    }
                )
            last_seen[surge.key] = day
        day += timedelta(days=step_days)
    return alerts


def main() -> int:
    items = timeline()
    active = [i for i in items if i.created_at.year >= 2018]
    data: dict[str, object] = {
        "command": "python bench/surges.py",
        "messages": len(items),
        "replayed_from": active[0].created_at.date(),
        "replayed_to": active[-1].created_at.date(),
    }
    for by, step in (("area", 1), ("topic", 7)):
        started = time.perf_counter()
        alerts = replay(active, by, step)
        seconds = time.perf_counter() - started
        print(f"{by}: {len(alerts)} alerts, scans every {step} d, {seconds:.1f} s")
        for a in alerts[:12]:
            print("  ", a["at"], a["label"], a["count"], "vs", a["baseline_mean"], "z", a["z"])
        data[by] = {"scan_every_days": step, "seconds": round(seconds, 1), "alerts": alerts}
    print("wrote", _tipdm.write_result("surges", data))
    return 0


if __name__ == "__main__":
    _tipdm.setup_django()
    sys.exit(main())
