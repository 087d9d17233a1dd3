"""The map endpoints: public ones mask and never show the resident's point; the desk one is
scoped to the official; all are read-only and list without N+1."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client

from lastmile.concerns.testing import submit
from lastmile.insight.places import area_points
from lastmile.orgs.testing import PASSWORD

EXACT = {"lat": 28.20123, "lng": 112.90456}  # inside 东风社区第1网格


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _get(client: Client, url: str, **params):
    response = client.get(url, params)
    return response, json.loads(response.content) if response.content else None


def _login(client: Client, world, key: str) -> Client:
    assert client.login(username=world.username(key), password=PASSWORD)
    return client


def test_grids_are_public_polygons_with_names_and_the_map_options(client, world):
    response, data = _get(client, "/insight/geo/grids.json")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    names = {f["properties"]["name"] for f in data["features"]}
    assert names == {"东风社区第1网格", "东风社区第2网格", "向阳社区第1网格", "向阳社区第2网格"}
    feature = data["features"][0]
    assert feature["geometry"]["type"] == "Polygon"
    assert feature["geometry"]["coordinates"][0][0] == [112.9, 28.2]  # [lng, lat]
    assert data["map"]["tile_url"] == ""  # no tile source by default: vectors only


def test_grids_query_count(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        client.get("/insight/geo/grids.json")
    with django_assert_max_num_queries(1):  # cached: only the version check
        client.get("/insight/geo/grids.json")


def test_board_points_sit_at_the_community_and_are_masked(client, world):
    submit(
        world,
        area=None,
        title="张三家门口路灯坏了 13812345678",
        resident_name="张三",
        resident_phone="13812345678",
        **EXACT,
    )
    response, data = _get(client, "/insight/geo/board.json")
    assert response.status_code == 200
    (feature,) = data["features"]
    lng, lat = feature["geometry"]["coordinates"]
    assert (lat, lng) == area_points()[world.areas["c1"].pk]  # the community, not the grid
    assert (lat, lng) != (EXACT["lat"], EXACT["lng"])
    props = feature["properties"]
    assert props["area"] == "东风社区"
    assert "13812345678" not in props["title"] and "张三" not in props["title"]
    assert props["url"].startswith("/board/")
    body = response.content.decode()
    for secret in ("13812345678", "张三", str(EXACT["lat"]), "resident", "第1网格"):
        assert secret not in body


def test_board_points_follow_the_board_filters(client, world):
    submit(world, area="c1g1")
    submit(world, area="c2g1")
    _, data = _get(client, "/insight/geo/board.json", area=world.areas["c2"].pk)
    assert [f["properties"]["area"] for f in data["features"]] == ["向阳社区"]


def test_board_query_count(client, world, django_assert_max_num_queries):
    for i in range(6):
        submit(world, area="c1g1" if i % 2 else "c2g2")
    with django_assert_max_num_queries(4):
        _, data = _get(client, "/insight/geo/board.json")
    assert len(data["features"]) == 6


def test_desk_is_for_staff_only(client, world):
    submit(world, area=None, **EXACT)
    anonymous = client.get("/insight/geo/desk.json")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    _login(client, world, "outsider")
    assert client.get("/insight/geo/desk.json").status_code == 404


def test_desk_shows_exact_points_in_scope_only(client, world):
    mine = submit(world, area=None, **EXACT)
    other = submit(world, area="c2g1")
    _login(client, world, "gridder")  # grid worker of 东风社区第1网格
    response, data = _get(client, "/insight/geo/desk.json")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    codes = {f["properties"]["code"] for f in data["features"]}
    assert codes == {mine.code}
    assert data["features"][0]["geometry"]["coordinates"] == [EXACT["lng"], EXACT["lat"]]
    assert client.get("/insight/geo/desk.json", {"code": other.code}).status_code == 404


def test_desk_focus_adds_open_concerns_of_the_same_community(client, world):
    focus = submit(world, area="c1g1")
    neighbour = submit(world, area="c1g2")
    submit(world, area="c2g1")
    _login(client, world, "dispatcher")
    _, data = _get(client, "/insight/geo/desk.json", code=focus.code)
    props = {f["properties"]["code"]: f["properties"] for f in data["features"]}
    assert set(props) == {focus.code, neighbour.code}
    assert props[focus.code]["focus"] and not props[neighbour.code]["focus"]
    assert not props[focus.code]["exact"]  # no point given: drawn at the grid


def test_desk_query_count(client, world, django_assert_max_num_queries):
    for i in range(6):
        submit(world, area="c1g1" if i % 2 else "c2g2")
    _login(client, world, "dispatcher")
    client.get("/insight/geo/desk.json")  # warm the session and the area points
    with django_assert_max_num_queries(8):
        _, data = _get(client, "/insight/geo/desk.json")
    assert len(data["features"]) == 6


@pytest.mark.parametrize(
    ("params", "status", "grid"),
    [
        ({"lat": "28.205", "lng": "112.915"}, 200, "东风社区第2网格"),
        ({"lat": "28.5", "lng": "112.915"}, 200, None),
        ({"lat": "abc", "lng": "112.9"}, 400, None),
        ({"lat": "nan", "lng": "112.9"}, 400, None),
        ({"lat": "95", "lng": "112.9"}, 400, None),
        ({}, 400, None),
    ],
)
def test_locate(client, world, params, status, grid):
    response, data = _get(client, "/insight/geo/locate.json", **params)
    assert response.status_code == status
    if status == 200:
        assert (data["grid"] or {}).get("name") == grid
        if grid:
            assert data["grid"]["community"] == "东风社区"


@pytest.mark.parametrize("name", ["grids", "board", "desk", "locate"])
def test_geo_endpoints_refuse_post(client, world, name):
    assert client.post(f"/insight/geo/{name}.json").status_code == 405


def test_desk_page_includes_the_map(client, world):
    concern = submit(world, area=None, **EXACT)
    _login(client, world, "dispatcher")
    html = client.get(f"/desk/c/{concern.code}/").content.decode()
    assert 'data-map="desk"' in html and f"desk.json?code={concern.code}" in html


def test_raise_and_board_pages_carry_the_map_hidden_until_scripted(client, world):
    raise_html = client.get("/raise/").content.decode()
    assert 'data-map="pick"' in raise_html and "js/map.js" in raise_html
    assert 'id="raise-map" class="lm-map" hidden' in raise_html
    board_html = client.get("/board/?status=received").content.decode()
    assert 'data-map="board"' in board_html and "board.json?status=received" in board_html
