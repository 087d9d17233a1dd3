"""Shared text normalisation for the insight modules: any input in, clean simplified text out.

``normalize`` strips HTML (tags, entities, script/style bodies), folds full-width forms to
half-width (NFKC), maps a small set of common traditional characters to simplified ones and
collapses whitespace. It never raises: ``None``, numbers and bytes become text first.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]{0,2000}>")
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\ufeff]")

# The traditional characters that turn up most in mainland complaint text (not a full converter).
_T2S_PAIRS = (
    "區区 縣县 鄉乡 鎮镇 裡里 號号 樓楼 層层 單单 門门 車车 電电 燈灯 總总 態态 務务 業业 "
    "處处 辦办 題题 問问 關关 於于 與与 為为 這这 個个 們们 來来 時时 說说 話话 讓让 還还 "
    "點点 應应 發发 現现 將将 會会 後后 經经 過过 進进 開开 東东 銷销 費费 貸贷 資资 "
    "錢钱 買买 賣卖 價价 質质 學学 師师 醫医 療疗 衛卫 環环 境境 噪噪 聲声 響响 "
    "氣气 污污 髒脏 亂乱 違违 規规 設设 計计 劃划 項项 歲岁 員员 視视 聽听 "
    "請请 謝谢 爲为 麼么 盡尽 長长 張张 陽阳 陰阴 際际 飛飞 馬马 鐵铁 橋桥 "
    "線线 網网 納纳 稅税 證证 養养 險险 補补 貼贴 護护 齡龄 勞劳 動动 蓋盖 準准 "
    "飲饮 餐餐 廣广 場场 園园 區区 礙碍 隱隐 災灾 滅灭 搶抢 擾扰 鄰邻 居居 "
    "報报 導导 嚴严 懲惩 騙骗 幫帮 續续 顯显 無无 條条 實实 際际 難难 壞坏 舊旧"
)
_T2S = {pair[0]: pair[1] for pair in _T2S_PAIRS.split() if pair[0] != pair[1]}
_T2S_TABLE = str.maketrans(_T2S)


def as_text(value: Any) -> str:
    """Any value as a ``str``: ``None`` → "", bytes decoded leniently, others through ``str``."""
    if value is None:
        return ""
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", errors="replace")
    return value if isinstance(value, str) else str(value)


def strip_html(value: Any) -> str:
    """Text without tags, script/style bodies or entities (line breaks kept as spaces)."""
    text = as_text(value)
    if "<" in text:
        text = _SCRIPT.sub(" ", text)
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return text


def to_simplified(value: Any) -> str:
    return as_text(value).translate(_T2S_TABLE)


def normalize(value: Any, *, max_chars: int | None = None) -> str:
    """HTML stripped, NFKC-folded, simplified, control characters dropped, whitespace collapsed."""
    text = strip_html(value)
    if max_chars is not None:
        text = text[: max_chars * 4]  # bound the work before the expensive steps
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub("", text).translate(_T2S_TABLE)
    text = _SPACE.sub(" ", text).strip()
    return text[:max_chars] if max_chars is not None else text
