from datetime import timedelta

from django.utils import timezone

from lastmile.concerns.choices import Kind
from lastmile.concerns.models import Concern
from lastmile.concerns.services import pin_for
from lastmile.concerns.testing import reach, submit


def test_create_returns_code_and_pin_and_header_key_is_idempotent(world, client):
    body = {"text": "小区门口路灯坏了三天", "kind": "help", "lat": 28.205, "lng": 112.905}
    first = client.post(
        "/api/v1/concerns", body, content_type="application/json", headers={"Idempotency-Key": "k1"}
    )
    assert first.status_code == 201
    data = first.json()
    assert data["pin"] == pin_for(data["code"]) and data["status"] == "received"
    again = client.post(
        "/api/v1/concerns",
        {**body, "text": "换了一种说法的同一件事"},
        content_type="application/json",
        headers={"Idempotency-Key": "k1"},
    )
    assert again.status_code == 200 and again.json()["code"] == data["code"]
    concern = Concern.objects.get()
    assert concern.channel == "api" and concern.area == world.areas["c1g1"]


def test_signed_in_staff_submission_records_the_person(world, api_as):
    response = api_as("dispatcher").post("/concerns", {"text": "接到电话：楼道灯坏了"})
    assert response.status_code == 201
    assert Concern.objects.get().created_by_id == world.people["dispatcher"].user_id


def test_list_is_scoped_to_the_actor(world, api_as):
    housing = reach(world, "dispatched")  # lead unit: housing
    other = reach(world, "dispatched", unit="sanitation")
    codes = {i["code"] for i in api_as("handler").get("/concerns").json()["items"]}
    assert codes == {housing.code}
    assert api_as("outsider").get("/concerns").json()["count"] == 0
    dispatcher_codes = {i["code"] for i in api_as("dispatcher").get("/concerns").json()["items"]}
    assert {housing.code, other.code} <= dispatcher_codes


def test_list_filters(world, api_as):
    received = reach(world, "received")
    consult = submit(world, kind=Kind.CONSULT, area="c2g1")
    dispatched = reach(world, "dispatched")
    api = api_as("dispatcher")

    def codes(**params):
        response = api.get("/concerns", params)
        assert response.status_code == 200, response.json()
        return {i["code"] for i in response.json()["items"]}

    assert codes(status="received") == {received.code, consult.code}
    assert codes(kind="consult") == {consult.code}
    assert codes(area=world.areas["c2"].pk) == {consult.code}
    assert codes(unit=world.units["housing"].pk) == {dispatched.code}
    assert codes(q=dispatched.code) == {dispatched.code}
    assert codes(q=consult.text[:8]) == {consult.code}
    soon = (timezone.now() + timedelta(hours=1)).isoformat()
    assert codes(created_after=soon) == set()
    assert len(codes(created_before=soon)) == 3
    assert codes(overdue="true") == set()
    Concern.objects.filter(pk=dispatched.pk).update(sign_due=timezone.now() - timedelta(hours=1))
    assert codes(overdue="true") == {dispatched.code}
    assert dispatched.code not in codes(overdue="false")


def test_list_pagination_and_no_n_plus_one(world, api_as, django_assert_max_num_queries):
    for _ in range(6):
        reach(world, "dispatched")
    api = api_as("dispatcher")
    first = api.get("/concerns", {"limit": 4}).json()
    second = api.get("/concerns", {"limit": 4, "offset": 4}).json()
    assert first["count"] == second["count"] == 6
    assert len(first["items"]) == 4 and len(second["items"]) == 2
    assert not {i["code"] for i in first["items"]} & {i["code"] for i in second["items"]}
    with django_assert_max_num_queries(12):
        big = api.get("/concerns", {"limit": 100}).json()
    assert big["items"][0]["lead_unit"] == "区住建局"


def test_detail_has_timeline_and_actions(world, api_as):
    concern = reach(world, "dispatched")
    data = api_as("handler").get(f"/concerns/{concern.code}").json()
    assert data["status"] == "dispatched" and data["version"] == concern.version
    assert [i["verb"] for i in data["timeline"]] == ["concern.received", "concern.dispatch"]
    assert "sign" in data["actions"] and "dispatch" not in data["actions"]
    assert data["timeline"][1]["actor"] == "派单员"


def test_detail_outside_scope_is_404(world, api_as):
    concern = reach(world, "dispatched", unit="sanitation")
    response = api_as("handler").get(f"/concerns/{concern.code}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_board_list_masks_and_filters(world, client):
    submit(world, text="我的电话13812345678，楼道灯坏了很久", area="c1g1")
    submit(world, text="向阳社区的垃圾桶满了没人清理", area="c2g1")
    data = client.get("/api/v1/board", {"area": world.areas["c1"].pk}).json()
    assert data["count"] == 1
    item = data["items"][0]
    assert "13812345678" not in item["text"] and item["area"] == "东风社区"


def test_tracking_by_code_and_pin(world, client):
    concern = reach(world, "replied")
    url = f"/api/v1/track/{concern.code}"
    assert client.get(url, headers={"X-Tracking-Pin": "000000"}).status_code in (404,)
    assert client.get(url).status_code == 400  # the PIN header is required
    data = client.get(url, headers={"X-Tracking-Pin": pin_for(concern.code)}).json()
    assert data["callback_open"] is True and data["status"] == "replied"
    assert all(item["actor"] == "" for item in data["timeline"])  # no staff names


def test_resident_callback_by_pin(world, client):
    concern = reach(world, "replied")
    body = {"contacted": True, "resolved": True, "satisfaction": "satisfied"}
    url = f"/api/v1/track/{concern.code}/callback"
    wrong = client.post(url, body, content_type="application/json", headers={"X-Tracking-Pin": "1"})
    assert wrong.status_code == 404
    ok = client.post(
        url,
        body,
        content_type="application/json",
        headers={"X-Tracking-Pin": pin_for(concern.code)},
    )
    assert ok.status_code == 200, ok.json()
    assert ok.json()["status"] == "closed"
    event = [i for i in ok.json()["timeline"] if i["verb"] == "concern.callback"]
    assert event
    assert Concern.objects.get(pk=concern.pk).cb_satisfaction == "satisfied"
