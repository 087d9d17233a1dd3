from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lastmile.orgs.testing import PASSWORD
from lastmile.rectify.export import HEADERS
from lastmile.rectify.models import LedgerItem
from lastmile.rectify.tests.helpers import register, to_status

pytestmark = pytest.mark.django_db


def login(client, world, key):
    assert client.login(username=world.username(key), password=PASSWORD)
    return client


def test_scoping_404_outside(client, world):
    item = register(world)
    url = reverse("rectify:desk_item", args=[item.number])
    assert login(client, world, "c1_handler").get(url).status_code == 200
    client.logout()
    assert login(client, world, "c2_handler").get(url).status_code == 404
    client.logout()
    assert login(client, world, "handler").get(url).status_code == 404
    client.logout()
    assert login(client, world, "dispatcher").get(url).status_code == 200  # superior unit


def test_ledger_list_counts_and_overdue(client, world, django_assert_max_num_queries):
    register(world)
    late = register(world, title="超期事项")
    LedgerItem.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - dt.timedelta(1))
    login(client, world, "dispatcher")
    with django_assert_max_num_queries(14):
        response = client.get(reverse("rectify:desk"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "超期事项" in body and 'class="row urgent"' in body
    assert response.context["counts"]["overdue"] == 1
    response = client.get(reverse("rectify:desk"), {"overdue": "1"})
    assert list(response.context["page"].object_list) == [LedgerItem.objects.get(pk=late.pk)]


def test_register_form_keeps_input_and_names_fields(client, world):
    login(client, world, "c1_handler")
    response = client.post(
        reverse("rectify:desk_new"),
        {
            "source": "self",
            "title": "路面坑洼",
            "content": "",
            "owner_unit": world.units["c1_org"].pk,
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) >= {"content", "standard_of_done", "measures", "deadline"}
    assert "路面坑洼" in response.content.decode()


def test_register_form_creates(client, world):
    login(client, world, "c1_handler")
    response = client.post(
        reverse("rectify:desk_new"),
        {
            "source": "self",
            "title": "路面坑洼",
            "content": "小区门口路面坑洼",
            "owner_unit": world.units["c1_org"].pk,
            "standard_of_done": "路面平整",
            "measures": "修补",
            "deadline": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
        },
    )
    item = LedgerItem.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/{item.number}/")


def test_accept_by_owner_refused_with_message(client, world):
    item = to_status(world, "submitted")
    login(client, world, "c1_handler")
    url = reverse("rectify:desk_action", args=[item.number, "accept"])
    response = client.post(url, {"version": item.version, "satisfaction": "satisfied"})
    assert response.status_code == 403
    assert "销号" in response.content.decode()
    assert LedgerItem.objects.get(pk=item.pk).status == "submitted"


def test_stale_version_409_keeps_input(client, world):
    item = to_status(world, "closed")
    login(client, world, "dispatcher")
    url = reverse("rectify:desk_action", args=[item.number, "reopen"])
    response = client.post(
        url, {"version": item.version - 1, "reason": "recurred", "note": "又堆了"}
    )
    assert response.status_code == 409
    assert "又堆了" in response.content.decode()
    response = client.post(url, {"version": item.version, "reason": "recurred", "note": "又堆了"})
    assert response.status_code == 302
    assert LedgerItem.objects.get(pk=item.pk).status == "reopened"


def test_item_page_shows_allowed_actions(client, world):
    item = to_status(world, "submitted")
    login(client, world, "dispatcher")
    body = client.get(reverse("rectify:desk_item", args=[item.number])).content.decode()
    assert 'id="act-accept"' in body and 'id="act-submit"' not in body


def test_public_search_only_public_without_people(client, world):
    register(
        world,
        title="公开事项",
        is_public=True,
        owner_person=world.people["c1_handler"],
        content="联系13812345678",
    )
    register(world, title="内部事项")
    response = client.get(reverse("rectify:search"))
    body = response.content.decode()
    assert "公开事项" in body and "内部事项" not in body
    assert "东风社工" not in body
    item = LedgerItem.objects.get(title="公开事项")
    detail = client.get(reverse("rectify:public_item", args=[item.number])).content.decode()
    assert "13812345678" not in detail and "东风社工" not in detail
    hidden = LedgerItem.objects.get(title="内部事项")
    assert client.get(reverse("rectify:public_item", args=[hidden.number])).status_code == 404


def test_xlsx_export_headers_and_scope(client, world):
    register(world)
    register(world, who="c2_handler", owner_unit=world.units["c2_org"], title="向阳事项")
    login(client, world, "c1_handler")
    response = client.get(reverse("rectify:desk_export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADERS
    assert len(rows) == 2 and rows[1][4] == "东风社区党委"


def test_from_concern_link_prefills(client, world):
    from lastmile.concerns import services as concern_services
    from lastmile.concerns.choices import Channel, Kind

    result = concern_services.concern_submit(
        actor=world.actor("dispatcher"),
        channel=Channel.OPERATOR,
        kind=Kind.COMPLAINT,
        text="垃圾站异味反复出现",
        title="垃圾站异味",
        area=world.areas["c1g1"],
    )
    code = result.concern.code if hasattr(result, "concern") else result.code
    login(client, world, "dispatcher")
    response = client.get(reverse("rectify:desk_new"), {"concern": code})
    assert response.context["form"].initial["title"] == "垃圾站异味"
