"""群众评议 pages: the tracking-page panel and POST, the survey pages, the desk, the rankings."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lastmile.concerns.services.intake import pin_for
from lastmile.concerns.views.public import TRACKED
from lastmile.scores.conf import current_period
from lastmile.scores.evaluation.models import CadreEvaluation, EvaluationRound, RoundResponse
from lastmile.scores.evaluation.services import round_create, round_open
from lastmile.scores.models import Rollup
from lastmile.scores.tests.evaluation.helpers import replied, resident

pytestmark = pytest.mark.django_db


def _hold_pin(client, concern):
    session = client.session
    session[TRACKED] = {concern.code: pin_for(concern.code)}
    session.save()


def test_panel_shows_on_the_tracking_page_after_reply(client, world):
    concern = replied(world)
    _hold_pin(client, concern)
    page = client.get(f"/track/{concern.code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "群众评议：评一评经办干部" in html and "住建办理员" in html


def test_evaluate_through_the_panel(client, world):
    concern = replied(world)
    _hold_pin(client, concern)
    cadre = world.people["handler"]
    prefix = f"c{cadre.pk}-"
    response = client.post(
        f"/scores/evaluation/track/{concern.code}/",
        {
            "cadre": cadre.pk,
            prefix + "verdict": "satisfied",
            prefix + "attitude": "satisfied",
            prefix + "comment": "修得很快",
        },
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "谢谢！您对住建办理员的评议已记录。" in html
    assert "修改我的评价" in html
    e = CadreEvaluation.objects.get()
    assert e.verdict == "satisfied" and e.comment == "修得很快" and e.fingerprint


def test_a_rejected_evaluation_keeps_what_was_typed(client, world):
    concern = replied(world)
    _hold_pin(client, concern)
    cadre = world.people["handler"]
    prefix = f"c{cadre.pk}-"
    response = client.post(
        f"/scores/evaluation/track/{concern.code}/",
        {"cadre": cadre.pk, prefix + "comment": "忘了选满意度"},
        follow=True,
    )
    html = response.content.decode()
    assert "必填" in html
    assert "忘了选满意度" in html
    assert not CadreEvaluation.objects.exists()


def test_without_the_pin_it_is_404(client, world):
    concern = replied(world)
    response = client.post(
        f"/scores/evaluation/track/{concern.code}/",
        {
            "cadre": world.people["handler"].pk,
            f"c{world.people['handler'].pk}-verdict": "satisfied",
        },
    )
    assert response.status_code == 404


def test_staff_with_the_pin_are_refused_with_the_reason(client, world):
    concern = replied(world)
    client.force_login(world.people["dispatcher"].user)
    _hold_pin(client, concern)
    page = client.get(f"/track/{concern.code}/")
    assert "工作人员不能在这里评议干部" in page.content.decode()
    cadre = world.people["handler"]
    response = client.post(
        f"/scores/evaluation/track/{concern.code}/",
        {"cadre": cadre.pk, f"c{cadre.pk}-verdict": "satisfied"},
        follow=True,
    )
    assert response.status_code == 200
    assert not CadreEvaluation.objects.exists()


def _open_round(world, village):
    sup = world.actor("supervisor")
    return round_open(
        actor=sup, rnd=round_create(actor=sup, area=village.area, title="2026年第四季度")
    )


def test_resident_answers_a_round(client, world, village):
    rnd = _open_round(world, village)
    person = resident(world, "村民答卷", area="v1")
    client.force_login(person.user)
    listing = client.get("/scores/evaluation/rounds/")
    assert listing.status_code == 200 and "2026年第四季度" in listing.content.decode()
    page = client.get(f"/scores/evaluation/rounds/{rnd.pk}/")
    assert page.status_code == 200 and "桃园书记" in page.content.decode()
    cadre = rnd.cadres.get(person=village.secretary)
    response = client.post(
        f"/scores/evaluation/rounds/{rnd.pk}/",
        {f"c{cadre.pk}-verdict": "mostly_satisfied"},
        follow=True,
    )
    assert "谢谢！您的评议已记录。" in response.content.decode()
    assert "您已参加评议" in response.content.decode()
    assert RoundResponse.objects.get().answers.get().verdict == "mostly_satisfied"
    again = client.post(
        f"/scores/evaluation/rounds/{rnd.pk}/", {f"c{cadre.pk}-verdict": "satisfied"}
    )
    assert again.status_code == 400
    assert "您已经参加过这次评议" in again.content.decode()


def test_empty_answer_sheet_is_refused_with_a_message(client, world, village):
    rnd = _open_round(world, village)
    client.force_login(resident(world, "村民答卷", area="v1").user)
    response = client.post(f"/scores/evaluation/rounds/{rnd.pk}/", {})
    assert response.status_code == 400
    assert "请至少评议一位干部" in response.content.decode()


def test_round_of_another_area_is_404(client, world, village):
    rnd = _open_round(world, village)
    client.force_login(resident(world, "东风居民", area="c1").user)
    assert client.get(f"/scores/evaluation/rounds/{rnd.pk}/").status_code == 404


def test_rounds_pages_need_login(client):
    assert client.get("/scores/evaluation/rounds/").status_code == 302


def test_desk_create_open_close(client, world, village, django_assert_max_num_queries):
    client.force_login(world.people["supervisor"].user)
    bad = client.post("/scores/evaluation/desk/", {"title": "", "area": village.area.pk})
    assert bad.status_code == 400 and "必填" in bad.content.decode()
    response = client.post(
        "/scores/evaluation/desk/", {"title": "2026年第四季度", "area": village.area.pk}
    )
    rnd = EvaluationRound.objects.get()
    assert response.status_code == 302
    detail = client.get(f"/scores/evaluation/desk/{rnd.pk}/")
    assert detail.status_code == 200 and "开始评议并通知居民" in detail.content.decode()
    opened = client.post(f"/scores/evaluation/desk/{rnd.pk}/open/", {"version": 1}, follow=True)
    assert "评议已开始，已通知辖区居民。" in opened.content.decode()
    stale = client.post(f"/scores/evaluation/desk/{rnd.pk}/open/", {"version": 1}, follow=True)
    assert "刚刚有人修改了这轮评议" in stale.content.decode()
    closed = client.post(f"/scores/evaluation/desk/{rnd.pk}/close/", {"version": 2}, follow=True)
    assert "评议已结束。" in closed.content.decode()
    with django_assert_max_num_queries(12):
        listing = client.get("/scores/evaluation/desk/")
    assert listing.status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"/scores/evaluation/desk/{rnd.pk}/").status_code == 200


def test_desk_round_outside_scope_is_404_and_residents_cannot_reach_the_desk(
    client, world, village
):
    rnd = _open_round(world, village)
    client.force_login(world.people["c1_handler"].user)
    assert client.get(f"/scores/evaluation/desk/{rnd.pk}/").status_code == 404
    client.force_login(resident(world).user)
    assert client.get("/scores/evaluation/desk/").status_code == 404


def _rated_unit(world, n: int):
    """n evaluations of the housing handler this month, and a rollup row so the unit ranks."""
    for i in range(n):
        CadreEvaluation.objects.create(
            concern=replied(world),
            cadre=world.people["handler"],
            unit=world.units["housing"],
            role="replier",
            verdict="satisfied" if i % 2 == 0 else "mostly_satisfied",
            comment=f"第{i}条意见 电话13800001111",
            created_at=timezone.now(),
        )
    Rollup.objects.update_or_create(
        period=current_period(),
        level="unit",
        key=world.units["housing"].pk,
        defaults={"base": 4, "contacted": 4, "resolved": 4, "satisfied": 4, "received": 4},
    )


def test_rankings_show_the_column(client, world, django_assert_max_num_queries):
    _rated_unit(world, 6)
    public = client.get("/scores/").content.decode()
    assert "群众评议" in public and "95.0%" in public  # (3 + 0.9·3) / 6
    assert "第0条意见" not in public
    client.force_login(world.people["supervisor"].user)
    with django_assert_max_num_queries(20):
        desk = client.get("/scores/desk/")
    assert (
        "95.0%" in desk.content.decode()
        and "/scores/evaluation/desk/behind/" in desk.content.decode()
    )


def test_too_few_answers_shows_no_figure(client, world):
    _rated_unit(world, 3)
    html = client.get("/scores/").content.decode()
    assert "样本不足" in html


def test_drill_down_shows_comments_masked_within_scope(
    client, world, django_assert_max_num_queries
):
    _rated_unit(world, 5)
    key = world.units["housing"].pk
    url = f"/scores/evaluation/desk/behind/?period={current_period()}&level=unit&key={key}"
    client.force_login(world.people["supervisor"].user)
    with django_assert_max_num_queries(12):
        page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "第0条意见" in html
    assert "13800001111" not in html
    client.force_login(world.people["c2_handler"].user)
    assert client.get(url).status_code == 404
    assert client.get(url.replace("level=unit", "level=grid")).status_code == 404
