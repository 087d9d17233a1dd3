"""The demo dispatch table (派单目录): level-1 categories × district → departments, plus more
specific rules (utilities to the enterprises, estate and community matters to the community)."""

from __future__ import annotations

from lastmile.concerns.demo.org import DemoOrg
from lastmile.concerns.models import Category
from lastmile.concerns.services.dispatch_table import dispatch_rule_set

LEVEL1_TO_UNIT = {
    "城乡建设": "housing",
    "党务政务": "district_gov",
    "国土资源": "housing",
    "环境保护": "ecology",
    "交通运输": "transport",
    "经济管理": "market",
    "科技与信息产业": "market",
    "民政": "street_gov",
    "农村农业": "street_gov",
    "商贸旅游": "market",
    "卫生计生": "health",
    "政法": "street_gov",
    "教育文体": "education",
    "劳动和社会保障": "hrss",
}
# (level-1, level-2, level-3 or "") → (unit, assisting units), at district level.
DISTRICT_SPECIFIC = {
    ("城乡建设", "城市建设和市政管理", ""): ("urban", []),
    ("城乡建设", "城市建设和市政管理", "自来水供应"): ("waterco", ["water"]),
    ("城乡建设", "城市建设和市政管理", "电力供应"): ("powerco", []),
    ("农村农业", "水利水电", ""): ("water", []),
    ("经济管理", "能源管理", "能源开发供应"): ("powerco", []),
}
# At each community: these go to the community's own party organisation.
COMMUNITY_SPECIFIC = [
    ("城乡建设", "住房保障与房地产", "物业服务"),
    ("城乡建设", "城市建设和市政管理", "小区管理"),
    ("城乡建设", "城市建设和市政管理", "居民服务设施"),
    ("民政", "基层选举和社区建设", ""),
]


def find_category(names: tuple[str, ...]) -> Category | None:
    node: Category | None = None
    for level, name in enumerate((n for n in names if n), start=1):
        node = Category.objects.filter(level=level, name=name, parent=node).first()
        if node is None:
            return None
    return node


def build_rules(org: DemoOrg) -> int:
    count = 0
    u = org.units
    for name, unit in LEVEL1_TO_UNIT.items():
        category = find_category((name,))
        if category:
            dispatch_rule_set(category=category, area=org.district, unit=u[unit])
            count += 1
    for names, (unit, assists) in DISTRICT_SPECIFIC.items():
        category = find_category(names)
        if category:
            dispatch_rule_set(
                category=category,
                area=org.district,
                unit=u[unit],
                assist_units=[u[a] for a in assists],
            )
            count += 1
    for key, community in org.communities.items():
        grassroots = u[f"{key}_org"]
        for names in COMMUNITY_SPECIFIC:
            category = find_category(names)
            if category:
                dispatch_rule_set(category=category, area=community, unit=grassroots)
                count += 1
        if community.is_village and (farming := find_category(("农村农业",))):
            dispatch_rule_set(category=farming, area=community, unit=grassroots)
            count += 1
        # Anything no rule covers: the community organisation takes it first.
        dispatch_rule_set(category=None, area=community, unit=grassroots)
        count += 1
    return count
