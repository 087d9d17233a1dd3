"""Public pages with the test client: the station list (open now, on duty, phone first, query
count), a station's page (hours with holidays, services), guides (search, printable), the home
page panel (nearest by ?lat=&lng=), and the check-in buttons."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from lastmile.orgs.testing import PASSWORD
from lastmile.stations import services
from lastmile.stations.choices import StationKind
from lastmile.stations.tests.helpers import T, aware, shift

pytestmark = pytest.mark.django_db


def login(client, net, key):
    user = net.people[key].user if key in net.people else net.world.people[key].user
    assert client.login(username=user.get_username(), password=PASSWORD)
    return client


def test_station_list_shows_open_now_and_who_is_on_duty(
    client, net, clock, django_assert_max_num_queries
):
    shift(net, "duty", net.c1, aware(2026, 11, 23, 9), aware(2026, 11, 23, 12), "值班站长")
    clock.set(aware(2026, 11, 23, 9, 5))
    services.duty_check_in(actor=net.actor("duty"), station=net.c1)
    for i in range(4):  # more points do not cost more queries
        services.station_create(
            actor=net.actor("admin"),
            name=f"东风社区第{i + 1}服务点",
            kind=StationKind.POINT,
            area=net.world.areas["c1"],
            unit=net.world.units["c1_org"],
            address=f"幸福路{i + 10}号",
            phone="0731-8000999",
        )
    with django_assert_max_num_queries(8):
        response = client.get(reverse("stations:list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("和平街道党群服务中心") < body.index("东风社区党群服务站")  # centre first
    assert "值班站长 李同志" in body and "李秀英" not in body
    assert "正在开放" in body and 'href="tel:0731-8000201"' in body
    assert "暂无人员签到在岗" in body  # the centre is open but no one checked in


def test_station_list_nearest_first(client, net):
    response = client.get(reverse("stations:list"), {"lat": "28.205", "lng": "112.986"})
    body = response.content.decode()
    assert body.index("桃园村党群服务站") < body.index("和平街道党群服务中心")
    assert "距您" in body
    bad = client.get(reverse("stations:list"), {"lat": "abc", "lng": "1e999"})
    assert bad.status_code == 200


def test_station_page_hours_holidays_and_services(client, net, clock):
    services.hours_exception_add(
        actor=net.actor("admin"),
        station=net.c1,
        day=date(2026, 11, 25),
        closed=False,
        opens=T("09:00"),
        closes=T("11:00"),
        note="党员活动日，下午暂停服务",
    )
    response = client.get(reverse("stations:station", args=[net.c1.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "党员活动日，下午暂停服务" in body and "09:00–11:00" in body
    assert "居住证办理" in body and "最低生活保障申请" in body and "最多跑一次" in body
    assert "星期六" in body and "闭馆" in body
    assert client.get(reverse("stations:station", args=[99999])).status_code == 404


def test_station_page_on_a_holiday(client, world, village):
    from lastmile.concerns.demo.clock import Clock, frozen
    from lastmile.stations.tests.helpers import build_network

    with frozen(Clock(aware(2026, 10, 1, 10))):
        net = build_network(world, village)
        body = client.get(reverse("stations:station", args=[net.c1.pk])).content.decode()
        assert "现在闭馆" in body and "法定节假日" in body and "国庆节" in body
        panel = client.get("/").content.decode()
        assert "和平街道党群服务中心" in panel and "现在闭馆" in panel


def test_guides_search_and_printable_page(client, net):
    response = client.get(reverse("stations:guides"), {"q": "低保"})
    body = response.content.decode()
    assert response.status_code == 200 and "最低生活保障申请" in body and "居住证办理" not in body
    empty = client.get(reverse("stations:guides"), {"q": "不存在的事项"}).content.decode()
    assert "没有找到相关事项" in empty
    guide = net.guides["juzhuzheng"]
    page = client.get(reverse("stations:guide", args=[guide.pk])).content.decode()
    assert "居民身份证原件" in page and "打印本指南" in page and "15个工作日" in page
    assert "和平街道党群服务中心" in page and "东风社区党群服务站" in page
    guide.is_active = False
    guide.save()
    assert client.get(reverse("stations:guide", args=[guide.pk])).status_code == 404


def test_home_page_panel(client, net):
    body = client.get("/").content.decode()
    assert "您身边的党群服务中心" in body and "和平街道党群服务中心" in body
    near = client.get("/", {"lat": "28.206", "lng": "112.906"}).content.decode()
    assert "离您最近的服务站点" in near and "东风社区党群服务站" in near


def test_check_in_buttons_and_the_public_page(client, net, clock):
    shift(net, "duty", net.c1, aware(2026, 11, 23, 9), aware(2026, 11, 23, 12), "值班站长")
    login(client, net, "duty")
    clock.set(aware(2026, 11, 23, 8, 40))
    page = client.get(reverse("stations:station", args=[net.c1.pk])).content.decode()
    assert "您在本站的班次" in page and "签到" in page
    wrong = client.post(reverse("stations:check_in", args=[net.centre.pk]), follow=True)
    assert "您现在的班次在东风社区党群服务站" in wrong.content.decode()
    ok = client.post(
        reverse("stations:check_in", args=[net.c1.pk]),
        {"next": reverse("stations:station", args=[net.c1.pk])},
        follow=True,
    )
    body = ok.content.decode()
    assert "已于08:40在东风社区党群服务站签到" in body and "值班站长 李同志" in body
    again = client.post(reverse("stations:check_in", args=[net.c1.pk]), follow=True)
    assert "已于08:40签到，无需重复签到" in again.content.decode()
    clock.set(aware(2026, 11, 23, 12, 5))
    out = client.post(reverse("stations:check_out", args=[net.c1.pk]), follow=True)
    assert "已于12:05签退" in out.content.decode()
    client.logout()
    public = client.get(reverse("stations:list")).content.decode()
    assert "值班站长 李同志" not in public
    # Check-in needs a login; a GET is not allowed.
    assert client.post(reverse("stations:check_in", args=[net.c1.pk])).status_code == 302
    login(client, net, "duty")
    assert client.get(reverse("stations:check_in", args=[net.c1.pk])).status_code == 405
    assert client.post(reverse("stations:check_in", args=[99999])).status_code == 404
