"""The learning pages with the Django test client: who gets in, what they see, forms that keep
what was typed, JSON heartbeats, the desk and the hours export."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lastmile.learning import services
from lastmile.learning.models import Course, QuizAttempt, StudyRecord
from lastmile.learning.tests.conftest import PDF
from lastmile.orgs.testing import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


# --- members ----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get("/learn/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_non_members_get_a_clear_page(client, learn):
    response = login(client, "t_outsider").get("/learn/")
    assert response.status_code == 403
    assert "面向党员" in response.content.decode()
    response = client.get(reverse("learning:course", args=[learn.course.pk]))
    assert response.status_code == 403


def test_my_courses(client, learn, django_assert_max_num_queries):
    login(client, "t_v_member")
    with django_assert_max_num_queries(14):
        response = client.get("/learn/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "党章学习" in body and "我的课程" in body
    due = learn.course.assignments.get().due
    assert f"{due.month}月{due.day}日" in body


def test_other_branches_see_nothing_and_get_404(client, learn):
    login(client, "t_c1_member")
    body = client.get("/learn/").content.decode()
    assert "党章学习" not in body
    assert client.get(reverse("learning:course", args=[learn.course.pk])).status_code == 404
    assert client.get(reverse("learning:item", args=[learn.article.pk])).status_code == 404
    beat = client.post(reverse("learning:beat", args=[learn.article.pk]), {"seconds": 30})
    assert beat.status_code == 404
    assert client.get(reverse("learning:quiz", args=[learn.course.pk])).status_code == 404


def test_item_page_and_heartbeat(client, clock, learn):
    login(client, "t_v_member")
    page = client.get(reverse("learning:item", args=[learn.article.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "第一章 党员" in body and "learning/study.js" in body
    assert f'data-beat-url="/learn/item/{learn.article.pk}/beat/"' in body
    url = reverse("learning:beat", args=[learn.article.pk])
    assert client.get(url).status_code == 405
    first = client.post(url, {"seconds": 0, "start": "1"}).json()
    assert first["credited"] == 0
    clock.set(clock.moment + dt.timedelta(seconds=30))
    data = client.post(url, {"seconds": 30}).json()
    assert (data["credited"], data["seconds"], data["required"]) == (30, 30, 120)
    assert client.post(url, {"seconds": "lots"}).status_code == 400


def test_video_is_a_link_not_an_embed(client, learn):
    login(client, "t_v_member")
    body = client.get(reverse("learning:item", args=[learn.video.pk])).content.decode()
    assert 'href="https://www.12371.cn/special/dz/"' in body
    assert "<iframe" not in body and "<video" not in body


def test_documents_are_served_only_to_assigned_members(client, learn):
    item = services.item_add(
        actor=learn.secretary,
        course=learn.course,
        kind="document",
        title="党章全文",
        expected_minutes=10,
        document=__import__("lastmile.learning.content", fromlist=["x"]).clean_document(
            "党章.pdf", PDF
        ),
    )
    url = reverse("learning:document", args=[item.pk])
    response = login(client, "t_v_member").get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    client.logout()
    assert login(client, "t_c1_member").get(url).status_code == 404
    assert client.get(reverse("learning:document", args=[learn.article.pk])).status_code == 404


def _answers(qs):
    return {f"q{q}": [str(c) for c in choices] for q, choices in qs.items()}


def test_quiz_keeps_answers_and_names_missing_ones(client, learn):
    login(client, "t_v_member")
    url = reverse("learning:quiz", args=[learn.course.pk])
    assert client.get(url).status_code == 200
    answers = _answers(learn.right_answers())
    q2 = learn.questions[1]
    del answers[f"q{q2.pk}"]
    response = client.post(url, answers)
    body = response.content.decode()
    assert response.status_code == 400
    assert "请回答每一道题" in body and "请回答这道题" in body
    q1_right = answers[f"q{learn.questions[0].pk}"][0]
    assert f'value="{q1_right}" checked' in body
    assert not QuizAttempt.objects.exists()


def test_quiz_refuses_a_foreign_question(client, learn):
    other = Course.objects.create(title="别的课程", area=learn.village.area)
    foreign = other.questions.create(text="别的问题", kind="single")
    choice = foreign.choices.create(text="甲", is_correct=True)
    login(client, "t_v_member")
    data = {**_answers(learn.right_answers()), f"q{foreign.pk}": [str(choice.pk)]}
    response = client.post(reverse("learning:quiz", args=[learn.course.pk]), data)
    assert response.status_code == 400
    assert "不在这份测验中" in response.content.decode()


def test_pass_the_quiz_and_see_the_result(client, learn):
    login(client, "t_v_member")
    url = reverse("learning:quiz", args=[learn.course.pk])
    response = client.post(url, _answers(learn.right_answers()))
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:attempt", args=[learn.course.pk, 1])
    body = client.get(response["Location"]).content.decode()
    assert "通过" in body and "100%" in body
    assert client.get(reverse("learning:attempt", args=[learn.course.pk, 9])).status_code == 404


def test_record_shows_hours(client, clock, learn):
    member = learn.actor("member")
    services.study_beat(actor=member, item=learn.article, seconds=0, start=True)
    for _ in range(4):
        clock.set(clock.moment + dt.timedelta(seconds=30))
        services.study_beat(actor=member, item=learn.article, seconds=30)
    login(client, "t_v_member")
    response = client.get(reverse("learning:record"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "学习记录" in body and "学时" in body
    assert response.context["periods"][0][1] == round(120 / 3600, 1)


def test_digest_preferences_form(client, learn):
    login(client, "t_v_member")
    url = reverse("learning:digests")
    assert client.get(url).status_code == 200
    response = client.post(url, {"frequency": "hourly"})
    assert response.status_code == 400
    assert "选择" in response.content.decode()
    response = client.post(url, {"frequency": "daily"})
    assert response.status_code == 302


# --- desk -------------------------------------------------------------------------------------


def test_desk_is_for_managers(client, learn):
    assert login(client, "t_v_member").get("/learn/desk/").status_code == 403
    client.logout()
    login(client, "t_c1_handler")
    assert client.get("/learn/desk/").status_code == 200
    assert client.get(reverse("learning:desk_course", args=[learn.course.pk])).status_code == 404


def test_desk_lists_courses(client, learn, django_assert_max_num_queries):
    login(client, "t_v_secretary")
    with django_assert_max_num_queries(12):
        response = client.get("/learn/desk/")
    assert response.status_code == 200 and "党章学习" in response.content.decode()


def test_create_a_course_keeps_input_on_errors(client, village):
    login(client, "t_v_secretary")
    response = client.post(
        reverse("learning:desk_new"),
        {
            "title": "垃圾分类政策",
            "area": village.area.pk,
            "completion": "time",
            "pass_mark": 0,
            "max_attempts": 3,
        },
    )
    assert response.status_code == 400
    assert 'value="垃圾分类政策"' in response.content.decode()
    response = client.post(
        reverse("learning:desk_new"),
        {
            "title": "垃圾分类政策",
            "area": village.area.pk,
            "completion": "time",
            "pass_mark": 60,
            "max_attempts": 3,
        },
    )
    course = Course.objects.get(title="垃圾分类政策")
    assert response["Location"] == reverse("learning:desk_course", args=[course.pk])


def test_editor_adds_items_and_questions_then_publishes_and_assigns(client, village):
    login(client, "t_v_secretary")
    client.post(
        reverse("learning:desk_new"),
        {
            "title": "消防安全",
            "area": village.area.pk,
            "completion": "quiz",
            "pass_mark": 60,
            "max_attempts": 0,
        },
    )
    course = Course.objects.get(title="消防安全")
    bad = client.post(
        reverse("learning:desk_item_new", args=[course.pk, "video"]),
        {"title": "灭火器使用", "expected_minutes": 5, "video_url": "javascript:alert(1)"},
    )
    assert bad.status_code == 400 and "http://" in bad.content.decode()
    fake = SimpleUploadedFile("手册.pdf", b"MZ not a pdf", content_type="application/pdf")
    bad = client.post(
        reverse("learning:desk_item_new", args=[course.pk, "document"]),
        {"title": "消防手册", "expected_minutes": 10, "document": fake},
    )
    assert bad.status_code == 400 and "不是PDF" in bad.content.decode().replace(" ", "")
    real = SimpleUploadedFile("手册.pdf", PDF, content_type="application/pdf")
    ok = client.post(
        reverse("learning:desk_item_new", args=[course.pk, "document"]),
        {"title": "消防手册", "expected_minutes": 10, "document": real},
    )
    assert ok.status_code == 302
    refused = client.post(reverse("learning:desk_course_action", args=[course.pk, "publish"]))
    assert refused.status_code == 400  # the quiz completes this course: questions first
    client.post(
        reverse("learning:desk_question_new", args=[course.pk]),
        {
            "text": "发现火情先做什么？",
            "kind": "single",
            "choice_1": "拨打119",
            "correct_1": "on",
            "choice_2": "先收拾东西",
        },
    )
    assert course.questions.count() == 1
    done = client.post(reverse("learning:desk_course_action", args=[course.pk, "publish"]))
    assert done.status_code == 302
    again = client.post(reverse("learning:desk_course_action", args=[course.pk, "publish"]))
    assert again.status_code == 409 and "已发布" in again.content.decode()
    due = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    assigned = client.post(
        reverse("learning:desk_assign", args=[course.pk]),
        {"audience": "branch", "branch": village.area.pk, "due": due},
    )
    assert assigned.status_code == 302
    page = client.get(reverse("learning:desk_course", args=[course.pk])).content.decode()
    assert "桃园村" in page and "消防手册" in page


def test_hours_report_and_export(client, clock, learn):
    member = learn.actor("member")
    services.study_beat(actor=member, item=learn.article, seconds=0, start=True)
    clock.set(clock.moment + dt.timedelta(seconds=60))
    services.study_beat(actor=member, item=learn.article, seconds=60)
    login(client, "t_v_secretary")
    response = client.get(reverse("learning:desk_hours"))
    assert response.status_code == 200
    assert response.context["branch"] == learn.village.area  # one branch: shown at once
    assert "桃园学员" in response.content.decode()
    bad = client.get(reverse("learning:desk_hours"), {"period": "month", "value": "2026-13"})
    assert bad.status_code == 400 and "1到12" in bad.content.decode().replace(" ", "")
    export = client.get(
        reverse("learning:desk_hours_xlsx"),
        {"period": "month", "value": "2026-11", "branch": learn.village.area.pk},
    )
    assert export.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0].startswith("桃园村")
    member_row = next(r for r in rows if r[0] == "桃园学员")
    assert member_row[1] == round(60 / 3600, 1) and member_row[3] == 1
    other = client.get(reverse("learning:desk_hours"), {"branch": learn.world.areas["c1"].pk})
    assert other.status_code == 400  # not a branch this secretary manages


def test_json_is_json(client, clock, learn):
    login(client, "t_v_member")
    response = client.post(reverse("learning:beat", args=[learn.article.pk]), {"start": "1"})
    assert json.loads(response.content)["seconds"] == 0
    assert not StudyRecord.objects.get().seconds


def test_edit_items_rules_and_assignments_at_the_desk(client, learn):
    login(client, "t_v_secretary")
    course_url = reverse("learning:desk_course", args=[learn.course.pk])
    edit = reverse("learning:desk_item_edit", args=[learn.article.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {
            "title": "第一章 党员（修订）",
            "expected_minutes": 3,
            "body": "<p>新正文</p><script>x()</script>",
        },
    )
    assert response.status_code == 302
    learn.article.refresh_from_db()
    assert learn.article.body == "<p>新正文</p>" and learn.article.expected_minutes == 3
    stale = client.post(
        reverse("learning:desk_course_edit", args=[learn.course.pk]),
        {
            "title": "党章学习",
            "completion": "time",
            "pass_mark": 80,
            "max_attempts": 3,
            "version": learn.course.version - 1,
        },
    )
    assert stale.status_code == 400 and "刚刚有人修改" in stale.content.decode()
    course = Course.objects.get(pk=learn.course.pk)
    saved = client.post(
        reverse("learning:desk_course_edit", args=[course.pk]),
        {
            "title": "党章学习",
            "completion": "time",
            "pass_mark": 80,
            "max_attempts": 3,
            "version": course.version,
        },
    )
    assert saved.status_code == 302 and Course.objects.get(pk=course.pk).pass_mark == 80
    removed = client.post(reverse("learning:desk_item_remove", args=[learn.video.pk]))
    assert removed.status_code == 302
    assignment = learn.course.assignments.get()
    cancel = reverse("learning:desk_assignment_cancel", args=[assignment.pk])
    assert client.post(cancel).status_code == 302
    assert not learn.course.assignments.exists()
    archived = client.post(reverse("learning:desk_course_action", args=[course.pk, "archive"]))
    assert archived.status_code == 302
    page = client.get(course_url).content.decode()
    assert "已归档" in page and "重新发布" in page
    client.logout()
    login(client, "t_c1_handler")
    assert client.post(cancel).status_code == 404
    assert client.get(edit).status_code == 404


def test_desk_entry_is_registered_for_managers_only(learn):
    from lastmile.concerns.hooks import desk_links

    def urls(actor):
        return [link.url for link in desk_links(actor)]

    assert "learning:desk" in urls(learn.secretary)
    assert "learning:desk" in urls(learn.world.actor("dispatcher"))
    assert "learning:desk" not in urls(learn.actor("member"))
