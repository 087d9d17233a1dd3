"""A party member on a phone: opens /learn/, reads an article while the page counts the time,
passes the quiz, sees the course completed and their hours, and opens their digest."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
from django.utils import timezone

from lastmile.learning import services
from lastmile.learning.models import Digest, StudyRecord
from lastmile.learning.tests.conftest import build_learn, make_course
from lastmile.orgs.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("LASTMILE_SHOTS", "")


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/learning-{name}.png", full_page=True)


def test_member_studies_passes_the_quiz_and_reads_the_digest(
    world, village, browser_page, live_server, settings
):
    settings.LASTMILE_LEARNING = {**settings.LASTMILE_LEARNING, "HEARTBEAT_SECONDS": 1}
    learn = build_learn(world, village, completion="quiz")
    page = browser_page
    page.goto(live_server.url + "/learn/")
    page.fill("input[name=username]", "t_v_member")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(live_server.url + "/learn/")
    assert page.locator("h1").inner_text() == "我的课程"
    assert _fits(page)
    _shot(page, "home")

    page.click("text=党章学习")
    assert page.locator("h1").inner_text() == "党章学习"
    page.click("text=第一章 党员")
    assert "年满十八岁" in page.locator("article").inner_text()
    assert _fits(page)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        record = StudyRecord.objects.filter(person=learn.member, item=learn.article).first()
        if record and record.seconds >= 3:
            break
        time.sleep(0.5)
    assert record is not None and record.seconds >= 3  # the page reported while visible
    page.wait_for_function("document.querySelector('[data-role=clock]').textContent !== '0:00'")
    _shot(page, "item")

    page.goto(f"{live_server.url}/learn/course/{learn.course.pk}/quiz/")
    right = learn.right_answers()
    for question in learn.questions:
        for choice in right[question.pk]:
            page.check(f"input[name=q{question.pk}][value='{choice}']")
    _shot(page, "quiz")
    page.click("button[type=submit]")
    assert "课程已完成" in page.locator("main").inner_text()
    assert _fits(page)
    page.click("text=返回课程")
    assert "已于" in page.locator("main").inner_text()  # "已于…完成本课程"

    page.click("nav >> text=学习记录")
    hours = page.locator(".learn-hours").inner_text()
    assert "学时" in hours and "分钟" in hours
    assert _fits(page)
    _shot(page, "record")

    fire = make_course(learn.secretary, village.area, title="消防安全")
    services.item_add(
        actor=learn.secretary,
        course=fire,
        kind="video",
        title="灭火器的使用",
        expected_minutes=5,
        video_url="https://v.example.com/119",
    )
    services.course_publish(actor=learn.secretary, course=fire)
    services.assignment_create(
        actor=learn.secretary,
        course=fire,
        audience="branch",
        area=village.area,
        due=timezone.localdate() + dt.timedelta(days=5),
    )
    services.digests_send()
    digest = Digest.objects.get(person=learn.member)
    page.click("nav >> text=手机党报")
    page.click(".item-title")
    assert page.url.endswith(f"/learn/digest/{digest.pk}/")
    text = page.locator("main").inner_text()
    assert "我的学习任务" in text and "消防安全" in text
    assert _fits(page)
    _shot(page, "digest")
    assert not page.console_errors


def test_branch_secretary_desk_pages_on_a_phone(world, village, browser_page, live_server):
    learn = build_learn(world, village)
    page = browser_page
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", "t_v_secretary")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/learn/desk/")
    page.click("text=党章学习")
    assert page.locator("h1").inner_text() == "党章学习"
    assert "桃园村" in page.locator("main").inner_text()
    assert _fits(page)
    _shot(page, "desk-course")
    page.goto(f"{live_server.url}/learn/desk/hours/")
    assert "桃园学员" in page.locator("main").inner_text()
    assert _fits(page)
    _shot(page, "desk-hours")
    page.goto(f"{live_server.url}/learn/desk/course/{learn.course.pk}/assign/")
    assert _fits(page)
    _shot(page, "desk-assign")
    assert not page.console_errors
