"""Shared loader for the TipDM 2020 message files (bench helpers; not a benchmark itself)."""

from __future__ import annotations

import csv
import os
import re
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("TIPDM_DIR", ROOT.parent / "shared" / "data" / "tipdm2020"))
TZ = ZoneInfo("Asia/Shanghai")
_AREA = re.compile(r"[A-Z]\d{1,2}[区县]|[A-Z]市")

sys.path.insert(0, str(ROOT))


def parse_time(value: str) -> datetime:
    value = value.strip().replace("/", "-")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=TZ)
        except ValueError:
            continue
    raise ValueError(f"unparsed time {value!r}")


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def area_of(title: str, text: str) -> str:
    """The disguised district named in the message ("A3区"), else the city, else ""."""
    found = _AREA.findall(title) + _AREA.findall(text[:200])
    districts = [a for a in found if a[-1] in "区县"]
    return districts[0] if districts else (found[0] if found else "")


def vote_items() -> list:
    from lastmile.insight.hotspots import TextItem

    out = []
    for row in rows("messages_votes.csv"):
        area = area_of(row["留言主题"], row["留言详情"])
        out.append(
            TextItem(
                id=row["留言编号"],
                text=row["留言详情"],
                title=row["留言主题"],
                created_at=parse_time(row["留言时间"]),
                area_id=None,
                area_name=area,
                me_too=0,
                votes=int(row["点赞数"] or 0),
            )
        )
    return out


def machine() -> dict[str, object]:
    import platform
    import subprocess

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "date": datetime.now(TZ).isoformat(timespec="seconds"),
        "commit": commit,
    }


def write_result(name: str, data: dict[str, object]) -> Path:
    import json

    out = ROOT / "bench" / "results" / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = {"machine": machine(), **data}
    out.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")
    return out


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.local")
    import django

    django.setup()
