import pytest

from lastmile.concerns.models import Concern


@pytest.mark.django_db
def test_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/concerns" in response.json()["paths"]


def test_anonymous_submission_and_idempotent_retry(world, client):
    body = {"text": "小区门口路灯坏了三天", "kind": "help", "idempotency_key": "abc-123"}
    first = client.post("/api/v1/concerns", body, content_type="application/json")
    assert first.status_code == 201
    again = client.post("/api/v1/concerns", body, content_type="application/json")
    assert again.status_code == 200
    assert again.json()["code"] == first.json()["code"]
    assert again.json()["pin"] == first.json()["pin"]
    assert Concern.objects.count() == 1


def test_bad_input_is_a_clear_json_error(world, client):
    response = client.post(
        "/api/v1/concerns", {"text": "短", "kind": "help"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"
    assert response.json()["field"] == "text"


def test_board_detail_masks_the_resident(world, client):
    body = {
        "text": "我是张三丰，电话13812345678，楼道灯坏了",
        "name": "张三丰",
        "phone": "13812345678",
    }
    code = client.post("/api/v1/concerns", body, content_type="application/json").json()["code"]
    data = client.get(f"/api/v1/board/{code}").json()
    assert "13812345678" not in str(data) and "张三丰" not in str(data)
    assert "138****5678" in data["text"]


@pytest.mark.django_db
def test_unknown_board_code_is_404(client):
    assert client.get("/api/v1/board/NOPE").status_code == 404
