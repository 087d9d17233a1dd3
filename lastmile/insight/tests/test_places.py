"""Address text → area: longest match over area names, the gazetteer and the division table."""

from __future__ import annotations

from pathlib import Path

import pytest

from lastmile.concerns import hooks
from lastmile.concerns.testing import submit
from lastmile.insight.divisions import divisions_load, read_rows
from lastmile.insight.places import Place, PlaceKind, normalize, resolve_address
from lastmile.orgs import services as org_services
from lastmile.orgs.choices import AreaLevel
from lastmile.orgs.selectors import SYSTEM

SAMPLE = Path(__file__).with_name("divisions_sample.csv")


@pytest.fixture
def gazetteer(world):
    a = world.areas
    Place.objects.create(name="人民路", area=a["c1g1"], kind=PlaceKind.ROAD)
    Place.objects.create(name="人民路", area=a["c2g1"], kind=PlaceKind.ROAD)
    Place.objects.create(name="阳光小区", area=a["c1g2"], kind=PlaceKind.BUILDING)
    Place.objects.create(name="建设路", area=a["c2g2"], kind=PlaceKind.ROAD)
    Place.objects.create(name="老槐树", area=a["c2g1"], kind=PlaceKind.LANDMARK)
    return world


def test_normalize_folds_full_width_and_drops_spaces():
    assert normalize("建设路１２号 （北门）") == "建设路12号北门"


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("东风社区第1网格", "c1g1"),
        ("东风社区第１网格３栋", "c1g1"),  # full-width digits
        ("向阳社区", "c2"),
        ("向阳那边的菜市场", "c2"),  # the community without its 社区 suffix
        ("向阳社区居委会门口", "c2"),
        ("和平街道", "street"),
        ("建设路１２号", "c2g2"),  # "XX路12号": the road, whatever the number
        ("东风社区人民路12号", "c1g1"),  # a road in two grids: the one in the named community
        ("向阳社区人民路8号", "c2g1"),
        ("人民路阳光小区3栋2单元", "c1g2"),  # a building is more specific than a road
        ("老槐树下面", "c2g1"),
    ],
)
def test_resolve_address(gazetteer, address, expected):
    assert resolve_address(address) == gazetteer.areas[expected]


@pytest.mark.parametrize("address", ["", "  ", "路", "不知道在哪里", "12号"])
def test_unknown_address_resolves_to_nothing(gazetteer, address):
    assert resolve_address(address) is None


def test_the_resolver_is_registered_with_the_concern_hooks(gazetteer):
    assert hooks.resolve_place("建设路１２号") == gazetteer.areas["c2g2"]


def test_division_names_reach_areas_carrying_their_code(world):
    divisions_load(actor=SYSTEM, rows=read_rows(SAMPLE))
    taohua = org_services.area_create(
        name="桃花片区",
        code="430104002003",
        level=AreaLevel.COMMUNITY,
        parent=world.areas["street"],
    )
    # Residents write "桃花村"; the table knows it as 桃花村民委员会, coded like the area.
    assert resolve_address("岳麓区桃花村二组") == taohua


def test_queries_stay_flat(gazetteer, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        resolve_address("湖南省长沙市岳麓区东风社区人民路12号")


def test_concern_with_only_an_address_lands_in_its_grid(gazetteer):
    concern = submit(gazetteer, area=None, address="阳光小区５栋楼道灯不亮")
    assert concern.area == gazetteer.areas["c1g2"]


def test_a_point_inside_a_grid_wins_over_the_address(gazetteer):
    concern = submit(gazetteer, area=None, address="建设路12号", lat=28.205, lng=112.905)
    assert concern.area == gazetteer.areas["c1g1"]


def test_a_picked_grid_wins_over_the_address(gazetteer):
    concern = submit(gazetteer, area="c1g1", address="建设路12号")
    assert concern.area == gazetteer.areas["c1g1"]


def test_admins_edit_the_gazetteer_and_see_the_divisions(client, gazetteer, django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.login(username="root", password="pw")
    assert "人民路" in client.get("/admin/insight/place/").content.decode()
    assert client.get("/admin/insight/place/add/").status_code == 200
    response = client.post(
        "/admin/insight/place/add/",
        {"name": "文化广场", "kind": "landmark", "area": gazetteer.areas["c2g2"].pk},
    )
    assert response.status_code == 302
    assert resolve_address("文化广场东门") == gazetteer.areas["c2g2"]
    divisions_load(actor=SYSTEM, rows=read_rows(SAMPLE))
    assert "橘子洲街道" in client.get("/admin/insight/division/").content.decode()
