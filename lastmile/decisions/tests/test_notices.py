"""Public notices, implementation, objections and closing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from lastmile.core.errors import InvalidInput, TransitionNotAllowed
from lastmile.decisions import services
from lastmile.decisions.choices import NoticeKind, Status
from lastmile.decisions.models import Matter
from lastmile.decisions.tasks import close_finished_matters_task
from lastmile.decisions.tests.helpers import at_days_ago, days_ago, secretary, to_stage

pytestmark = pytest.mark.django_db

NO_WAIT = {"NOTICE_DAYS": 15, "ASSEMBLY_NOTICE_DAYS": 10, "IMPLEMENT_AFTER_NOTICE": False}


def post_resolution(world, matter, days: int):
    return services.notice_post(
        actor=secretary(world),
        matter=matter,
        step="resolution_notice",
        title="决议公示",
        body="经村民代表会议表决通过。联系电话13812345678。",
        posted_at=at_days_ago(days),
    )


def resolved(world):
    matter = to_stage(world, "resolved")
    assert matter.status == Status.RESOLVED and matter.current_step.code == "resolution_notice"
    return matter


def test_notice_runs_fifteen_days(world, village):
    matter = resolved(world)
    notice = post_resolution(world, matter, 3)
    matter.refresh_from_db()
    assert matter.status == Status.RESOLUTION_NOTICE
    assert notice.ends_on == days_ago(3) + dt.timedelta(days=15)
    assert notice.last_day == days_ago(3) + dt.timedelta(days=14)
    assert notice.is_up()
    assert "<" not in notice.body


def test_implementation_before_the_notice_ended_is_refused(world, village):
    matter = resolved(world)
    post_resolution(world, matter, 14)  # the 15th day is today: still up
    with pytest.raises(InvalidInput) as exc:
        services.implementation_start(
            actor=secretary(world), matter=matter, started_on=timezone.localdate(), note="施工"
        )
    assert exc.value.field == "started_on"
    message = str(exc.value)
    assert (
        "公示" in message and f"{timezone.localdate() + dt.timedelta(days=1):%Y-%m-%d}" in message
    )
    matter.refresh_from_db()
    assert matter.status == Status.RESOLUTION_NOTICE


def test_implementation_on_the_day_the_notice_ends(world, village):
    matter = resolved(world)
    post_resolution(world, matter, 15)
    services.implementation_start(
        actor=secretary(world), matter=matter, started_on=timezone.localdate(), note="施工"
    )
    matter.refresh_from_db()
    assert matter.status == Status.IMPLEMENTING and matter.current_step.code == "result_notice"


@override_settings(LASTMILE_DECISIONS=NO_WAIT)
def test_implementation_may_start_during_the_notice_when_set(world, village):
    matter = resolved(world)
    post_resolution(world, matter, 3)
    services.implementation_start(
        actor=secretary(world), matter=matter, started_on=days_ago(1), note="抢工期"
    )
    matter.refresh_from_db()
    # … but the result notice still waits for the resolution notice to end.
    with pytest.raises(InvalidInput) as exc:
        services.notice_post(
            actor=secretary(world),
            matter=matter,
            step="result_notice",
            title="结果公示",
            body="已完工",
            finished_on=days_ago(0),
        )
    assert exc.value.field == "posted_at"


def test_result_notice_needs_the_finish_date_in_range(world, village):
    matter = to_stage(world, "implementing")
    for finished_on in (None, days_ago(40), timezone.localdate() + dt.timedelta(days=1)):
        with pytest.raises(InvalidInput) as exc:
            services.notice_post(
                actor=secretary(world),
                matter=matter,
                step="result_notice",
                title="结果公示",
                body="已完工",
                finished_on=finished_on,
            )
        assert exc.value.field == "finished_on"


def test_notice_in_the_future_is_refused(world, village):
    matter = resolved(world)
    with pytest.raises(InvalidInput) as exc:
        services.notice_post(
            actor=secretary(world),
            matter=matter,
            step="resolution_notice",
            title="决议公示",
            body="正文",
            posted_at=timezone.now() + dt.timedelta(days=1),
        )
    assert exc.value.field == "posted_at"


def test_empty_notice_text_is_refused(world, village):
    matter = resolved(world)
    with pytest.raises(InvalidInput) as exc:
        services.notice_post(
            actor=secretary(world),
            matter=matter,
            step="resolution_notice",
            title="决议公示",
            body="<script>alert(1)</script>",
        )
    assert exc.value.field == "body"


def test_objections_are_recorded_only_for_the_notice_period(world, village):
    matter = resolved(world)
    notice = post_resolution(world, matter, 5)
    objection = services.objection_record(
        actor=secretary(world),
        notice=notice,
        raised_on=days_ago(2),
        text="五组路段宽度不够，请核实。",
        raised_by="王五",
        response="已现场核实，五组路段按4米实施。",
    )
    assert objection.raised_by == "王五"
    for day in (days_ago(6), days_ago(-1)):
        with pytest.raises(InvalidInput) as exc:
            services.objection_record(
                actor=secretary(world), notice=notice, raised_on=day, text="异议"
            )
        assert exc.value.field == "raised_on"


def test_closing_waits_for_the_result_notice(world, village):
    matter = to_stage(world, "implementing")
    services.notice_post(
        actor=secretary(world),
        matter=matter,
        step="result_notice",
        title="结果公示",
        body="已完工，支出36.5万元。",
        posted_at=at_days_ago(14),
        finished_on=days_ago(15),
    )
    matter.refresh_from_db()
    with pytest.raises(TransitionNotAllowed) as exc:
        services.matter_close(actor=secretary(world), matter=matter)
    assert "公示" in str(exc.value)
    assert services.close_finished_matters() == []


def test_periodic_close_after_the_result_notice(world, village):
    matter = to_stage(world, "result_notice")
    assert close_finished_matters_task.call() == {"closed": [matter.number]}
    assert services.close_finished_matters() == []  # idempotent
    matter.refresh_from_db()
    assert matter.status == Status.CLOSED and matter.closed_at is not None
    assert matter.notices.get(kind=NoticeKind.RESULT).ends_on == days_ago(5)


def test_full_run_to_closed(world, village):
    matter = to_stage(world, "closed")
    assert matter.status == Status.CLOSED
    assert matter.implementation_started_on == days_ago(29)
    assert matter.implementation_finished_on == days_ago(21)
    assert Matter.objects.get(pk=matter.pk).meetings.count() == 4


def test_nothing_after_closing(world, village):
    matter = to_stage(world, "closed")
    with pytest.raises(TransitionNotAllowed):
        services.implementation_start(
            actor=secretary(world), matter=matter, started_on=days_ago(0), note="x"
        )
    with pytest.raises(TransitionNotAllowed):
        services.matter_withdraw(actor=secretary(world), matter=matter, reason="x")
