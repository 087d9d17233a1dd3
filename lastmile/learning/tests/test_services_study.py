"""Study time from the page's heartbeats: real time only, capped, assigned items only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lastmile.core.errors import NotFound, NotPermitted
from lastmile.core.models import AuditEvent
from lastmile.learning import services
from lastmile.learning.models import CourseCompletion, StudyDay, StudyRecord
from lastmile.learning.tests.conftest import later, make_course

pytestmark = pytest.mark.django_db


def beat(learn, seconds=30, start=False, item=None, who="member"):
    return services.study_beat(
        actor=learn.actor(who), item=item or learn.article, seconds=seconds, start=start
    )


def test_first_report_starts_the_clock_then_real_time_counts(clock, learn):
    assert beat(learn, start=True).credited == 0
    later(clock, 30)
    result = beat(learn, 30)
    assert (result.credited, result.seconds, result.completed) == (30, 30, False)
    record = StudyRecord.objects.get(person=learn.member, item=learn.article)
    assert record.seconds == 30 and record.last_beat_at == clock.moment
    event = AuditEvent.objects.filter(verb="learning.studied").latest("seq")
    assert event.data == {"item": learn.article.pk, "seconds": 30, "total": 30}


def test_reports_faster_than_real_time_count_only_real_time(clock, learn):
    beat(learn, start=True)
    for _ in range(10):
        later(clock, 3)
        beat(learn, 30)  # claims 30 s every 3 s
    assert StudyRecord.objects.get(item=learn.article).seconds == 30


def test_a_report_never_credits_more_than_it_claims_or_the_maximum(clock, learn):
    beat(learn, start=True)
    later(clock, 50)
    assert beat(learn, 20).credited == 20  # the page was hidden part of the time
    later(clock, 600)
    assert beat(learn, 600).credited == 60  # a late timer: at most BEAT_MAX_SECONDS


def test_no_time_without_a_first_report(clock, learn):
    later(clock, 30)
    assert beat(learn, 30).credited == 0  # no previous report: only starts the clock


def test_time_stops_at_the_cap(clock, learn):
    """A 2-minute article counts at most 3 minutes (× 1.5), however long the tab stays open."""
    beat(learn, start=True)
    for _ in range(10):
        later(clock, 30)
        beat(learn, 30)
    record = StudyRecord.objects.get(item=learn.article)
    assert record.seconds == 180
    later(clock, 30)
    assert beat(learn, 30).credited == 0
    assert StudyRecord.objects.get(item=learn.article).seconds == 180
    assert AuditEvent.objects.filter(verb="learning.studied").count() == 6


def test_two_tabs_do_not_double_the_time(clock, learn):
    beat(learn, start=True)
    later(clock, 15)
    beat(learn, 30)  # tab A (its last report was 30 s ago, but only 15 s passed)
    later(clock, 15)
    beat(learn, 30)  # tab B
    assert StudyRecord.objects.get(item=learn.article).seconds == 30


def test_item_is_studied_at_its_expected_time_and_the_course_by_its_rule(clock, learn):
    beat(learn, start=True)
    for _ in range(4):
        later(clock, 30)
        result = beat(learn, 30)
    assert result.completed and not result.course_completed  # article done, video not yet
    assert AuditEvent.objects.filter(verb="learning.item_studied").count() == 1
    beat(learn, start=True, item=learn.video)
    later(clock, 30)
    beat(learn, 30, item=learn.video)
    later(clock, 30)
    result = beat(learn, 30, item=learn.video)
    assert result.completed and result.course_completed
    assert CourseCompletion.objects.filter(person=learn.member, course=learn.course).count() == 1
    assert AuditEvent.objects.filter(verb="learning.course_completed").count() == 1


def test_seconds_go_to_the_local_day_of_the_report(clock, learn):
    clock.set(timezone.make_aware(dt.datetime(2026, 11, 30, 23, 59, 30)))
    beat(learn, start=True)
    later(clock, 25)
    beat(learn, 25)  # 23:59:55 on 30 Nov
    later(clock, 30)
    beat(learn, 30)  # 00:00:25 on 1 Dec
    days = dict(StudyDay.objects.values_list("day", "seconds"))
    assert days == {dt.date(2026, 11, 30): 25, dt.date(2026, 12, 1): 30}


def test_an_item_not_assigned_to_the_member_is_not_found(clock, learn):
    with pytest.raises(NotFound):
        beat(learn, start=True, who="c1_member")  # the course is for 桃园村's branch
    other = make_course(learn.secretary, learn.village.area, title="未发布课程")
    draft = services.item_add(
        actor=learn.secretary,
        course=other,
        kind="video",
        title="草稿",
        expected_minutes=5,
        video_url="https://v.example.com/",
    )
    with pytest.raises(NotFound):
        beat(learn, start=True, item=draft)
    assert not StudyRecord.objects.exists()


def test_non_members_cannot_study(clock, learn):
    with pytest.raises(NotPermitted):
        beat(learn, start=True, who="outsider")
