"""Cleaning of concern texts before classification: HTML, traditional characters, length, junk.

``clean()`` never raises: it returns the cleaned text, or an empty string plus a reason when the
text cannot be classified (empty, only emoji or punctuation, no Chinese or Latin letters at all).
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

MAX_CHARS = 5000

_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK = re.compile(r"</?(?:p|div|br|li|tr|td|th|h[1-6]|ul|ol|table|section)\b[^>]{0,2000}>", re.I)
_TAG = re.compile(r"<[^>]{0,2000}>")
_SPACE = re.compile(r"\s+")
_WORDISH = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbfA-Za-z]")

# The traditional characters most frequent in grassroots complaints (a small table, no download).
_TRAD = (
    "們们個个來来為为這这說说對对時时會会後后過过還还從从麼么樣样與与裡里動动關关問问題题電电"
    "話话區区縣县鄉乡鎮镇街街號号樓楼門门車车路路橋桥燈灯噪噪聲声環环境境衛卫醫医院院學学校校"
    "師师資资費费買买賣卖價价錢钱稅税補补貼贴險险保保勞劳農农業业廠厂環环汙污污污垃垃圾圾處处"
    "理理辦办給给報报線线網网開开發发長长銀银務务員员單单歲岁養养殘残婦妇幫帮遞递產产權权園园"
    "歷历綠绿氣气體体場场應应紅红東东盤盘滅灭層层雜杂響响辦办隊队標标準准縮缩檢检驗验視视聽听"
    "讓让證证較较點点鐘钟頭头龍龙鳥鸟魚鱼齊齐擊击據据舊旧歸归亂乱幾几際际離离難难雙双雲云夠够"
    "興兴寫写實实寶宝壞坏聯联豐丰攤摊擾扰擁拥擋挡擔担漲涨滯滞無无煙烟熱热燒烧營营爛烂牆墙狀状"
    "獎奖現现環环產产畫画當当療疗盡尽監监礙碍種种積积窮穷競竞筆笔紀纪約约級级純纯紙纸紛纷細细"
    "終终組组結结絕绝統统經经綜综緊紧總总繼继續续罰罚義义聞闻職职腦脑華华葉叶藥药蘭兰處处號号"
    "補补規规親亲觀观訂订計计認认討讨訓训記记許许設设訪访診诊詢询試试該该詳详誤误請请調调談谈"
    "論论諮咨謝谢護护讀读變变貧贫貨货貪贪貸贷賠赔賴赖質质購购賽赛趕赶軍军軌轨轉转輕轻較较輛辆"
    "輸输轄辖辦办農农連连進进運运違违遠远適适選选遺遗邊边鄰邻鐵铁銷销鍋锅錯错鍵键長长閉闭間间"
    "閱阅隊队陽阳階阶隨随隱隐雞鸡雖虽難难電电靜静韓韩項项順顺須须預预領领頻频額额願愿類类顧顾"
    "風风飛飞飯饭飲饮館馆馬马駕驾驗验髮发鬧闹魯鲁鹽盐麗丽黨党齡龄"
)
_TRAD_MAP = str.maketrans(_TRAD[0::2], _TRAD[1::2])


@dataclass(frozen=True)
class Cleaned:
    text: str
    declined: str = ""  # a reason (Chinese / English) when the text cannot be classified


def strip_html(text: str) -> str:
    if "<" not in text and "&" not in text:
        return text
    return html.unescape(_TAG.sub("", _BLOCK.sub(" ", _SCRIPT.sub(" ", text))))


def clean(text: object, *, max_chars: int = MAX_CHARS) -> Cleaned:
    """The text ready for the model, or a reason to decline it. Never raises."""
    if text is None:
        return Cleaned("", "文本为空 / The text is empty")
    raw = str(text)[: max_chars * 4]  # bound the work on huge inputs before the regexes run
    value = unicodedata.normalize("NFKC", strip_html(raw)).translate(_TRAD_MAP)
    value = _SPACE.sub(" ", value).strip()[:max_chars]
    if not value:
        return Cleaned("", "文本为空 / The text is empty")
    if not _WORDISH.search(value):
        return Cleaned(
            "", "文本没有可识别的文字(只有表情或符号)/ The text has no words, only emoji or symbols"
        )
    return Cleaned(value)
