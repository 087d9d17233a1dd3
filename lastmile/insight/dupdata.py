"""Small, fixed vocabularies for duplicate scoring (derived once from the real messages; see
``bench/duplicates.py: stop_grams`` to regenerate ``STOP_GRAMS``)."""

from __future__ import annotations

# Polite openings and filler that residents write whatever their problem is; removed before
# shingling so that two unrelated letters do not look alike because both say 尊敬的领导您好.
BOILERPLATE: tuple[str, ...] = (
    "尊敬的领导",
    "尊敬的",
    "领导您好",
    "您好",
    "你好",
    "请问",
    "谢谢",
    "麻烦",
    "希望",
    "相关部门",
    "有关部门",
    "政府",
    "反映",
    "投诉",
    "举报",
    "关于",
    "问题",
    "咨询",
    "建议",
    "本人",
    "我们",
    "请求",
    "解决",
)

# Character bigrams found in a large share of all messages (document frequency); they carry
# no evidence that two messages describe the same problem.
STOP_GRAMS: frozenset[str] = frozenset()
