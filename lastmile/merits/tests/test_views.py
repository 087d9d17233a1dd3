"""Pages with the Django test client: public, my points, self-report, the desk."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from lastmile.merits.choices import DeedStatus, RedemptionStatus
from lastmile.merits.models import Deed, Goods, ModelStory, Redemption
from lastmile.merits.services import shop, stories
from lastmile.merits.services.points import points_award, points_balance
from lastmile.merits.tests.conftest import Rules, approve, login, record
from lastmile.orgs.models import Person
from lastmile.orgs.testing import World

pytestmark = pytest.mark.django_db


def _goods(world: World, **kw: object) -> Goods:
    values: dict[str, object] = {"name": "洗衣液", "price": 12, "stock": 3}
    values.update(kw)
    return shop.goods_create(
        actor=world.actor("c1_handler"),
        community=world.areas["c1"],
        **values,  # type: ignore[arg-type]
    )


def test_public_page_masks_names_without_consent(
    client: Client, world: World, rules: Rules, resident: Person, django_assert_max_num_queries
) -> None:
    approve(world, record(world, rules, resident, title="帮独居老人买菜送药"))
    named = Person.objects.create(name="赵小红", home_area=world.areas["c1g2"], phone="13912345678")
    approve(
        world, record(world, rules, named, key="c1_handler", name_public=True), key="dispatcher"
    )
    _goods(world)
    for i in range(5):
        approve(world, record(world, rules, resident, title=f"清理楼道杂物{i}"))
    with django_assert_max_num_queries(12):
        response = client.get("/merits/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "帮独居老人买菜送药" in page
    assert "王*芳" in page and "王小芳" not in page
    assert "赵小红" in page  # agreed to be named
    assert "13800001234" not in page and "13912345678" not in page
    assert "洗衣液" in page and "正能量加油站" in page


def test_public_lists(
    client: Client, world: World, rules: Rules, resident: Person, django_assert_max_num_queries
) -> None:
    for i in range(25):
        approve(world, record(world, rules, resident, title=f"好事{i}"))
    with django_assert_max_num_queries(6):
        response = client.get("/merits/deeds/")
    assert response.status_code == 200
    assert "共 25 件好人好事" in response.content.decode()
    assert client.get("/merits/deeds/?page=2").status_code == 200
    assert client.get(f"/merits/deeds/?community={world.areas['c2'].pk}").status_code == 200
    for period in ("month", "quarter", "year", "bogus"):
        assert client.get(f"/merits/ranking/?period={period}").status_code == 200
    assert "王*芳" in client.get("/merits/ranking/?period=year").content.decode()


def test_empty_public_pages_say_something_useful(client: Client, db: object) -> None:
    page = client.get("/merits/").content.decode()
    assert "还没有公示的好人好事" in page
    assert "爱心超市还没有上架物品" in page
    assert client.get("/merits/shop/").status_code == 200


def test_anonymous_self_report_asks_to_log_in_with_a_sign_up_link(
    client: Client, db: object
) -> None:
    response = client.get("/merits/me/report/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "申报好人好事需要先登录" in page
    assert "/accounts/signup/?next=/merits/me/report/" in page
    assert "/accounts/login/?next=/merits/me/report/" in page
    assert client.post("/merits/me/report/", {"title": "x"}).status_code == 403
    assert not Deed.objects.exists()
    assert client.get("/merits/me/").status_code == 302


def test_resident_self_reports_and_a_bad_form_keeps_what_was_typed(
    client: Client, world: World, rules: Rules, resident: Person
) -> None:
    login(client, world, "resident")
    data = {
        "item": rules.hourly.pk,
        "title": "参加社区义诊志愿服务",
        "occurred_on": timezone.localdate().isoformat(),
        "hours": "30",
    }
    response = client.post("/merits/me/report/", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "一天最多 24 小时。" in page
    assert "参加社区义诊志愿服务" in page
    data["hours"] = "3"
    response = client.post("/merits/me/report/", data)
    assert response.status_code == 302 and response["Location"] == "/merits/me/"
    deed = Deed.objects.get()
    assert deed.person == resident and deed.status == DeedStatus.PENDING
    page = client.get("/merits/me/").content.decode()
    assert "参加社区义诊志愿服务" in page and "待审核" in page


def test_my_page_shows_balance_and_running_ledger(
    client: Client, world: World, resident: Person, django_assert_max_num_queries
) -> None:
    actor = world.actor("c1_handler")
    for i in range(30):
        points_award(actor=actor, person=resident, points=2, cause=f"t:{i}", reason=f"好事{i}")
    login(client, world, "resident")
    with django_assert_max_num_queries(12):
        response = client.get("/merits/me/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="balance">60<' in page
    assert "好事29" in page and "好事10" in page and "好事9<" not in page
    assert "好事9<" in client.get("/merits/me/?page=2").content.decode()


def test_desk_needs_staff(client: Client, world: World, resident: Person) -> None:
    login(client, world, "resident")
    assert client.get("/merits/desk/").status_code == 403
    client.logout()
    login(client, world, "gridder")
    assert client.get("/merits/desk/").status_code == 200
    assert client.get("/merits/desk/counter/").status_code == 403  # grid workers record only


def test_grid_worker_records_then_cadre_approves_through_the_pages(
    client: Client, world: World, rules: Rules, resident: Person, django_assert_max_num_queries
) -> None:
    login(client, world, "gridder")
    page = client.get("/merits/desk/record/?q=王小").content.decode()
    assert "王小芳" in page and "138****1234" in page and "13800001234" not in page
    response = client.post(
        f"/merits/desk/record/?person={resident.pk}",
        {
            "item": rules.helping.pk,
            "title": "帮独居老人买菜送药",
            "occurred_on": timezone.localdate().isoformat(),
            "name_public": "on",
        },
    )
    assert response.status_code == 302
    deed = Deed.objects.get()
    assert deed.name_public and deed.consent_recorded_by == world.people["gridder"]
    # The grid worker cannot approve: 403 with the reason.
    response = client.post(f"/merits/desk/deeds/{deed.pk}/approve/", {"version": deed.version})
    assert response.status_code == 403
    client.logout()
    login(client, world, "c1_handler")
    with django_assert_max_num_queries(14):
        queue = client.get("/merits/desk/")
    assert "帮独居老人买菜送药" in queue.content.decode()
    response = client.post(f"/merits/desk/deeds/{deed.pk}/approve/", {"version": deed.version})
    assert response.status_code == 302
    deed.refresh_from_db()
    assert deed.status == DeedStatus.APPROVED and points_balance(resident) == 10
    public = client.get("/merits/").content.decode()
    assert "王小芳" in public and "+10" in public
    # Approving again: 409 naming the status.
    response = client.post(f"/merits/desk/deeds/{deed.pk}/approve/", {"version": deed.version})
    assert response.status_code == 409 and "已批准" in response.content.decode()


def test_approving_a_deed_outside_the_reviewers_area_is_404(
    client: Client, world: World, rules: Rules, resident: Person
) -> None:
    deed = record(world, rules, resident)
    login(client, world, "c2_handler")
    assert client.get(f"/merits/desk/deeds/{deed.pk}/").status_code == 404
    response = client.post(f"/merits/desk/deeds/{deed.pk}/approve/", {"version": deed.version})
    assert response.status_code == 404
    deed.refresh_from_db()
    assert deed.status == DeedStatus.PENDING


def test_reject_without_reason_shows_the_error_at_the_field(
    client: Client, world: World, rules: Rules, resident: Person
) -> None:
    deed = record(world, rules, resident)
    login(client, world, "c1_handler")
    response = client.post(f"/merits/desk/deeds/{deed.pk}/reject/", {"version": deed.version})
    assert response.status_code == 400
    assert "请填写理由，让本人知道原因。" in response.content.decode()
    response = client.post(
        f"/merits/desk/deeds/{deed.pk}/reject/", {"version": deed.version, "reason": "重复登记"}
    )
    assert response.status_code == 302
    deed.refresh_from_db()
    assert deed.status == DeedStatus.REJECTED


def test_counter_redeems_and_refuses_clearly(
    client: Client, world: World, resident: Person, django_assert_max_num_queries
) -> None:
    goods = _goods(world, price=12, stock=3)
    _goods(world, name="大米", price=40, stock=0)
    points_award(
        actor=world.actor("c1_handler"), person=resident, points=30, cause="d:1", reason="好事"
    )
    login(client, world, "c1_handler")
    with django_assert_max_num_queries(14):
        page = client.get(f"/merits/desk/counter/?person={resident.pk}").content.decode()
    assert 'id="balance">30<' in page
    response = client.post(
        f"/merits/desk/counter/?person={resident.pk}", {"goods": goods.pk, "quantity": 3}
    )
    assert response.status_code == 400
    assert "积分不足：当前余额 30 分，需要 36 分。" in response.content.decode()
    response = client.post(
        f"/merits/desk/counter/?person={resident.pk}", {"goods": goods.pk, "quantity": 2}
    )
    assert response.status_code == 302
    goods.refresh_from_db()
    assert goods.stock == 1 and points_balance(resident) == 6
    page = client.get(response["Location"]).content.decode()
    assert 'id="balance">6<' in page and "已兑换：洗衣液 × 2，扣 24 积分。" in page


def test_counter_hands_over_a_reservation(client: Client, world: World, resident: Person) -> None:
    goods = _goods(world)
    points_award(
        actor=world.actor("c1_handler"), person=resident, points=30, cause="d:1", reason="好事"
    )
    login(client, world, "resident")
    response = client.post(f"/merits/shop/{goods.pk}/reserve/", {"quantity": 1})
    assert response.status_code == 302
    reservation = Redemption.objects.get()
    assert reservation.status == RedemptionStatus.RESERVED
    client.logout()
    login(client, world, "c1_handler")
    page = client.get(f"/merits/desk/counter/?person={resident.pk}").content.decode()
    assert "已预约，待交付" in page
    response = client.post(
        f"/merits/desk/redemptions/{reservation.pk}/hand-over/", {"version": reservation.version}
    )
    assert response.status_code == 302
    reservation.refresh_from_db()
    assert reservation.status == RedemptionStatus.HANDED_OVER


def test_resident_cancels_own_reservation(client: Client, world: World, resident: Person) -> None:
    goods = _goods(world)
    points_award(
        actor=world.actor("c1_handler"), person=resident, points=30, cause="d:1", reason="好事"
    )
    login(client, world, "resident")
    client.post(f"/merits/shop/{goods.pk}/reserve/", {"quantity": 1})
    reservation = Redemption.objects.get()
    response = client.post(
        f"/merits/me/reservations/{reservation.pk}/cancel/", {"version": reservation.version}
    )
    assert response.status_code == 302
    assert points_balance(resident) == 30


def test_goods_and_stock_pages(client: Client, world: World) -> None:
    login(client, world, "c1_handler")
    response = client.post(
        "/merits/desk/goods/", {"name": "食用油", "price": "45", "stock": "10", "description": ""}
    )
    assert response.status_code == 302
    goods = Goods.objects.get(name="食用油")
    assert goods.community == world.areas["c1"]
    response = client.post("/merits/desk/goods/", {"name": "食用油", "price": "0", "stock": "1"})
    assert response.status_code == 400
    response = client.post(f"/merits/desk/goods/{goods.pk}/", {"change": "-11", "note": ""})
    assert response.status_code == 400
    assert "库存只有 10 件，不能减少 11 件。" in response.content.decode()
    response = client.post(f"/merits/desk/goods/{goods.pk}/", {"change": "5", "note": "捐赠"})
    assert response.status_code == 302
    goods.refresh_from_db()
    assert goods.stock == 15
    response = client.post(
        f"/merits/desk/goods/{goods.pk}/",
        {"name": "食用油5L", "price": "50", "description": "", "version": goods.version},
    )
    assert response.status_code == 302
    goods.refresh_from_db()
    assert (goods.name, goods.price, goods.is_active) == ("食用油5L", 50, False)
    client.logout()
    login(client, world, "c2_handler")
    assert client.get(f"/merits/desk/goods/{goods.pk}/").status_code == 404


def test_model_story_needs_consent(client: Client, world: World, resident: Person) -> None:
    login(client, world, "c1_handler")
    data = {
        "title": "十年如一日照顾孤寡老人",
        "story": "王小芳十年来每天为楼上的孤寡老人送饭、打扫卫生，邻里称赞。",
        "period_kind": "quarter",
        "period_day": timezone.localdate().isoformat(),
    }
    response = client.post(f"/merits/desk/stories/?person={resident.pk}", data)
    assert response.status_code == 400
    assert "典型示范会公开本人姓名，请先确认并记录本人同意。" in response.content.decode()
    data["consent"] = "on"
    response = client.post(f"/merits/desk/stories/?person={resident.pk}", data)
    assert response.status_code == 302
    story = ModelStory.objects.get()
    assert story.consent_recorded_by == world.people["c1_handler"]
    client.logout()
    page = client.get("/merits/").content.decode()
    assert "十年如一日照顾孤寡老人" in page
    detail = client.get(f"/merits/stories/{story.pk}/").content.decode()
    assert "王小芳" in detail
    stories.story_withdraw(actor=world.actor("c1_handler"), story=story)
    assert client.get(f"/merits/stories/{story.pk}/").status_code == 404


def test_tallies_page_and_xlsx_export(
    client: Client, world: World, rules: Rules, resident: Person
) -> None:
    approve(world, record(world, rules, resident, item=rules.hourly, hours="2"))
    login(client, world, "c1_handler")
    response = client.get("/merits/desk/tallies/?period=month")
    page = response.content.decode()
    assert response.status_code == 200
    assert "东风社区" in page and "王小芳" in page
    response = client.get("/merits/desk/tallies.xlsx?period=year")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    people = workbook["个人明细"]
    assert people["B2"].value == "王小芳" and people["D2"].value == 10
    assert workbook["社区汇总"]["B2"].value == "东风社区"
    client.logout()
    login(client, world, "gridder")
    assert client.get("/merits/desk/tallies/").status_code == 403
