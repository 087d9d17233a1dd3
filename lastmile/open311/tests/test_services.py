"""Discovery, GET services and GET service definition, in both formats."""

from __future__ import annotations

import pytest

from lastmile.open311.tests.helpers import BASE, FORMATS, error_of, load, root_tag

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery(client, fmt):
    response = client.get(f"{BASE}/discovery.{fmt}")
    assert response.status_code == 200
    doc = load(response, fmt)
    if fmt == "xml":
        assert root_tag(response) == "discovery"
    assert doc["changeset"].endswith("+08:00")
    (endpoint,) = doc["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2/"
    assert endpoint["type"] == "production"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert {"contact", "key_service"} <= set(doc)


def test_root_points_to_discovery(client):
    response = client.get(f"{BASE}/")
    assert response.status_code == 302
    assert response["Location"].endswith("/open311/v2/discovery.xml")


@pytest.mark.parametrize("fmt", FORMATS)
def test_services_are_active_leaf_categories(client, tree, fmt):
    response = client.get(f"{BASE}/services.{fmt}")
    assert response.status_code == 200
    services = load(response, fmt)
    assert [s["service_code"] for s in services] == ["01.01.01", "01.01.02", "02.01.01"]
    lamp, pothole, bulky = services
    assert list(lamp) == [
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    ]
    assert lamp["service_name"] == "路灯不亮"
    assert lamp["group"] == "市政设施"
    assert lamp["keywords"] == "市政设施, 照明, 路灯不亮"
    assert lamp["metadata"] == "true" and lamp["type"] == "realtime"
    assert pothole["metadata"] == "false"
    assert bulky["type"] == "batch"


def test_services_json_types(client, tree):
    services = client.get(f"{BASE}/services.json").json()
    assert services[0]["metadata"] is True and services[1]["metadata"] is False


def test_services_query_count(client, tree, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        client.get(f"{BASE}/services.json")


@pytest.mark.parametrize("fmt", FORMATS)
def test_definition_has_all_six_datatypes(client, tree, fmt):
    response = client.get(f"{BASE}/services/01.01.01.{fmt}")
    assert response.status_code == 200
    doc = load(response, fmt)
    if fmt == "xml":
        assert root_tag(response) == "service_definition"
    assert doc["service_code"] == "01.01.01"
    attrs = doc["attributes"]
    assert [a["datatype"] for a in attrs] == [
        "string",
        "number",
        "datetime",
        "text",
        "singlevaluelist",
        "multivaluelist",
        "string",
    ]
    pole = attrs[0]
    assert list(pole) == [
        "variable",
        "code",
        "datatype",
        "required",
        "datatype_description",
        "order",
        "description",
    ]
    assert pole["required"] == "true" and pole["variable"] == "true" and pole["order"] == "1"
    assert attrs[4]["values"] == [{"key": "1", "name": "路灯"}, {"key": "2", "name": "景观灯"}]
    assert attrs[6]["variable"] == "false"


def test_definition_json_types(client, tree):
    doc = client.get(f"{BASE}/services/01.01.01.json").json()
    kind = doc["attributes"][4]
    assert kind["required"] is True and kind["order"] == 5 and kind["datatype_description"] is None


@pytest.mark.parametrize("fmt", FORMATS)
def test_definition_without_questions(client, tree, fmt):
    doc = load(client.get(f"{BASE}/services/01.01.02.{fmt}"), fmt)
    assert doc["service_code"] == "01.01.02"
    assert doc["attributes"] in ([], None)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("code", ["99.99", "02.01.02", "01"])  # unknown, inactive, not a leaf
def test_definition_unknown_is_404(client, tree, fmt, code):
    response = client.get(f"{BASE}/services/{code}.{fmt}")
    assert response.status_code == 404
    assert code in error_of(response, fmt)["description"]


def test_unknown_format_is_404_in_xml(client, tree):
    response = client.get(f"{BASE}/services.csv")
    assert response.status_code == 404
    error_of(response, "xml")


@pytest.mark.parametrize("fmt", FORMATS)
def test_jurisdiction(client, tree, fmt, settings):
    assert client.get(f"{BASE}/services.{fmt}?jurisdiction_id=lastmile").status_code == 200
    response = client.get(f"{BASE}/services.{fmt}?jurisdiction_id=elsewhere.gov")
    assert response.status_code == 400
    assert "jurisdiction_id" in error_of(response, fmt)["description"]
    settings.LASTMILE_CHANNELS = {**settings.LASTMILE_CHANNELS, "OPEN311_JURISDICTION": "demo.cn"}
    assert client.get(f"{BASE}/services.{fmt}?jurisdiction_id=demo.cn").status_code == 200


def test_wrong_method_is_405_with_errors(client, tree):
    response = client.post(f"{BASE}/services.json")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    error_of(response, "json")
