"""Reply quality: flag official replies that look perfunctory (敷衍).

``assess(reply, question)`` looks at four things and names each problem in Chinese:

* **过短** — fewer than ``SHORT_CHARS`` characters of substance;
* **模板化** — once the stock phrases (已收悉, 高度重视, 将认真研究, 感谢您对我们工作的支持 …)
  and the salutation/date are removed, little is left;
* **未回应诉求要点** — almost none of the question's key terms (jieba words, stop words and
  place codes removed) appear in the reply;
* **无具体措施或时限** — no date, time limit, figure with a unit, or concrete action
  (经调查, 已安排, 责成, 整改, 将于 … 前 …);
* **以材料不全为由未答复** — the reply only says the question cannot be handled (no contact
  details, not in our remit) and points elsewhere.

The score is a weighted sum of the problems (0 good … 1 clearly perfunctory); a reply is
perfunctory at ``THRESHOLD``. Measured against the 2,816 labelled replies of the TipDM data in
``bench/replyquality.py`` (precision/recall in ``bench/results/replyquality.json``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lastmile.insight.textnorm import normalize

SHORT_CHARS = 40
SUBSTANCE_CHARS = 80
MIN_OVERLAP = 0.1
THRESHOLD = 0.7
MAX_CHARS = 4000

WEIGHTS = {
    "过短": 0.4,
    "模板化": 0.2,
    "未回应诉求要点": 0.3,
    "无具体措施或时限": 0.3,
    "以材料不全为由未答复": 0.3,
}

_BOILERPLATE = re.compile(
    "|".join(
        [
            r"网友[“\"「]?[^，,：:！!”\"」]{0,30}[”\"」]?[：:，,]?",
            r"(市民|尊敬的)?(同志|网友|朋友|市民)?[，,]?您好[！!，,。]?",
            r"你好[！!，,。]?",
            r"(您的|你的)?(留言|来信|信件|问题)(已)?收悉[，,。！!]?",
            r"已收悉[，,。！!]?",
            r"现(将有关情况|将|就有关问题|对)?(回复|答复)如下[：:。]?",
            r"感谢您?对我们工作的[^。！!]{0,20}[。！!]?",
            r"(对此|我们)?(高度重视|非常重视)[，,。]?",
            r"(将|会)(认真)?(研究|考虑|核实|调查)[^。！!]{0,10}[。！!]?",
            r"(欢迎|如有疑问|如您仍有疑问)[^。！!]{0,40}[。！!]?",
            r"\d{4}年\d{1,2}月\d{1,2}日\s*$",
            r"谢谢[！!。]?",
        ]
    )
)
_DATE = re.compile(r"\d{4}年|\d{1,2}月(\d{1,2}[日号])?|\d{1,2}[日号]前|\d+个?(工作日|天|周|小时)")
_FIGURE = re.compile(r"\d+(\.\d+)?\s*(元|万|米|公里|平方|户|人|辆|处|项|吨|%|个|次|台|栋|套)")
_ACTION = re.compile(
    "经(调查|核实|查|了解|研究|协调)|已(安排|责成|督促|完成|派|联系|约谈|立案|下达|处理|整改|拆除"
    "|清理|修复|维修|协调|组织|开展|纳入)|责令|整改|依据|根据.{0,20}(规定|条例|办法|文件|法)"
    "|将于|预计|计划于|目前|正在|工作人员(到|前往)"
)
_REFUSAL = re.compile(
    "未(提供|填写)[^。]{0,20}(联系方式|电话|身份证|信息)|无法(得知|查询|核实|联系)"
    "|不属于[^。]{0,12}(职责|受理|范围)|请(您)?(拨打|咨询|前往|向)"
)
_PLACE = re.compile(r"^[A-Z]\d*[市区县]?$")
_STOP = frozenset(
    [
        "我们",
        "你们",
        "他们",
        "这个",
        "那个",
        "什么",
        "怎么",
        "为什么",
        "请问",
        "问题",
        "情况",
        "反映",
        "希望",
        "能否",
        "是否",
        "可以",
        "已经",
        "没有",
        "一个",
        "现在",
        "目前",
        "相关",
        "有关",
        "进行",
        "因为",
        "所以",
        "但是",
        "而且",
        "如果",
        "还是",
        "就是",
        "这样",
        "时候",
        "部门",
        "领导",
        "政府",
        "谢谢",
        "您好",
        "你好",
        "市民",
        "网友",
        "留言",
        "关于",
        "解决",
        "要求",
        "一下",
        "非常",
        "这些",
        "那些",
        "自己",
    ]
)


@dataclass
class ReplyAssessment:
    perfunctory: bool
    score: float
    reasons: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _jieba() -> object:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def key_terms(text: str, *, limit: int = 12) -> list[str]:
    """The question's content words (two characters or more, no stop words or place codes),
    most frequent first."""
    jieba = _jieba()
    counts: dict[str, int] = {}
    for word in jieba.lcut(text[:MAX_CHARS]):  # type: ignore[attr-defined]
        word = word.strip()
        if len(word) < 2 or word in _STOP or _PLACE.match(word) or word.isdecimal():
            continue
        if not any("\u4e00" <= ch <= "\u9fff" for ch in word):
            continue
        counts[word] = counts.get(word, 0) + 1
    return sorted(counts, key=lambda w: (-counts[w], w))[:limit]


def overlap(reply: str, question: str) -> float | None:
    """Share of the question's key terms found in the reply (None without a question)."""
    terms = key_terms(question)
    if not terms:
        return None
    return sum(1 for term in terms if term in reply) / len(terms)


def substance(reply: str) -> str:
    """The reply without salutations, stock phrases and the closing date."""
    return re.sub(r"\s+", "", _BOILERPLATE.sub("", reply))


def features(reply: str, question: str) -> dict[str, float]:
    """Numeric features (for the bench's optional model)."""
    body = substance(reply)
    shared = overlap(reply, question)
    return {
        "chars": float(len(reply)),
        "substance": float(len(body)),
        "overlap": -1.0 if shared is None else shared,
        "dates": float(len(_DATE.findall(reply))),
        "figures": float(len(_FIGURE.findall(reply))),
        "actions": float(len(_ACTION.findall(reply))),
        "refusal": float(bool(_REFUSAL.search(reply))),
    }


def assess(reply: str, question: str) -> ReplyAssessment:
    """Is this reply to this question perfunctory? Never raises on odd input."""
    reply = normalize(reply, max_chars=MAX_CHARS)
    question = normalize(question, max_chars=MAX_CHARS)
    body = substance(reply)
    reasons = []
    if len(body) < SHORT_CHARS:
        reasons.append("过短")
    if len(body) < SUBSTANCE_CHARS and len(reply) - len(body) >= len(body):
        reasons.append("模板化")
    shared = overlap(reply, question)
    if shared is not None and shared < MIN_OVERLAP:
        reasons.append("未回应诉求要点")
    concrete = _DATE.search(body) or _FIGURE.search(body) or _ACTION.search(body)
    if not concrete:
        reasons.append("无具体措施或时限")
    if _REFUSAL.search(body) and len(body) < 3 * SUBSTANCE_CHARS and not _ACTION.search(body):
        reasons.append("以材料不全为由未答复")
    score = min(1.0, sum(WEIGHTS[r] for r in reasons))
    return ReplyAssessment(perfunctory=score >= THRESHOLD, score=round(score, 3), reasons=reasons)
