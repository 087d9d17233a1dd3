"""Real-browser journeys on a phone: a resident tracks a replied concern with code + PIN and
evaluates the cadre who replied; a resident answers an open 民主评议 round."""

from __future__ import annotations

import re

import pytest

from lastmile.concerns.services.intake import pin_for
from lastmile.orgs.testing import PASSWORD
from lastmile.scores.evaluation.models import CadreEvaluation, RoundResponse
from lastmile.scores.evaluation.services import round_create, round_open
from lastmile.scores.tests.evaluation.helpers import replied, resident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_evaluate_the_cadre_from_the_tracking_page(world, browser_page, live_server):
    concern = replied(world)
    page = browser_page
    page.goto(live_server.url + f"/track/?code={concern.code}")
    page.fill("input[name=code]", concern.code)
    page.fill("input[name=pin]", pin_for(concern.code))
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(rf"/track/{concern.code}/"))
    page.wait_for_selector("text=群众评议：评一评经办干部")
    assert _fits(page)
    cadre = world.people["handler"]
    form = page.locator("form.eval-form")
    form.locator(f"input[name='c{cadre.pk}-verdict'][value=mostly_satisfied]").check()
    form.locator("summary").click()
    form.locator(f"input[name='c{cadre.pk}-attitude'][value=satisfied]").check()
    form.locator("textarea").fill("答复很清楚，就是等得久了点。")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    page.wait_for_selector("text=谢谢！您对住建办理员的评议已记录。")
    assert page.locator("text=修改我的评价").count() == 1
    e = CadreEvaluation.objects.get()
    assert (e.verdict, e.attitude) == ("mostly_satisfied", "satisfied")
    assert not page.console_errors


def test_answer_a_round(world, village, browser_page, live_server):
    sup = world.actor("supervisor")
    rnd = round_open(
        actor=sup, rnd=round_create(actor=sup, area=village.area, title="2026年第四季度")
    )
    person = resident(world, "村民答卷", area="v1", username="res_browser")
    page = browser_page
    page.goto(live_server.url + "/accounts/login/?next=/scores/evaluation/rounds/")
    page.fill("input[name=username]", "res_browser")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("text=2026年第四季度")
    page.click("text=现在评议")
    page.wait_for_load_state()
    assert _fits(page)
    secretary = rnd.cadres.get(person=village.secretary)
    page.locator(f"input[name='c{secretary.pk}-verdict'][value=satisfied]").check()
    page.click("text=提交评议")
    page.wait_for_load_state()
    page.wait_for_selector("text=您已参加评议，谢谢！")
    response = RoundResponse.objects.get()
    assert response.person == person and response.answers.get().verdict == "satisfied"
