"""Small synthetic concern texts for the classifier tests (three clear topics)."""

from __future__ import annotations

import random

TOPICS = {
    "交通运输": ["公交车", "地铁站", "红绿灯", "道路拥堵", "出租车", "停车场"],
    "教育文体": ["学校", "老师", "学生", "幼儿园", "课外辅导", "体育馆"],
    "环境保护": ["噪音", "污水", "垃圾焚烧", "空气污染", "排放", "油烟"],
}
FILLER = ["小区", "附近", "最近", "居民", "反映", "希望", "尽快", "处理", "问题", "严重"]


def synthetic(per_label: int = 12, seed: int = 1) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    texts, labels = [], []
    for label, words in TOPICS.items():
        for _ in range(per_label):
            parts = rng.sample(words, 3) + rng.sample(FILLER, 4)
            rng.shuffle(parts)
            texts.append("".join(parts) + "。")
            labels.append(label)
    return texts, labels


TAXONOMY = [
    ("交通运输", "公共交通", "公交线路"),
    ("教育文体", "教育", "学前教育"),
    ("环境保护", "污染防治", "噪音污染"),
]
