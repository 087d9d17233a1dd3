"""The starting rule table (categories × items), the same as migration 0002 puts in a new
database; communities adjust it in the admin. The demo makes sure it is there."""

from __future__ import annotations

from lastmile.merits.choices import RuleUnit
from lastmile.merits.models import RuleCategory, RuleItem

H, D = RuleUnit.PER_HOUR, RuleUnit.PER_DEED

RULES: list[tuple[str, list[tuple[str, str, int, str]]]] = [
    (
        "志愿服务",
        [
            ("参加志愿服务活动", H, 5, "按实际服务时长计，每天最多24小时"),
            ("应急值守、防汛巡查", H, 8, "参加应急、防汛、疫情防控等值守"),
        ],
    ),
    (
        "邻里互助",
        [
            ("帮扶孤寡老人、困难群众", D, 10, "上门照料、代购代办、陪同就医等"),
            ("调解邻里纠纷", D, 10, "协助化解矛盾纠纷"),
        ],
    ),
    (
        "见义勇为",
        [
            ("见义勇为、救人救险", D, 100, "经核实的见义勇为行为"),
            ("拾金不昧", D, 20, "拾到财物主动归还或上交"),
        ],
    ),
    (
        "移风易俗",
        [
            ("婚事新办、丧事简办", D, 30, "不大操大办，带头抵制高价彩礼"),
            ("孝老爱亲", D, 20, "经群众推荐、村（居）委会核实"),
        ],
    ),
    (
        "环境卫生",
        [
            ("人居环境整治", D, 5, "门前三包、清理卫生死角"),
            ("垃圾分类示范", D, 10, "连续一个月分类投放到位"),
        ],
    ),
    (
        "公益参与",
        [
            ("无偿献血", D, 30, "凭献血证"),
            ("参加议事协商", D, 5, "参加居民议事会、村民代表会议等"),
        ],
    ),
]


def ensure_default_rules() -> dict[str, RuleItem]:
    """The default rules by item name (created where missing; existing rows are left as the
    admin set them)."""
    items: dict[str, RuleItem] = {}
    for order, (name, rows) in enumerate(RULES):
        category, _ = RuleCategory.objects.get_or_create(name=name, defaults={"order": order})
        for index, (item, unit, points, description) in enumerate(rows):
            items[item], _ = RuleItem.objects.get_or_create(
                category=category,
                name=item,
                defaults={
                    "unit": unit,
                    "points": points,
                    "description": description,
                    "order": index,
                },
            )
    return items
