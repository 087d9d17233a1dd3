"""POST Service Request: form-encoded (and the XML convenience), api_key, attributes, tokens,
and every kind of bad input answered with a spec-shaped error and nothing saved."""

from __future__ import annotations

import pytest

from lastmile.api.tokens import token_create, token_revoke
from lastmile.concerns.choices import Channel, Status
from lastmile.concerns.models import Concern
from lastmile.open311.models import RequestAttributeValue, RequestMeta, RequestToken
from lastmile.open311.tests.helpers import BASE, FORMATS, error_of, load

pytestmark = pytest.mark.django_db

LAMP = {
    "service_code": "01.01.01",
    "lat": "28.205",
    "long": "112.905",
    "description": "小区门口的路灯一连三天晚上都不亮，走路很不安全",
    "attribute[pole]": "A-17",
    "attribute[count]": "2",
    "attribute[since]": "2026-04-28T19:00:00+08:00",
    "attribute[details]": "靠近公交站",
    "attribute[kind]": "1",
    "attribute[when][]": ["am", "pm"],
    "first_name": "小明",
    "last_name": "王",
    "phone": "13812345678",
    "email": "wang@example.com",
    "device_id": "dev-1",
    "account_id": "acct-9",
}


def post(client, fmt, data, **extra):
    return client.post(f"{BASE}/requests.{fmt}", data, **extra)


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_creates_a_concern_with_answers(client, tree, api_key, world, fmt):
    response = post(client, fmt, {**LAMP, "api_key": api_key})
    assert response.status_code == 200, response.content
    (item,) = load(response, fmt)
    assert list(item) == ["service_request_id", "service_notice", "account_id"]
    assert item["account_id"] == "acct-9"
    concern = Concern.objects.get(code=item["service_request_id"])
    assert concern.channel == Channel.OPEN311 and concern.status == Status.RECEIVED
    assert concern.category == tree.lamp
    assert concern.area == world.areas["c1g1"]  # located from lat/long
    assert concern.resident_name == "王小明" and concern.resident_phone == "13812345678"
    answers = sorted(
        RequestAttributeValue.objects.filter(concern=concern).values_list("code", "value")
    )
    assert answers == [
        ("count", "2"),
        ("details", "靠近公交站"),
        ("kind", "1"),
        ("pole", "A-17"),
        ("since", "2026-04-28T19:00:00+08:00"),
        ("when", "am"),
        ("when", "pm"),
    ]
    meta = RequestMeta.objects.get(concern=concern)
    assert (meta.email, meta.device_id, meta.account_id) == ("wang@example.com", "dev-1", "acct-9")
    assert meta.client is not None


def test_repeat_submission_returns_the_same_request(client, tree, api_key):
    first = post(client, "json", {**LAMP, "api_key": api_key}).json()[0]
    second = post(client, "json", {**LAMP, "api_key": api_key}).json()[0]
    assert first["service_request_id"] == second["service_request_id"]
    assert Concern.objects.count() == 1
    assert RequestAttributeValue.objects.filter(code="when").count() == 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_batch_service_returns_a_token(client, tree, api_key, fmt):
    data = {"api_key": api_key, "service_code": "02.01.01", "address_string": "和平路8号楼下"}
    data["description"] = "楼下有一张旧沙发需要清运"
    response = post(client, fmt, data)
    assert response.status_code == 200
    (item,) = load(response, fmt)
    assert list(item) == ["token", "service_notice", "account_id"]
    assert item["service_notice"] == "预约后三个工作日内上门清运"
    token = RequestToken.objects.get(token=item["token"])
    looked_up = load(client.get(f"{BASE}/tokens/{item['token']}.{fmt}"), fmt)
    assert looked_up == [{"service_request_id": token.concern.code, "token": item["token"]}]


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_token_is_404(client, tree, fmt):
    response = client.get(f"{BASE}/tokens/nope.{fmt}")
    assert response.status_code == 404
    error_of(response, fmt)


def test_address_id_is_an_area_code(client, tree, api_key, world):
    data = {**LAMP, "api_key": api_key, "address_id": world.areas["c2"].code}
    del data["lat"], data["long"]
    item = post(client, "json", data).json()[0]
    assert Concern.objects.get(code=item["service_request_id"]).area == world.areas["c2"]


def test_description_may_be_omitted(client, tree, api_key):
    data = {k: v for k, v in LAMP.items() if k != "description"}
    item = post(client, "json", {**data, "api_key": api_key}).json()[0]
    text = Concern.objects.get(code=item["service_request_id"]).text
    assert text.startswith("路灯不亮") and "灯杆编号：A-17" in text


def test_token_acting_as_a_user(client, tree, world):
    raw = token_create(name="网格通", scope="open311", username=world.username("dispatcher")).raw
    item = post(client, "json", {**LAMP, "api_key": raw}).json()[0]
    concern = Concern.objects.get(code=item["service_request_id"])
    assert concern.created_by == world.people["dispatcher"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_missing_api_key_is_403(client, tree, fmt):
    response = post(client, fmt, LAMP)
    assert response.status_code == 403
    assert "api_key" in error_of(response, fmt)["description"]
    assert not Concern.objects.exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_bad_api_keys_are_403(client, tree, fmt):
    other_scope = token_create(name="rest", scope="api").raw
    revoked = token_create(name="old", scope="open311")
    token_revoke(token=revoked.token)
    for key in ("lm_wrong", other_scope, revoked.raw):
        response = post(client, fmt, {**LAMP, "api_key": key})
        assert response.status_code == 403
        assert "api_key" in error_of(response, fmt)["description"]
    assert not Concern.objects.exists()


def _without(*keys: str) -> dict:
    return {k: v for k, v in LAMP.items() if k not in keys}


BAD = [
    ("no service_code", _without("service_code"), "service_code"),
    ("unknown service_code", {**LAMP, "service_code": "99"}, "service_code"),
    ("inactive service_code", {**LAMP, "service_code": "02.01.02"}, "service_code"),
    ("no location", _without("lat", "long"), "address_id"),
    ("lat without long", _without("long"), "long"),
    ("latitude out of range", {**LAMP, "lat": "91"}, "lat"),
    ("latitude not a number", {**LAMP, "lat": "north"}, "lat"),
    ("longitude nan", {**LAMP, "long": "nan"}, "long"),
    ("unknown address_id", {**_without("lat", "long"), "address_id": "nowhere"}, "address_id"),
    ("required attribute missing", _without("attribute[pole]"), "attribute[pole]"),
    ("required list missing", _without("attribute[kind]"), "attribute[kind]"),
    ("number not a number", {**LAMP, "attribute[count]": "two"}, "attribute[count]"),
    ("bad datetime", {**LAMP, "attribute[since]": "yesterday"}, "attribute[since]"),
    ("not a choice", {**LAMP, "attribute[kind]": "9"}, "attribute[kind]"),
    ("two values for one", {**LAMP, "attribute[kind]": ["1", "2"]}, "attribute[kind]"),
    ("not a choice in list", {**LAMP, "attribute[when][]": ["am", "noon"]}, "attribute[when]"),
    ("string too long", {**LAMP, "attribute[pole]": "x" * 501}, "attribute[pole]"),
    ("description too long", {**LAMP, "description": "长" * 4001}, "description"),
    ("bad email", {**LAMP, "email": "not-an-email"}, "email"),
    ("bad media_url", {**LAMP, "media_url": "file:///etc/passwd"}, "media_url"),
    ("bad phone", {**LAMP, "phone": "12345"}, "phone"),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("case", "data", "words"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_400_and_saves_nothing(client, tree, api_key, fmt, case, data, words):
    response = post(client, fmt, {**data, "api_key": api_key})
    assert response.status_code == 400, (case, response.content)
    assert words in error_of(response, fmt)["description"]
    assert not Concern.objects.exists()
    assert not RequestAttributeValue.objects.exists()
    assert not RequestMeta.objects.exists()


def test_xml_body_is_accepted(client, tree, api_key):
    body = f"""<?xml version="1.0" encoding="utf-8"?>
<service_request>
  <api_key>{api_key}</api_key><service_code>01.01.01</service_code>
  <lat>28.205</lat><long>112.905</long><description>路灯不亮已经三天了，请尽快修理</description>
  <attribute code="pole">B-2</attribute><attribute code="kind">2</attribute>
  <attribute code="when">am</attribute><attribute code="when">pm</attribute>
</service_request>""".encode()
    response = client.post(f"{BASE}/requests.xml", body, content_type="text/xml")
    assert response.status_code == 200, response.content
    (item,) = load(response, "xml")
    concern = Concern.objects.get(code=item["service_request_id"])
    assert set(concern.open311_answers.values_list("value", flat=True)) == {"B-2", "2", "am", "pm"}


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<service_request><api_key>KEY</api_key><service_code>01.01.01</service_code>
<lat>28.2</lat><long>112.9</long><description>&xxe;</description></service_request>"""

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<service_request><description>&b;</description></service_request>"""


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "body", [XXE, BOMB, b"<service_request><lat>1</lat>"], ids=["xxe", "bomb", "broken"]
)
def test_hostile_or_broken_xml_is_400(client, tree, api_key, fmt, body):
    body = body.replace(b"KEY", api_key.encode())
    response = client.post(f"{BASE}/requests.{fmt}", body, content_type="application/xml")
    assert response.status_code == 400
    assert "XML" in error_of(response, fmt)["description"]
    assert not Concern.objects.exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_oversize_body_is_413(client, tree, api_key, fmt, settings):
    settings.LASTMILE_CHANNELS = {**settings.LASTMILE_CHANNELS, "MAX_BODY_BYTES": 2000}
    response = post(client, fmt, {**LAMP, "api_key": api_key, "description": "长" * 1500})
    assert response.status_code == 413
    error_of(response, fmt)
    assert not Concern.objects.exists()


def test_post_needs_no_csrf_token(tree, api_key):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(f"{BASE}/requests.json", {**LAMP, "api_key": api_key}).status_code == 200
