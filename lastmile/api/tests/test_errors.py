import json

import pytest
from django.test import override_settings

from lastmile.concerns.models import Concern

URL = "/api/v1/concerns"


def post_raw(client, data, **extra):
    return client.post(URL, data, content_type="application/json", **extra)


def test_malformed_json(world, client):
    response = post_raw(client, '{"text": "路灯坏了",')
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_json"
    assert "JSON" in response.json()["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": 12345}, "text"),
        ({"text": "路灯坏了好几天", "lat": "north"}, "lat"),
        ({"text": "路灯坏了好几天", "kind": "nonsense"}, "kind"),
        ({"text": "路灯坏了好几天", "surprise": 1}, "surprise"),
        ({"text": "路灯坏了好几天", "lat": 95.0, "lng": 112.9}, "lat"),
        ({"text": "路灯坏了好几天", "lat": 28.2, "lng": -181}, "lng"),
        ({"text": "路灯坏了\x00好几天"}, "text"),
        ({"text": "x" * 5001}, "text"),
        ({}, "text"),
    ],
)
def test_bad_input_is_a_clear_field_error_and_nothing_is_saved(world, client, body, field):
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 400, response.content
    data = response.json()
    assert data["code"] == "invalid_input"
    assert data["field"] == field
    assert data["message"].startswith("请求数据无效 / Invalid input")
    assert not Concern.objects.exists()


def test_unknown_field_says_so(world, client):
    data = client.post(
        URL, {"text": "路灯坏了好几天", "priority": "high"}, content_type="application/json"
    ).json()
    assert data["errors"][0]["type"] == "extra_forbidden"


def test_only_one_of_lat_lng_is_a_service_error(world, client):
    response = client.post(
        URL, {"text": "路灯坏了好几天", "lat": 28.2}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["field"] == "lat"


def test_a_json_array_is_not_a_concern(world, client):
    response = post_raw(client, json.dumps(["路灯坏了"]))
    assert response.status_code == 400 and response.json()["code"] == "invalid_input"


@override_settings(LASTMILE_CHANNELS={"MAX_BODY_BYTES": 100})
def test_oversize_body_is_413(world, client):
    response = post_raw(client, json.dumps({"text": "路" * 200}))
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert not Concern.objects.exists()


def test_transition_body_rejects_unknown_fields_and_wrong_types(world, api_as):
    from lastmile.concerns.testing import reach

    concern = reach(world, "dispatched")
    api = api_as("handler")
    r = api.post(f"/concerns/{concern.code}/sign", {"expected_version": "two"})
    assert r.status_code == 400 and r.json()["field"] == "expected_version"
    r = api.post(f"/concerns/{concern.code}/reply", {"text": "已处理完毕", "resolved": "maybe"})
    assert r.status_code == 400 and r.json()["field"] == "resolved"
    r = api.post(f"/concerns/{concern.code}/sign", {"force": True})
    assert r.status_code == 400 and r.json()["field"] == "force"


def test_bad_query_and_path_params(world, api_as, client):
    api = api_as("dispatcher")
    assert api.get("/concerns", {"limit": 0}).json()["field"] == "limit"
    assert api.get("/concerns", {"created_after": "yesterday"}).status_code == 400
    assert api.get("/concerns", {"area": 2**70}).status_code == 400
    assert client.get("/api/v1/board/AB-CD").status_code == 400
    assert client.get("/api/v1/board", {"q": "a\x00b"}).status_code == 400
