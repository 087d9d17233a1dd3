"""Quiz attempts checked on the server, and who an assignment reaches."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lastmile.core.errors import InvalidInput, NotFound, NotPermitted
from lastmile.core.models import AuditEvent
from lastmile.learning import services
from lastmile.learning.models import CourseCompletion, QuizAttempt
from lastmile.learning.selectors.member import my_courses
from lastmile.learning.services.quiz import Unanswered
from lastmile.learning.tests.conftest import add_quiz, build_learn, make_course

pytestmark = pytest.mark.django_db


def submit(learn, answers, who="member", course=None):
    return services.quiz_submit(
        actor=learn.actor(who), course=course or learn.course, answers=answers
    )


def test_right_answers_pass_and_every_attempt_is_recorded(learn):
    first = submit(learn, learn.wrong_answers())
    assert (first.number, first.score, first.passed) == (1, 0, False)
    answers = learn.right_answers()
    q1 = learn.questions[0]
    answers[q1.pk] = [next(c.pk for c in q1.choices.all() if not c.is_correct)]
    second = submit(learn, answers)
    assert (second.number, second.score, second.passed) == (2, 50, False)
    third = submit(learn, learn.right_answers())
    assert (third.number, third.score, third.passed) == (3, 100, True)
    assert AuditEvent.objects.filter(verb="learning.quiz_attempted").count() == 3
    with pytest.raises(InvalidInput, match="已通过"):
        submit(learn, learn.right_answers())


def test_multiple_choice_needs_exactly_the_right_set(learn):
    answers = learn.right_answers()
    q2 = learn.questions[1]
    answers[q2.pk] = answers[q2.pk][:1]  # one of the two right answers only
    assert submit(learn, answers).correct == 1


def test_attempts_are_limited(learn):
    for _ in range(3):
        submit(learn, learn.wrong_answers())
    with pytest.raises(InvalidInput, match="3"):
        submit(learn, learn.right_answers())
    assert QuizAttempt.objects.count() == 3


def test_an_answer_for_another_quizs_question_is_refused(learn):
    other = make_course(learn.secretary, learn.village.area, title="垃圾分类政策")
    foreign = add_quiz(learn.secretary, other)[0]
    answers = learn.right_answers()
    answers[foreign.pk] = [foreign.choices.first().pk]
    with pytest.raises(InvalidInput) as refused:
        submit(learn, answers)
    assert refused.value.field == "answers" and "不在" in str(refused.value)
    answers = learn.right_answers()
    answers[learn.questions[0].pk] = [foreign.choices.first().pk]  # another question's choice
    with pytest.raises(InvalidInput):
        submit(learn, answers)
    assert not QuizAttempt.objects.exists()


def test_unanswered_questions_are_named(learn):
    answers = learn.right_answers()
    del answers[learn.questions[1].pk]
    with pytest.raises(Unanswered) as refused:
        submit(learn, answers)
    assert refused.value.questions == [learn.questions[1].pk]
    with pytest.raises(InvalidInput):
        submit(learn, {learn.questions[0].pk: ["x"], learn.questions[1].pk: []})
    single = learn.questions[0]
    two = [c.pk for c in single.choices.all()][:2]
    with pytest.raises(InvalidInput):
        submit(learn, {**learn.right_answers(), single.pk: two})


def test_quiz_is_only_for_assigned_members(learn):
    with pytest.raises(NotFound):
        submit(learn, learn.right_answers(), who="c1_member")
    with pytest.raises(NotPermitted):
        submit(learn, learn.right_answers(), who="outsider")


@pytest.mark.parametrize("rule,done_by_quiz", [("quiz", True), ("both", False)])
def test_completion_rules(world, village, rule, done_by_quiz):
    learn = build_learn(world, village, completion=rule)
    submit(learn, learn.right_answers())
    done = CourseCompletion.objects.filter(person=learn.member, course=learn.course).exists()
    assert done is done_by_quiz


# --- assignments ------------------------------------------------------------------------------


def titles(person):
    return [p.course.title for p in my_courses(person)]


def test_branch_assignment_reaches_the_branch_only(learn):
    assert titles(learn.member) == ["党章学习"]
    assert titles(learn.c1_member) == []
    assert titles(learn.village.members[0]) == ["党章学习"]


def test_area_and_named_assignments(world, learn):
    street = world.actor("dispatcher")
    course = make_course(street, world.areas["street"], title="消防安全")
    services.item_add(
        actor=street,
        course=course,
        kind="video",
        title="消防安全常识",
        expected_minutes=5,
        video_url="https://v.example.com/119",
    )
    services.course_publish(actor=street, course=course)
    due = timezone.localdate() + dt.timedelta(days=7)
    services.assignment_create(
        actor=street, course=course, audience="all", area=world.areas["street"], due=due
    )
    assert "消防安全" in titles(learn.c1_member) and "消防安全" in titles(learn.member)
    named = make_course(street, world.areas["street"], title="志愿服务规范")
    services.item_add(
        actor=street,
        course=named,
        kind="video",
        title="志愿服务规范",
        expected_minutes=5,
        video_url="https://v.example.com/zy",
    )
    services.course_publish(actor=street, course=named)
    services.assignment_create(
        actor=street, course=named, audience="members", members=[learn.c1_member], due=due
    )
    assert "志愿服务规范" in titles(learn.c1_member)
    assert "志愿服务规范" not in titles(learn.member)


def test_assignment_rules(world, learn):
    secretary = learn.secretary
    due = timezone.localdate() + dt.timedelta(days=7)
    draft = make_course(secretary, learn.village.area, title="草稿")
    with pytest.raises(InvalidInput, match="发布"):
        services.assignment_create(
            actor=secretary, course=draft, audience="branch", area=learn.village.area, due=due
        )
    with pytest.raises(InvalidInput) as bad:
        services.assignment_create(
            actor=secretary,
            course=learn.course,
            audience="branch",
            area=learn.village.area,
            due=timezone.localdate() - dt.timedelta(days=1),
        )
    assert bad.value.field == "due"
    with pytest.raises(NotPermitted):
        services.assignment_create(
            actor=secretary, course=learn.course, audience="branch", area=world.areas["c1"], due=due
        )
    with pytest.raises(InvalidInput) as bad:
        services.assignment_create(
            actor=secretary,
            course=learn.course,
            audience="members",
            members=[learn.village.representatives[0]],
            due=due,
        )
    assert bad.value.field == "members"
    with pytest.raises(InvalidInput):
        services.assignment_create(
            actor=secretary, course=learn.course, audience="members", members=[], due=due
        )
    with pytest.raises(InvalidInput):
        services.assignment_create(
            actor=secretary,
            course=learn.course,
            audience="branch",
            area=learn.village.grid,
            due=due,
        )


def test_withdrawn_assignment_hides_the_course(learn):
    assignment = learn.course.assignments.get()
    with pytest.raises(NotPermitted):
        services.assignment_cancel(actor=learn.world.actor("c1_handler"), assignment=assignment)
    services.assignment_cancel(actor=learn.secretary, assignment=assignment)
    assert titles(learn.member) == []
