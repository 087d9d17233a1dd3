"""Fixtures for the learning tests: 桃园村 with a branch course (an article, a video link and a
two-question quiz) assigned to the branch, a party member with a login in the village, a party
member in 东风社区, and a moving clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from lastmile.concerns.demo.clock import Clock, frozen
from lastmile.learning import services
from lastmile.learning.models import Course, CourseItem, Question
from lastmile.orgs import services as org_services
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import Actor, actor_for_user
from lastmile.orgs.testing import PASSWORD, Village, World

PDF = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"
ARTICLE = "<h2>第一章 党员</h2><p>第一条 年满十八岁的中国工人、农民……</p>"


@dataclass
class Learn:
    world: World
    village: Village
    course: Course
    article: CourseItem
    video: CourseItem
    questions: list[Question]
    member: Person  # party member of 桃园村 with login t_v_member
    c1_member: Person  # party member of 东风社区 with login t_c1_member

    def actor(self, key: str) -> Actor:
        if key == "member":
            return actor_for_user(self.member.user)
        if key == "c1_member":
            return actor_for_user(self.c1_member.user)
        return self.world.actor(key)

    @property
    def secretary(self) -> Actor:
        return self.world.actor("v_secretary")

    def right_answers(self) -> dict[int, list[int]]:
        return {q.pk: [c.pk for c in q.choices.all() if c.is_correct] for q in self.questions}

    def wrong_answers(self) -> dict[int, list[int]]:
        return {
            q.pk: [next(c.pk for c in q.choices.all() if not c.is_correct)] for q in self.questions
        }


def make_course(secretary: Actor, area: Any, **over: Any) -> Course:
    values: dict[str, Any] = {"title": "党章学习", "summary": "逐章学习党章", "completion": "time"}
    values.update(over)
    return services.course_create(actor=secretary, area=area, **values)


def add_quiz(secretary: Actor, course: Course) -> list[Question]:
    return [
        services.question_add(
            actor=secretary,
            course=course,
            text="党的最高理想和最终目标是什么？",
            kind="single",
            choices=[("实现共产主义", True), ("发展经济", False), ("扩大规模", False)],
        ),
        services.question_add(
            actor=secretary,
            course=course,
            text="党员的权利包括哪些？",
            kind="multiple",
            choices=[("参加党的有关会议", True), ("行使表决权", True), ("不交党费", False)],
        ),
    ]


def build_learn(world: World, village: Village, completion: str = "time") -> Learn:
    secretary = world.actor("v_secretary")
    course = make_course(secretary, village.area, completion=completion)
    article = services.item_add(
        actor=secretary,
        course=course,
        kind="article",
        title="第一章 党员",
        expected_minutes=2,
        body=ARTICLE,
    )
    video = services.item_add(
        actor=secretary,
        course=course,
        kind="video",
        title="党章解读视频",
        expected_minutes=1,
        video_url="https://www.12371.cn/special/dz/",
    )
    questions = add_quiz(secretary, course)
    course = services.course_publish(actor=secretary, course=course)
    services.assignment_create(
        actor=secretary,
        course=course,
        audience="branch",
        area=village.area,
        due=timezone.localdate() + dt.timedelta(days=14),
    )
    member = org_services.person_create(
        name="桃园学员",
        username="t_v_member",
        password=PASSWORD,
        is_party_member=True,
        household=village.households[3],
    )
    c1_member = org_services.person_create(
        name="东风党员",
        username="t_c1_member",
        password=PASSWORD,
        is_party_member=True,
        home_area=world.areas["c1g1"],
    )
    return Learn(world, village, course, article, video, questions, member, c1_member)


@pytest.fixture
def learn(world: World, village: Village) -> Learn:
    return build_learn(world, village)


@pytest.fixture
def clock() -> Iterator[Clock]:
    """A clock standing at a fixed local moment (a Wednesday 10:00); ``clock.set`` moves it."""
    start = timezone.make_aware(dt.datetime(2026, 11, 25, 10, 0))
    with frozen(Clock(start)) as c:
        yield c


def later(clock: Clock, seconds: float) -> None:
    clock.set(clock.moment + dt.timedelta(seconds=seconds))
