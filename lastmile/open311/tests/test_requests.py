"""GET requests (filters, the 90-day window, paging, extensions), GET requests/{id}, and the
service request updates extension, in both formats."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lastmile.concerns.choices import Status
from lastmile.concerns.models import Concern
from lastmile.concerns.testing import reach, submit
from lastmile.open311.tests.helpers import BASE, FORMATS, error_of, load
from lastmile.open311.tests.test_post import LAMP

pytestmark = pytest.mark.django_db

FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]


def _posted(client, api_key: str) -> Concern:
    item = client.post(f"{BASE}/requests.json", {**LAMP, "api_key": api_key}).json()[0]
    return Concern.objects.get(code=item["service_request_id"])


@pytest.mark.parametrize("fmt", FORMATS)
def test_request_detail_shape_and_privacy(client, tree, api_key, world, fmt):
    concern = _posted(client, api_key)
    response = client.get(f"{BASE}/requests/{concern.code}.{fmt}")
    assert response.status_code == 200
    (item,) = load(response, fmt)
    assert list(item) == FIELDS
    assert item["status"] == "open"
    assert item["status_notes"].startswith("已受理")
    assert item["service_code"] == "01.01.01" and item["service_name"] == "路灯不亮"
    assert item["requested_datetime"].endswith("+08:00")
    assert item["address"] == "东风社区"  # the community, never the grid or the exact address
    assert item["address_id"] == world.areas["c1"].code
    body = response.content.decode()
    for private in ("13812345678", "wang@example.com", "小明", "dev-1", "acct-9", "28.205"):
        assert private not in body


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_request_is_404(client, tree, fmt):
    response = client.get(f"{BASE}/requests/XYZ.{fmt}")
    assert response.status_code == 404
    error_of(response, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_status_mapping_and_notes(client, world, fmt):
    replied = reach(world, Status.REPLIED)
    closed = reach(world, Status.CLOSED)
    stopped = reach(world, Status.STOPPED)
    doc = load(client.get(f"{BASE}/requests.{fmt}"), fmt)
    by_id = {r["service_request_id"]: r for r in doc}
    assert by_id[replied.code]["status"] == "open"  # the resident can still answer
    assert by_id[closed.code]["status"] == "closed"
    assert by_id[stopped.code]["status"] == "closed"
    assert "答复" in by_id[replied.code]["status_notes"]
    assert by_id[replied.code]["agency_responsible"] == world.units["housing"].name
    assert by_id[replied.code]["expected_datetime"].endswith("+08:00")


def test_diverted_only_by_id_and_redacted(client, world):
    diverted = reach(world, Status.DIVERTED)
    listed = client.get(f"{BASE}/requests.json").json()
    assert diverted.code not in {r["service_request_id"] for r in listed}
    (item,) = client.get(f"{BASE}/requests/{diverted.code}.json").json()
    assert item["status"] == "closed" and item["description"] is None
    assert "110" in item["status_notes"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_filters(client, tree, api_key, world, fmt):
    lamp = _posted(client, api_key)
    other = submit(world)
    closed = reach(world, Status.CLOSED)

    def ids(query: str) -> list[str]:
        response = client.get(f"{BASE}/requests.{fmt}?{query}")
        assert response.status_code == 200, response.content
        return [r["service_request_id"] for r in load(response, fmt) or []]

    assert set(ids("")) == {lamp.code, other.code, closed.code}
    assert ids("service_code=01.01.01") == [lamp.code]
    assert ids("service_code=01.01.02,01.01.01") == [lamp.code]
    assert ids("status=closed") == [closed.code]
    assert set(ids("status=open")) == {lamp.code, other.code}
    assert set(ids("status=open,closed")) == {lamp.code, other.code, closed.code}
    # service_request_id overrides every other parameter
    assert ids(f"service_request_id={closed.code},{lamp.code}&status=open") == [
        closed.code,
        lamp.code,
    ]


def test_date_window(client, world):
    old = submit(world)
    Concern.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=120))
    new = submit(world)
    codes = [r["service_request_id"] for r in client.get(f"{BASE}/requests.json").json()]
    assert codes == [new.code]  # default: the most recent 90 days
    start = (timezone.now() - timedelta(days=130)).strftime("%Y-%m-%dT%H:%M:%S+08:00")
    end = (timezone.now() - timedelta(days=100)).strftime("%Y-%m-%dT%H:%M:%SZ")
    response = client.get(f"{BASE}/requests.json", {"start_date": start, "end_date": end})
    assert [r["service_request_id"] for r in response.json()] == [old.code]
    # a "+" that the client forgot to encode arrives as a space: still understood
    unencoded = start.replace("+", " ")
    response = client.get(f"{BASE}/requests.json?start_date={unencoded}&end_date={end}")
    assert [r["service_request_id"] for r in response.json()] == [old.code]


BAD_QUERIES = [
    "start_date=yesterday",
    "start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z",
    "start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z",
    "status=pending",
    "page=0",
    "page_size=1001",
    "page_size=x",
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_queries_are_400(client, world, fmt, query):
    response = client.get(f"{BASE}/requests.{fmt}?{query}")
    assert response.status_code == 400
    error_of(response, fmt)


def test_paging(client, world):
    made = [submit(world).code for _ in range(5)]
    first = client.get(f"{BASE}/requests.json?page_size=2").json()
    third = client.get(f"{BASE}/requests.json?page_size=2&page=3").json()
    assert [r["service_request_id"] for r in first] == made[::-1][:2]
    assert [r["service_request_id"] for r in third] == made[:1]


def test_list_query_count(client, world, django_assert_max_num_queries):
    for _ in range(6):
        reach(world, Status.REPLIED)
    with django_assert_max_num_queries(6):
        response = client.get(f"{BASE}/requests.json?extensions=true")
    assert len(response.json()) == 6


@pytest.mark.parametrize("fmt", FORMATS)
def test_extensions_notes(client, world, fmt):
    concern = reach(world, Status.REPLIED)
    (item,) = load(client.get(f"{BASE}/requests/{concern.code}.{fmt}?extensions=true"), fmt)
    assert item["extended_attributes"]["status_detail"] == "replied"
    notes = item["notes"]
    assert notes[0]["type"] == "opened" and notes[0]["summary"] == "已受理"
    assert all(n["datetime"].endswith("+08:00") for n in notes)
    assert [n["summary"] for n in notes][1].startswith("已派")
    (plain,) = load(client.get(f"{BASE}/requests/{concern.code}.{fmt}"), fmt)
    assert "notes" not in plain


def test_media_url_is_public_evidence_only(client, world):
    from lastmile.concerns.models import Attachment

    concern = reach(world, Status.REPLIED)
    Attachment.objects.create(
        concern=concern,
        purpose="intake",
        file="x.jpg",
        original_name="x.jpg",
        content_type="image/jpeg",
        size=1,
        is_public=False,
    )
    (item,) = client.get(f"{BASE}/requests/{concern.code}.json").json()
    assert item["media_url"] is None
    evidence = Attachment.objects.create(
        concern=concern,
        purpose="evidence",
        file="y.jpg",
        original_name="y.jpg",
        content_type="image/jpeg",
        size=1,
        is_public=True,
    )
    (item,) = client.get(f"{BASE}/requests/{concern.code}.json").json()
    assert item["media_url"] == f"http://testserver/files/{evidence.pk}/"


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_request_updates(client, world, fmt):
    concern = reach(world, Status.CLOSED)
    hidden = reach(world, Status.DIVERTED)
    response = client.get(f"{BASE}/servicerequestupdates.{fmt}")
    assert response.status_code == 200
    updates = load(response, fmt)
    mine = [u for u in updates if u["service_request_id"] == concern.code]
    assert hidden.code not in {u["service_request_id"] for u in updates}
    assert list(mine[0]) == [
        "update_id",
        "service_request_id",
        "status",
        "updated_datetime",
        "description",
        "media_url",
        "external_status_code",
    ]
    assert [u["external_status_code"] for u in mine] == [
        "received",
        "dispatched",
        "signed",
        "in_progress",
        "replied",
        "closed",
    ]
    assert [u["status"] for u in mine][-1] == "closed" and mine[0]["status"] == "open"
    assert mine[0]["updated_datetime"].endswith("+08:00")
    ids = [int(u["update_id"]) for u in mine]
    assert ids == sorted(ids)
    if fmt == "xml":
        assert response.content.count(b"<request_update>") == len(updates)
        assert b"<service_requests_updates>" in response.content


def test_updates_window(client, world):
    reach(world, Status.DISPATCHED)
    past = "start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z"
    assert client.get(f"{BASE}/servicerequestupdates.json?{past}").json() == []
    response = client.get(f"{BASE}/servicerequestupdates.json?start_date=bad")
    assert response.status_code == 400
