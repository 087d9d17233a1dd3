from datetime import timedelta

import pytest

from lastmile.concerns.models import Category, Concern
from lastmile.concerns.testing import fresh, reach, submit


def act(api, concern, action, body=None):
    return api.post(f"/concerns/{concern.code}/{action}", body or {})


def test_the_whole_loop_through_the_api(world, api_as):
    concern = submit(world)
    dispatcher, handler = api_as("dispatcher"), api_as("handler")
    category = Category.objects.create(code="x1", name="路灯", level=3)
    r = act(
        dispatcher,
        concern,
        "dispatch",
        {
            "unit": world.units["housing"].pk,
            "assist_units": [world.units["sanitation"].pk],
            "category": category.pk,
            "note": "请尽快处理",
            "expected_version": concern.version,
        },
    )
    assert r.status_code == 200, r.json()
    assert r.json()["status"] == "dispatched" and r.json()["lead_unit"] == "区住建局"
    assert act(handler, concern, "sign").json()["status"] == "signed"
    assert act(handler, concern, "contact", {"note": "电话联系居民"}).json()["status"] == (
        "in_progress"
    )
    assist = act(api_as("handler2"), concern, "assist_report", {"report": "已配合清理现场"})
    assert assist.status_code == 200, assist.json()
    r = act(handler, concern, "reply", {"text": "已更换灯泡，恢复照明。", "resolved": True})
    assert r.json()["status"] == "replied"
    r = act(
        dispatcher,
        concern,
        "callback",
        {"contacted": True, "resolved": True, "satisfaction": "satisfied"},
    )
    assert r.status_code == 200, r.json()
    assert r.json()["status"] == "closed"
    verbs = [i["verb"] for i in r.json()["timeline"]]
    assert verbs[0] == "concern.received" and verbs[-1] == "concern.callback"
    reopen = act(api_as("supervisor"), concern, "reopen", {"reason": "居民再次反映仍未解决"})
    assert reopen.json()["status"] == "reopened"


def test_object_and_review(world, api_as):
    concern = reach(world, "dispatched")
    r = act(
        api_as("handler"),
        concern,
        "object",
        {"reason": "不属于住建职责，应由城管负责", "suggested_unit": world.units["sanitation"].pk},
    )
    assert r.json()["status"] == "objected"
    r = act(
        api_as("dispatcher"),
        concern,
        "review_objection",
        {"upheld": True, "unit": world.units["sanitation"].pk, "note": "改派城管"},
    )
    assert r.status_code == 200, r.json()
    assert r.json()["lead_unit"] == "区城管局"


def test_extension_and_stop(world, api_as):
    concern = reach(world, "in_progress")
    new_due = (fresh(concern).resolve_due + timedelta(days=5)).isoformat()
    handler = api_as("handler")
    r = act(
        handler,
        concern,
        "request_extension",
        {"reason": "需要协调物业和施工队进场，时间较长", "new_due": new_due},
    )
    assert r.json()["status"] == "extension_requested", r.json()
    r = act(api_as("dispatcher"), concern, "decide_extension", {"approve": True})
    assert r.json()["status"] == "in_progress"
    r = act(handler, concern, "request_stop", {"reason": "居民拒绝提供必要的信息，无法继续办理"})
    assert r.json()["status"] == "stop_requested"
    r = act(api_as("supervisor"), concern, "decide_stop", {"approve": False, "note": "继续办理"})
    assert r.json()["status"] == "in_progress"


def test_divert_answer_and_merge(world, api_as):
    dispatcher = api_as("dispatcher")
    one = submit(world)
    r = act(dispatcher, one, "divert", {"case": "emergency", "note": "请拨打110"})
    assert r.json()["status"] == "diverted"
    consult = submit(world, kind="consult")
    r = act(dispatcher, consult, "answer", {"answer": "请到街道政务服务中心办理"})
    assert r.json()["status"] == "answered"
    child, parent = submit(world), submit(world)
    r = act(dispatcher, child, "merge", {"parent": parent.code})
    assert r.json()["status"] == "merged" and r.json()["parent"] == parent.code
    unknown = act(dispatcher, submit(world), "merge", {"parent": "NOPE"})
    assert unknown.status_code == 400 and unknown.json()["field"] == "parent"


def test_stale_version_is_409_and_nothing_changes(world, api_as):
    concern = reach(world, "dispatched")
    r = act(api_as("handler"), concern, "sign", {"expected_version": concern.version - 1})
    assert r.status_code == 409
    assert r.json()["code"] == "conflict"
    assert fresh(concern).status == "dispatched"


def test_forbidden_transition_is_409(world, api_as):
    concern = reach(world, "received")
    r = act(api_as("dispatcher"), concern, "reopen", {"reason": "没有理由地重办一下"})
    assert r.status_code in (403, 409)
    r = act(api_as("handler"), reach(world, "signed"), "sign")
    assert r.status_code == 409 and r.json()["code"] == "transition_not_allowed"


def test_wrong_role_is_403(world, api_as):
    concern = reach(world, "dispatched")
    r = act(api_as("dispatcher"), concern, "sign")
    assert r.status_code == 403 and r.json()["code"] == "forbidden"


def test_outsider_and_anonymous_cannot_act(world, api_as, client):
    concern = reach(world, "replied")
    body = {"contacted": True, "resolved": True, "satisfaction": "satisfied"}
    assert act(api_as("outsider"), concern, "callback", body).status_code == 404
    anonymous = client.post(
        f"/api/v1/concerns/{concern.code}/callback", body, content_type="application/json"
    )
    assert anonymous.status_code == 401
    assert fresh(concern).status == "replied"


@pytest.mark.parametrize("unit_field", ["unit", "assist_units"])
def test_unknown_unit_is_a_field_error(world, api_as, unit_field):
    concern = submit(world)
    value = [999999] if unit_field == "assist_units" else 999999
    r = act(api_as("dispatcher"), concern, "dispatch", {unit_field: value})
    assert r.status_code == 400 and r.json()["field"] == unit_field
    assert Concern.objects.get(pk=concern.pk).status == "received"
