"""Real residents' messages (2020 TipDM data, read from the shared data folder, never copied)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

FILES = ("messages_labeled.csv", "messages_votes.csv")
TEXT_MAX = 1500
TITLE_MAX = 60


@dataclass(frozen=True)
class Message:
    title: str
    text: str
    label: str  # 一级分类 where the data gives one, else ""


# Used only when the shared data folder is absent (e.g. a clone without ../shared/data).
FALLBACK = [
    Message(
        "小区楼道灯坏了", "我们小区3栋2单元楼道灯坏了一个多月，晚上老人上下楼很不安全。", "城乡建设"
    ),
    Message(
        "路边垃圾无人清运", "菜市场旁边的垃圾堆了好几天没人清运，气味很大，请尽快处理。", "环境保护"
    ),
    Message(
        "工资被拖欠", "我在附近工地干活，老板拖欠三个月工资不给，希望帮忙讨薪。", "劳动和社会保障"
    ),
    Message("孩子入学咨询", "外地户口的孩子今年秋季想在本区上小学，需要准备哪些材料？", "教育文体"),
    Message("公交站台损坏", "东风路公交站台的顶棚被风吹坏了，下雨天等车没地方躲雨。", "交通运输"),
    Message(
        "夜间施工噪音扰民", "附近工地每天晚上十一点以后还在施工，噪音很大，影响休息。", "环境保护"
    ),
    Message("社区诊所收费问题", "社区卫生服务站打针收费比公示价格高，请核查。", "卫生计生"),
    Message("商店卖过期食品", "小区门口超市卖过期牛奶，和店家交涉没有结果。", "商贸旅游"),
]


def _clean(value: str, limit: int) -> str:
    return re.sub(r"\s+", " ", value or "").strip()[:limit]


def load_messages(data_dir: Path) -> list[Message]:
    messages: list[Message] = []
    seen: set[str] = set()
    for name in FILES:
        path = data_dir / "tipdm2020" / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                text = _clean(row.get("留言详情", ""), TEXT_MAX)
                title = _clean(row.get("留言主题", ""), TITLE_MAX)
                if len(text) < 10 or text in seen:
                    continue
                seen.add(text)
                messages.append(Message(title, text, (row.get("一级分类") or "").strip()))
    return messages or list(FALLBACK)
