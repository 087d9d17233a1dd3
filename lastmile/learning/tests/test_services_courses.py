"""Courses, items, questions and the course lifecycle, through the services."""

from __future__ import annotations

import pytest

from lastmile.core.errors import Conflict, InvalidInput, NotPermitted, TransitionNotAllowed
from lastmile.core.models import AuditEvent
from lastmile.learning import services
from lastmile.learning.choices import TRANSITIONS, CourseStatus
from lastmile.learning.content import clean_article
from lastmile.learning.models import Course
from lastmile.learning.tests.conftest import PDF, add_quiz, make_course

pytestmark = pytest.mark.django_db


def test_branch_secretary_creates_a_course_in_their_branch(world, village):
    course = make_course(world.actor("v_secretary"), village.area)
    assert course.status == "draft" and course.area == village.area
    assert AuditEvent.objects.filter(verb="learning.course_created", object_id=str(course.pk))


@pytest.mark.parametrize("who", ["outsider", "handler"])
def test_people_without_a_managed_area_cannot_create(world, village, who):
    with pytest.raises(NotPermitted):
        make_course(world.actor(who), village.area)


def test_a_branch_cannot_create_for_another_branch(world, village):
    with pytest.raises(NotPermitted):
        make_course(world.actor("v_secretary"), world.areas["c1"])


def test_street_dispatcher_covers_every_community(world, village):
    assert make_course(world.actor("dispatcher"), world.areas["street"]).pk
    assert make_course(world.actor("dispatcher"), village.area).pk


def test_rules_are_checked(world, village):
    secretary = world.actor("v_secretary")
    with pytest.raises(InvalidInput) as bad:
        make_course(secretary, village.area, title="  ")
    assert bad.value.field == "title"
    with pytest.raises(InvalidInput) as bad:
        make_course(secretary, village.area, pass_mark=0)
    assert bad.value.field == "pass_mark"
    with pytest.raises(InvalidInput) as bad:
        make_course(secretary, village.area, completion="vibes")
    assert bad.value.field == "completion"


def test_article_is_sanitised():
    dirty = (
        '<p onclick="steal()">正文<script>alert(1)</script></p><img src="http://x/y.png">'
        '<iframe src="https://v.example.com"></iframe><a href="javascript:alert(1)">链接</a>'
        '<a href="https://www.12371.cn/">共产党员网</a><style>p{}</style>'
    )
    clean = clean_article(dirty)
    for bad in ("onclick", "<script", "alert(1)", "<img", "<iframe", "javascript:", "<style"):
        assert bad not in clean
    assert "正文" in clean and 'href="https://www.12371.cn/"' in clean
    assert 'rel="noopener noreferrer nofollow"' in clean


def test_items_are_checked_by_kind(world, village):
    secretary = world.actor("v_secretary")
    course = make_course(secretary, village.area)

    def add(**kw):
        values = {"actor": secretary, "course": course, "title": "条目", "expected_minutes": 5}
        values.update(kw)
        return services.item_add(**values)

    with pytest.raises(InvalidInput) as bad:
        add(kind="article", body="<script>x</script><p> </p>")
    assert bad.value.field == "body"
    for url in ("javascript:alert(1)", "ftp://files.example.com/a.mp4", "www.example.com", ""):
        with pytest.raises(InvalidInput) as bad:
            add(kind="video", video_url=url)
        assert bad.value.field == "video_url"
    with pytest.raises(InvalidInput) as bad:
        add(kind="document")
    assert bad.value.field == "document"
    for minutes in (0, 601, None):
        with pytest.raises(InvalidInput) as bad:
            add(kind="article", body="<p>正文</p>", expected_minutes=minutes)
        assert bad.value.field == "expected_minutes"
    video = add(kind="video", video_url="https://v.example.com/watch?id=1")
    article = add(kind="article", body="<p>正文</p>")
    assert [video.position, article.position] == [1, 2]


def test_documents_are_checked_by_content(world, village):
    from lastmile.learning.content import clean_document

    with pytest.raises(InvalidInput) as bad:
        clean_document("党章.pdf", b"<html>not a pdf</html>")
    assert bad.value.field == "document" and "不是PDF" in str(bad.value).replace(" ", "")
    with pytest.raises(InvalidInput):
        clean_document("空.pdf", b"")
    doc = clean_document("中国共产党章程.PDF", PDF)
    secretary = world.actor("v_secretary")
    course = make_course(secretary, village.area)
    item = services.item_add(
        actor=secretary,
        course=course,
        kind="document",
        title="党章全文",
        expected_minutes=20,
        document=doc,
    )
    assert item.document_name == "中国共产党章程.pdf" and item.document_size == len(PDF)
    assert item.document.read() == PDF


def test_publish_needs_items_and_a_quiz_when_the_quiz_completes(world, village):
    secretary = world.actor("v_secretary")
    course = make_course(secretary, village.area, completion="quiz")
    with pytest.raises(InvalidInput, match="至少"):
        services.course_publish(actor=secretary, course=course)
    services.item_add(
        actor=secretary,
        course=course,
        kind="article",
        title="一",
        expected_minutes=3,
        body="<p>x</p>",
    )
    with pytest.raises(InvalidInput):
        services.course_publish(actor=secretary, course=course)
    add_quiz(secretary, course)
    course = services.course_publish(actor=secretary, course=course)
    assert course.status == "published" and course.published_at is not None


def _course_in(world, village, status: str) -> Course:
    secretary = world.actor("v_secretary")
    course = make_course(secretary, village.area)
    services.item_add(
        actor=secretary,
        course=course,
        kind="article",
        title="一",
        expected_minutes=3,
        body="<p>x</p>",
    )
    if status != "draft":
        course = services.course_publish(actor=secretary, course=course)
    if status == "archived":
        course = services.course_archive(actor=secretary, course=course)
    return course


ACTIONS = {
    "publish": services.course_publish,
    "archive": services.course_archive,
    "republish": services.course_republish,
}


@pytest.mark.parametrize("status", CourseStatus.values)
@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_every_action_in_every_status(world, village, status, action):
    course = _course_in(world, village, status)
    secretary = world.actor("v_secretary")
    if status in TRANSITIONS[action].sources:
        done = ACTIONS[action](actor=secretary, course=course, expected_version=course.version)
        assert done.status == TRANSITIONS[action].target
        assert AuditEvent.objects.filter(verb=f"learning.{action}").exists()
    else:
        with pytest.raises(TransitionNotAllowed) as refused:
            ACTIONS[action](actor=secretary, course=course)
        assert str(course.get_status_display()) in str(refused.value)


def test_stale_version_is_a_conflict(world, village):
    course = _course_in(world, village, "draft")
    with pytest.raises(Conflict):
        services.course_publish(
            actor=world.actor("v_secretary"), course=course, expected_version=course.version + 1
        )


def test_archived_course_cannot_be_edited(world, village):
    course = _course_in(world, village, "archived")
    with pytest.raises(InvalidInput):
        services.item_add(
            actor=world.actor("v_secretary"),
            course=course,
            kind="video",
            title="x",
            expected_minutes=3,
            video_url="https://v.example.com/",
        )


def test_other_branch_cannot_change_the_course(world, village):
    course = _course_in(world, village, "draft")
    with pytest.raises(NotPermitted):
        services.course_publish(actor=world.actor("c1_handler"), course=course)


def test_question_choices_are_checked(world, village):
    secretary = world.actor("v_secretary")
    course = make_course(secretary, village.area)

    def ask(kind, choices):
        return services.question_add(
            actor=secretary, course=course, text="问题", kind=kind, choices=choices
        )

    with pytest.raises(InvalidInput, match="两个"):
        ask("single", [("唯一", True)])
    with pytest.raises(InvalidInput):
        ask("single", [("甲", True), ("乙", True)])
    with pytest.raises(InvalidInput):
        ask("multiple", [("甲", False), ("乙", False)])
    question = ask("multiple", [("甲", True), ("乙", True), ("", True)])
    assert question.choices.count() == 2


def test_studied_items_and_answered_quizzes_stay(clock, learn):
    member = learn.actor("member")
    services.study_beat(actor=member, item=learn.article, seconds=0, start=True)
    clock.set(clock.moment.replace(minute=1))
    services.study_beat(actor=member, item=learn.article, seconds=30)
    with pytest.raises(InvalidInput):
        services.item_remove(actor=learn.secretary, item=learn.article)
    services.item_remove(actor=learn.secretary, item=learn.video)
    services.quiz_submit(actor=member, course=learn.course, answers=learn.wrong_answers())
    with pytest.raises(InvalidInput):
        services.question_remove(actor=learn.secretary, question=learn.questions[0])
    with pytest.raises(InvalidInput):
        add_quiz(learn.secretary, learn.course)
