from __future__ import annotations

import pytest

from lastmile.insight.replyquality import assess, substance

QUESTION = (
    "A市丽发新城小区附近的搅拌站每天夜里施工，噪音和粉尘严重影响居民休息，"
    "请环保部门查处搅拌站夜间施工扰民问题。"
)
GOOD = (
    "网友您好！您反映的丽发新城小区附近搅拌站夜间施工噪音扰民问题已收悉。经调查核实，该搅拌站"
    "未办理夜间施工许可，区环保局已于2019年11月5日责令其停止夜间作业，并处罚款2万元；同时"
    "要求其在11月20日前完成粉尘防护整改，我局将每周两次现场检查。感谢您对我们工作的支持！"
)


@pytest.mark.parametrize(
    "reply",
    [
        "已收悉",
        "网友：您好！留言已收悉",
        "感谢您对我们工作的关心、监督与支持。",
        "您好！您的留言已收悉，我们高度重视，将认真研究。谢谢！",
        "网友“UU008615”您好！您的留言已收悉。现将有关情况回复如下：由于您没有填写联系电话，"
        "工作人员无法查询具体情况，建议拨打电话进行咨询。感谢您对我们工作的支持、理解与监督！",
    ],
)
def test_clear_perfunctory_replies_are_flagged(reply):
    result = assess(reply, QUESTION)
    assert result.perfunctory, result
    assert result.score >= 0.7
    assert "未回应诉求要点" in result.reasons


def test_short_template_reply_names_its_problems():
    result = assess("您好！您的留言已收悉，我们高度重视，将认真研究。谢谢！", QUESTION)
    assert {"过短", "模板化", "无具体措施或时限"} <= set(result.reasons)


def test_concrete_reply_that_addresses_the_question_passes():
    result = assess(GOOD, QUESTION)
    assert not result.perfunctory
    assert result.reasons == []
    assert result.score == 0


def test_substance_drops_stock_phrases():
    assert substance("网友：您好！您的留言已收悉。现将有关情况回复如下：") == ""


@pytest.mark.parametrize(
    ("reply", "question"),
    [("", ""), ("<p></p>", None), (None, None), ("😀" * 10000, "?" * 10000), ("123", "")],
)
def test_any_shape_never_crashes(reply, question):
    result = assess(reply, question)  # type: ignore[arg-type]
    assert 0 <= result.score <= 1
    assert isinstance(result.perfunctory, bool)
