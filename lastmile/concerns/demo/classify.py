"""Place a demo message in the category tree: the data's 一级分类 where it has one, refined (or
guessed) by a few keywords. Good enough to make the dispatch table do visible work."""

from __future__ import annotations

from lastmile.concerns.demo.texts import Message
from lastmile.concerns.models import Category

CITY = ("城乡建设", "城市建设和市政管理")
ALIASES: list[tuple[str, tuple[str, ...]]] = [
    ("物业", ("城乡建设", "住房保障与房地产", "物业服务")),
    ("停水", (*CITY, "自来水供应")),
    ("自来水", (*CITY, "自来水供应")),
    ("停电", (*CITY, "电力供应")),
    ("供电", (*CITY, "电力供应")),
    ("燃气", (*CITY, "燃气供应")),
    ("公交", (*CITY, "公共汽车")),
    ("垃圾", (*CITY, "环境卫生")),
    ("绿化", (*CITY, "园林绿化")),
    ("路灯", (*CITY, "城市公共设施")),
    ("小区", (*CITY, "小区管理")),
    ("噪音", ("环境保护", "环境污染", "噪音污染")),
    ("噪声", ("环境保护", "环境污染", "噪音污染")),
    ("油烟", ("环境保护", "环境污染", "大气污染")),
    ("污水", ("环境保护", "环境污染", "水污染")),
    ("出租车", ("交通运输", "交通运输", "出租车管理")),
    ("工资", ("劳动和社会保障", "工资福利")),
    ("社保", ("劳动和社会保障", "城镇职工社会保险")),
    ("退休", ("劳动和社会保障", "退休政策及待遇")),
    ("招生", ("教育文体", "考试招生")),
    ("教师", ("教育文体", "教师队伍和待遇")),
    ("医院", ("卫生计生", "医政监管")),
    ("食品", ("卫生计生", "食品药品监管")),
    ("拆迁", ("城乡建设", "国有土地上房屋征收与补偿")),
]
LEVEL1_WORDS: list[tuple[str, str]] = [
    ("学校", "教育文体"),
    ("学生", "教育文体"),
    ("医", "卫生计生"),
    ("公路", "交通运输"),
    ("车", "交通运输"),
    ("污染", "环境保护"),
    ("劳动", "劳动和社会保障"),
    ("商家", "商贸旅游"),
    ("景区", "商贸旅游"),
    ("村", "农村农业"),
]


class Classifier:
    def __init__(self) -> None:
        self.by_names: dict[tuple[str, ...], Category] = {}
        cats = {c.pk: c for c in Category.objects.filter(is_active=True)}
        for cat in cats.values():
            names: list[str] = []
            node: Category | None = cat
            while node is not None:
                names.insert(0, node.name)
                node = cats.get(node.parent_id) if node.parent_id else None
            self.by_names[tuple(names)] = cat

    def classify(self, message: Message) -> Category | None:
        body = message.title + message.text
        for word, names in ALIASES:
            if word in body and (not message.label or names[0] == message.label):
                found = self.by_names.get(names)
                if found:
                    return found
        label = message.label
        if not label:
            label = next((l1 for word, l1 in LEVEL1_WORDS if word in body), "城乡建设")
        return self.by_names.get((label,))
