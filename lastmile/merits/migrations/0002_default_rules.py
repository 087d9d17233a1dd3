"""A starting rule table (categories × items) that communities adjust in the admin."""

from django.db import migrations

RULES = [
    # category, [(item, unit, points, what counts)]
    (
        "志愿服务",
        [
            ("参加志愿服务活动", "hour", 5, "按实际服务时长计，每天最多24小时"),
            ("应急值守、防汛巡查", "hour", 8, "参加应急、防汛、疫情防控等值守"),
        ],
    ),
    (
        "邻里互助",
        [
            ("帮扶孤寡老人、困难群众", "deed", 10, "上门照料、代购代办、陪同就医等"),
            ("调解邻里纠纷", "deed", 10, "协助化解矛盾纠纷"),
        ],
    ),
    (
        "见义勇为",
        [
            ("见义勇为、救人救险", "deed", 100, "经核实的见义勇为行为"),
            ("拾金不昧", "deed", 20, "拾到财物主动归还或上交"),
        ],
    ),
    (
        "移风易俗",
        [
            ("婚事新办、丧事简办", "deed", 30, "不大操大办，带头抵制高价彩礼"),
            ("孝老爱亲", "deed", 20, "经群众推荐、村（居）委会核实"),
        ],
    ),
    (
        "环境卫生",
        [
            ("人居环境整治", "deed", 5, "门前三包、清理卫生死角"),
            ("垃圾分类示范", "deed", 10, "连续一个月分类投放到位"),
        ],
    ),
    (
        "公益参与",
        [
            ("无偿献血", "deed", 30, "凭献血证"),
            ("参加议事协商", "deed", 5, "参加居民议事会、村民代表会议等"),
        ],
    ),
]


def add_rules(apps, schema_editor):  # type: ignore[no-untyped-def]
    Category = apps.get_model("merits", "RuleCategory")
    Item = apps.get_model("merits", "RuleItem")
    for order, (name, items) in enumerate(RULES):
        category, _ = Category.objects.get_or_create(name=name, defaults={"order": order})
        for index, (item, unit, points, description) in enumerate(items):
            Item.objects.get_or_create(
                category=category,
                name=item,
                defaults={
                    "unit": unit,
                    "points": points,
                    "description": description,
                    "order": index,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("merits", "0001_initial")]

    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
