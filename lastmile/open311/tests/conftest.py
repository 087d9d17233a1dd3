from __future__ import annotations

from dataclasses import dataclass

import pytest

from lastmile.api.tokens import token_create
from lastmile.concerns.models import Category
from lastmile.open311.models import ServiceAttribute, ServiceFlags


@dataclass
class Tree:
    roads: Category
    lamp: Category  # realtime, all six datatypes
    pothole: Category  # realtime, no questions
    bulky: Category  # batch
    retired: Category  # inactive


@pytest.fixture(autouse=True)
def open311_urls(settings):
    settings.ROOT_URLCONF = "lastmile.open311.tests.urls"


def _cat(
    code: str, name: str, level: int, parent: Category | None, active: bool = True
) -> Category:
    return Category.objects.create(
        code=code, name=name, level=level, parent=parent, is_active=active
    )


@pytest.fixture
def tree(world) -> Tree:
    roads = _cat("01", "市政设施", 1, None)
    lights = _cat("01.01", "照明", 2, roads)
    lamp = _cat("01.01.01", "路灯不亮", 3, lights)
    pothole = _cat("01.01.02", "路面坑洼", 3, lights)
    env = _cat("02", "环境卫生", 1, None)
    waste = _cat("02.01", "垃圾", 2, env)
    bulky = _cat("02.01.01", "大件垃圾清运", 3, waste)
    retired = _cat("02.01.02", "旧分类", 3, waste, active=False)
    questions = [
        ("pole", "string", True, "灯杆编号", []),
        ("count", "number", False, "几盏灯不亮", []),
        ("since", "datetime", False, "从什么时候开始", []),
        ("details", "text", False, "补充说明", []),
        (
            "kind",
            "singlevaluelist",
            True,
            "灯的类型",
            [{"key": "1", "name": "路灯"}, {"key": "2", "name": "景观灯"}],
        ),
        (
            "when",
            "multivaluelist",
            False,
            "什么时段",
            [{"key": "am", "name": "上午"}, {"key": "pm", "name": "晚上"}],
        ),
    ]
    for order, (code, datatype, required, text, values) in enumerate(questions, start=1):
        ServiceAttribute.objects.create(
            category=lamp,
            code=code,
            datatype=datatype,
            required=required,
            order=order,
            description=text,
            values=values,
        )
    ServiceAttribute.objects.create(
        category=lamp,
        code="note",
        datatype="string",
        variable=False,
        order=9,
        description="夜间施工请注意安全",
    )
    ServiceFlags.objects.create(category=bulky, is_batch=True, notice="预约后三个工作日内上门清运")
    return Tree(roads=roads, lamp=lamp, pothole=pothole, bulky=bulky, retired=retired)


@pytest.fixture
def api_key(db) -> str:
    return token_create(name="测试客户端", scope="open311").raw
