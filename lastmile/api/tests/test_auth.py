from datetime import timedelta

from django.test import Client
from django.utils import timezone

from lastmile.api import tokens
from lastmile.api.models import ApiToken
from lastmile.concerns.testing import reach
from lastmile.orgs.testing import PASSWORD


def test_staff_endpoints_need_authentication(world, client):
    response = client.get("/api/v1/concerns")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert "Authentication required" in response.json()["message"]


def test_bearer_token_acts_as_its_person(world, api_as):
    concern = reach(world, "received")
    data = api_as("dispatcher").get("/concerns").json()
    assert [item["code"] for item in data["items"]] == [concern.code]


def test_unknown_token_is_401_even_on_open_endpoints(world, client):
    bad = {"Authorization": "Bearer lm_not-a-token"}
    assert client.get("/api/v1/concerns", headers=bad).status_code == 401
    response = client.post(
        "/api/v1/concerns",
        {"text": "楼道灯坏了三天了"},
        content_type="application/json",
        headers=bad,
    )
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"
    assert client.get("/api/v1/concerns", headers={"Authorization": "Basic abc"}).status_code == 401


def test_revoked_expired_and_wrong_scope_tokens_are_refused(world, client, token_for):
    revoked = token_for("dispatcher")
    tokens.token_revoke(token=ApiToken.objects.get(digest=tokens._digest(revoked)))
    expired = token_for("dispatcher")
    ApiToken.objects.filter(digest=tokens._digest(expired)).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    open311 = token_for("dispatcher", scope="open311")
    for raw in (revoked, expired, open311):
        response = client.get("/api/v1/concerns", headers={"Authorization": f"Bearer {raw}"})
        assert response.status_code == 401, raw


def test_token_without_a_user_acts_anonymous(world, client):
    raw = tokens.token_create(name="kiosk", scope="api").raw
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/concerns", headers=headers).status_code == 401
    response = client.post(
        "/api/v1/concerns",
        {"text": "小区门口的路灯坏了三天"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201


def test_browser_session_works_and_writes_need_csrf(world):
    browser = Client(enforce_csrf_checks=True)
    assert browser.login(username=world.username("dispatcher"), password=PASSWORD)
    concern = reach(world, "received")
    assert browser.get("/api/v1/concerns").json()["count"] == 1
    response = browser.post(
        f"/api/v1/concerns/{concern.code}/dispatch",
        {"unit": world.units["housing"].pk},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    browser.get("/desk/")  # sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    response = browser.post(
        f"/api/v1/concerns/{concern.code}/dispatch",
        {"unit": world.units["housing"].pk},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "dispatched"


def test_anonymous_submission_needs_no_csrf(world):
    anonymous = Client(enforce_csrf_checks=True)
    response = anonymous.post(
        "/api/v1/concerns", {"text": "小区门口的路灯坏了三天"}, content_type="application/json"
    )
    assert response.status_code == 201


def test_token_use_is_recorded(world, api_as):
    api = api_as("handler")
    api.get("/concerns")
    token = ApiToken.objects.get(digest=tokens._digest(api.token))
    assert token.last_used_at is not None
