"""Drive the running server with a real Open311 client from PyPI (georeport), in XML and JSON.

georeport reads only (services, definitions, requests); the POST goes through ``requests`` the
way Open311 clients send it: form-encoded, attribute[CODE] and attribute[CODE][] fields."""

from __future__ import annotations

import pytest
import requests
from georeport import GeoReport

from lastmile.open311.tests.test_post import LAMP

pytestmark = pytest.mark.django_db


@pytest.fixture
def endpoint(live_server, tree) -> str:
    return f"{live_server.url}/open311/v2"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_client_round_trip(endpoint, api_key, fmt):
    client = GeoReport(endpoint, jurisdiction="lastmile", api_key=api_key, output_format=fmt)

    services = client.get_service_list()
    codes = [s["service_code"] for s in services]
    assert codes == ["01.01.01", "01.01.02", "02.01.01"]
    lamp = services[0]
    assert lamp["metadata"] in (True, "true")

    definition = client.get_service_definition("01.01.01")
    attributes = definition["attributes"]
    if fmt == "xml":
        attributes = attributes["attribute"]
    assert {a["datatype"] for a in attributes} == {
        "string",
        "number",
        "datetime",
        "text",
        "singlevaluelist",
        "multivaluelist",
    }

    posted = requests.post(
        f"{endpoint}/requests.{fmt}",
        data={**LAMP, "api_key": api_key, "jurisdiction_id": "lastmile"},
        timeout=10,
    )
    assert posted.status_code == 200, posted.text
    if fmt == "json":
        request_id = posted.json()[0]["service_request_id"]
    else:
        import xmltodict

        request_id = xmltodict.parse(posted.content)["service_requests"]["request"][
            "service_request_id"
        ]

    one = client.get_service_request(request_id)
    assert one["service_request_id"] == request_id
    assert one["status"] == "open"
    assert one["service_code"] == "01.01.01"

    listed = client.get_service_requests(service_code="01.01.01", status="open")
    if fmt == "xml" and isinstance(listed, dict):
        listed = [listed]
    assert [r["service_request_id"] for r in listed] == [request_id]

    by_id = client.get_service_requests(service_request_id=request_id)
    if isinstance(by_id, dict):
        by_id = [by_id]
    assert by_id[0]["service_request_id"] == request_id


def test_client_sees_errors_as_http_errors(endpoint):
    client = GeoReport(endpoint, output_format="json")
    with pytest.raises(requests.HTTPError) as caught:
        client.get_service_definition("99.99")
    assert caught.value.response.status_code == 404
    assert caught.value.response.json()[0]["code"] == 404
    response = requests.post(f"{endpoint}/requests.xml", data=LAMP, timeout=10)
    assert response.status_code == 403
    assert b"<errors><error><code>403</code>" in response.content
