from django.test import override_settings

RATES = {
    "API_ANON_RATE": "30/m",
    "API_SUBMIT_ANON_RATE": "3/m",
    "API_TOKEN_RATE": "4/m",
    "MAX_BODY_BYTES": 1024 * 1024,
}


def submit(client, n, addr="10.0.0.1"):
    return client.post(
        "/api/v1/concerns",
        {"text": f"第{n}次反映：楼道灯坏了"},
        content_type="application/json",
        REMOTE_ADDR=addr,
    )


@override_settings(LASTMILE_CHANNELS=RATES)
def test_a_burst_of_anonymous_submissions_gets_429_in_chinese(world, client):
    assert [submit(client, n).status_code for n in range(3)] == [201, 201, 201]
    response = submit(client, 4)
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert response.json()["message"].startswith("请求过于频繁，请稍后再试")
    assert int(response["Retry-After"]) >= 1
    assert submit(client, 5, addr="10.0.0.2").status_code == 201  # another address
    assert client.get("/api/v1/board", REMOTE_ADDR="10.0.0.1").status_code == 200


@override_settings(LASTMILE_CHANNELS={**RATES, "API_ANON_RATE": "2/m"})
def test_anonymous_reads_are_throttled(world, client):
    codes = [client.get("/api/v1/areas").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


@override_settings(LASTMILE_CHANNELS=RATES)
def test_token_traffic_is_throttled_per_token(world, api_as):
    first, second = api_as("dispatcher"), api_as("handler")
    codes = [first.get("/concerns").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 200, 429]
    assert second.get("/concerns").status_code == 200
