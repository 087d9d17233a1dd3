"""Each gaming pattern is flagged with evidence; the honest version of it is not."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lastmile.concerns import services
from lastmile.concerns.choices import Outcome, Satisfaction, Status
from lastmile.concerns.models import Concern
from lastmile.concerns.testing import ANONYMOUS, fresh, frozen, submit
from lastmile.core import audit
from lastmile.scores.integrity import checks
from lastmile.scores.integrity.choices import FlagKind
from lastmile.scores.integrity.data import ScanData, contact_hash
from lastmile.scores.tests.integrity_helpers import (
    TEST_THRESHOLDS,
    at,
    dispatched_urgent,
    rate,
    replied,
)

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


@pytest.fixture(autouse=True)
def thresholds(settings):
    settings.LASTMILE_INTEGRITY = {**settings.LASTMILE_INTEGRITY, **TEST_THRESHOLDS}


def run(check):
    return check(ScanData())


# (1) one phone rating many concerns -------------------------------------------------------


def test_one_phone_rating_many_concerns_is_flagged_with_the_phone_hashed(world):
    for i in range(4):
        c = replied(world, when=at(i * 60), phone=PHONE)
        rate(world, c, when=at(i * 60 + 30))
    [flag] = run(checks.phone_many_ratings)
    assert flag.kind == FlagKind.PHONE_MANY_RATINGS
    assert len(flag.evidence) == 4 and flag.period == "2027-03"
    assert contact_hash(PHONE) in flag.subject
    text = str(flag.evidence) + flag.subject + flag.explanation
    assert PHONE not in text and "5678" not in text


def test_a_resident_rating_a_few_of_their_own_concerns_is_not_flagged(world):
    for i in range(3):
        c = replied(world, when=at(i * 60), phone=PHONE)
        rate(world, c, when=at(i * 60 + 30))
    assert run(checks.phone_many_ratings) == []


def test_staff_entered_ratings_do_not_count_as_the_phone_rating(world):
    for i in range(4):
        c = replied(world, when=at(i * 60), phone=PHONE)
        rate(world, c, when=at(i * 60 + 30), by_staff=True)
    assert run(checks.phone_many_ratings) == []


# (2) ratings seconds after the reply ------------------------------------------------------


def test_ratings_seconds_after_the_reply_are_flagged_per_unit(world):
    for i in range(2):
        c = replied(world, when=at(i * 60))
        rate(world, c, when=at(i * 60) + timedelta(seconds=15))
    [flag] = run(checks.quick_ratings)
    assert flag.unit_id == world.units["housing"].pk
    assert all("15秒" in e["detail"] for e in flag.evidence)


def test_ratings_after_a_reasonable_wait_are_not_flagged(world):
    for i in range(3):
        c = replied(world, when=at(i * 60))
        rate(world, c, when=at(i * 60 + 45))
    assert run(checks.quick_ratings) == []


# (3) ratings entered by staff ---------------------------------------------------------------


def test_a_unit_whose_ratings_are_mostly_staff_entered_is_flagged(world):
    for i in range(6):
        c = replied(world, when=at(i * 60))
        rate(world, c, when=at(i * 60 + 30), by_staff=i < 5)
    [flag] = run(checks.staff_ratings)
    assert len(flag.evidence) == 5 and "代录" in flag.evidence[0]["detail"]
    assert "83%" in flag.explanation


def test_occasional_staff_entered_ratings_are_not_flagged(world):
    for i in range(6):
        c = replied(world, when=at(i * 60))
        rate(world, c, when=at(i * 60 + 30), by_staff=i < 2)
    assert run(checks.staff_ratings) == []


# (4) identical or templated replies -----------------------------------------------------------


def test_templated_replies_are_flagged_even_with_numbers_changed(world):
    for i in range(5):
        replied(world, when=at(i * 60), reply=f"您反映的第{i + 100}号问题已收悉，我局已妥善处理。")
    [flag] = run(checks.templated_replies)
    assert len(flag.evidence) == 5 and flag.kind == FlagKind.TEMPLATED_REPLIES


def test_replies_written_for_each_concern_are_not_flagged(world):
    for i in range(6):
        replied(world, when=at(i * 60))
    assert run(checks.templated_replies) == []


# (5) satisfied without feedback: impossible through the services ----------------------------


def test_the_services_never_count_a_closure_without_feedback_as_satisfied(world):
    """Every way a concern can close: rated, reopened then rated, timed out (not rated),
    answered and timed out, imported. None has a satisfaction without a rating event."""
    timed_out = replied(world, when=at(0))
    with frozen(at(days=10)):
        timed_out = services.concern_callback_expire(concern=timed_out)
    rated_one = rate(
        world, replied(world, when=at(days=10, minutes=5)), when=at(days=10, minutes=60)
    )
    unhappy = replied(world, when=at(days=11))
    with frozen(at(days=11, minutes=30)):
        unhappy = services.concern_callback(
            actor=ANONYMOUS,
            concern=unhappy,
            contacted=True,
            resolved=False,
            satisfaction=Satisfaction.DISSATISFIED,
        )
    with frozen(at(days=12)):
        answered = submit(world, kind="consult")
        answered = services.concern_answer(
            actor=world.actor("dispatcher"), concern=answered, answer="办理地点在街道服务中心"
        )
    with frozen(at(days=20)):
        answered = services.concern_callback_expire(concern=answered)
    timed_out, answered = fresh(timed_out), fresh(answered)
    assert timed_out.outcome == answered.outcome == Outcome.NOT_RATED
    assert timed_out.cb_satisfaction == answered.cb_satisfaction == ""
    assert fresh(rated_one).cb_satisfaction == Satisfaction.SATISFIED
    assert fresh(unhappy).status == Status.REOPENED
    assert (
        not Concern.objects.filter(outcome=Outcome.NOT_RATED).exclude(cb_satisfaction="").exists()
    )
    assert run(checks.unearned_satisfaction) == []


def test_a_satisfaction_written_outside_the_services_is_flagged(world):
    c = replied(world, when=at(0))
    with frozen(at(days=10)):
        c = services.concern_callback_expire(concern=c)
    Concern.objects.filter(pk=c.pk).update(cb_satisfaction=Satisfaction.SATISFIED)
    other = rate(world, replied(world, when=at(days=11)), when=at(days=11, minutes=30))
    Concern.objects.filter(pk=other.pk).update(cb_satisfaction=Satisfaction.MOSTLY_SATISFIED)
    flags = {f.subject: f for f in run(checks.unearned_satisfaction)}
    assert set(flags) == {c.code, other.code}
    assert "未评价" in flags[c.code].explanation
    assert "不一致" in flags[other.code].explanation


# (6) back-dated events ---------------------------------------------------------------------


def test_an_event_written_into_the_past_is_flagged(world):
    c = replied(world, when=at(days=1))
    audit.record(verb="concern.contact", obj_type="concern", obj_id=c.pk, at=at(0), data={})
    [flag] = run(checks.backdated_events)
    assert flag.subject == c.code and "concern.contact" in flag.evidence[0]["detail"]


def test_a_concern_timestamp_moved_earlier_than_its_event_is_flagged(world):
    c = replied(world, when=at(days=1))
    Concern.objects.filter(pk=c.pk).update(replied_at=at(0))
    [flag] = run(checks.backdated_events)
    assert "答复时间" in flag.evidence[0]["detail"]


def test_imported_history_and_ordinary_work_are_not_back_dating(world):
    replied(world, when=at(0))
    with frozen(at(minutes=60)):
        services.concern_submit(
            actor=world.actor("dispatcher"),
            channel="import",
            kind="complaint",
            text="历史留言：小区门口路面塌陷",
            created_at=at(days=-300),
            external_id="A1",
        )
    replied(world, when=at(minutes=120))
    assert run(checks.backdated_events) == []


# (7) one concern split into several ---------------------------------------------------------


def test_a_concern_split_into_several_dispatched_separately_is_flagged(world):
    text = "我家楼下的下水道堵塞，污水漫到路面上，已经三天了，请尽快疏通"
    for i in range(3):
        replied(world, when=at(i * 5), phone=PHONE, text=f"{text}（{i + 1}）")
    [flag] = run(checks.split_concerns)
    assert len(flag.evidence) == 3


def test_different_problems_from_one_resident_are_not_a_split(world):
    replied(world, when=at(0), phone=PHONE, text="我家楼下的下水道堵塞，污水漫到路面上")
    replied(world, when=at(5), phone=PHONE, text="小区门口的路灯坏了两个星期，晚上很黑")
    replied(world, when=at(days=3), phone=PHONE, text="我家楼下的下水道又堵塞了，污水漫到路面上")
    assert run(checks.split_concerns) == []


# (8) objections used to dodge deadlines -------------------------------------------------------


def _object_and_reject(world, when, after_minutes):
    c = dispatched_urgent(world, when=when)
    with frozen(when + timedelta(minutes=after_minutes)):
        c = services.concern_object(
            actor=world.actor("handler"), concern=c, reason="不属于本单位职责范围"
        )
    with frozen(when + timedelta(minutes=after_minutes + 5)):
        return services.concern_objection_review(
            actor=world.actor("dispatcher"), concern=c, upheld=False, note="属于该单位职责"
        )


def test_late_objections_rejected_again_and_again_are_flagged(world):
    _object_and_reject(world, at(0), 25)
    _object_and_reject(world, at(60), 28)
    [flag] = run(checks.objection_dodges)
    assert flag.unit_id == world.units["housing"].pk and len(flag.evidence) == 2
    assert "剩" in flag.evidence[0]["detail"]


def test_prompt_objections_are_not_dodging(world):
    _object_and_reject(world, at(0), 3)
    _object_and_reject(world, at(60), 4)
    assert run(checks.objection_dodges) == []


# (9) replies edited after rating --------------------------------------------------------------


def test_a_reply_changed_after_the_rating_is_flagged(world):
    c = rate(world, replied(world, when=at(0)), when=at(30))
    with frozen(at(days=2)):
        Concern.objects.filter(pk=c.pk).update(reply_text="改过的答复", updated_at=at(days=2))
    [flag] = run(checks.reply_after_rating)
    assert flag.subject == c.code


def test_a_reply_event_after_the_rating_in_the_same_round_is_flagged(world):
    c = rate(world, replied(world, when=at(0)), when=at(30))
    audit.record(verb="concern.reply", obj_type="concern", obj_id=c.pk, at=at(40), data={})
    [flag] = run(checks.reply_after_rating)
    assert "同一轮次" in flag.evidence[0]["detail"]


def test_a_new_round_after_a_reopen_is_not_an_edit(world):
    c = replied(world, when=at(0))
    with frozen(at(30)):
        c = services.concern_callback(
            actor=ANONYMOUS,
            concern=c,
            contacted=True,
            resolved=False,
            satisfaction=Satisfaction.DISSATISFIED,
        )
    with frozen(at(60)):
        c = services.concern_dispatch(
            actor=world.actor("dispatcher"), concern=c, unit=world.units["housing"]
        )
        c = services.concern_sign(actor=world.actor("handler"), concern=c)
        c = services.concern_reply(
            actor=world.actor("handler"),
            concern=c,
            text="再次到现场处理，已彻底修复",
            resolved=True,
        )
    rate(world, c, when=at(120))
    assert run(checks.reply_after_rating) == []


# (10) deleted concerns ------------------------------------------------------------------------


def test_a_deleted_concern_is_flagged_and_kept_ones_are_not(world):
    kept = replied(world, when=at(0))
    gone = replied(world, when=at(10))
    gone_id = gone.pk
    assert run(checks.deleted_concerns) == []
    Concern.objects.filter(pk=gone.pk).delete()
    [flag] = run(checks.deleted_concerns)
    assert flag.subject == f"#{gone_id}" and kept.code not in flag.subject


# period ----------------------------------------------------------------------------------


def test_a_period_limits_the_monthly_checks(world):
    for i in range(4):
        rate(world, replied(world, when=at(i * 60), phone=PHONE), when=at(i * 60 + 30))
    assert len(checks.phone_many_ratings(ScanData(start=at(days=40)))) == 0
    assert len(checks.phone_many_ratings(ScanData(end=at(days=40)))) == 1


def test_master_data_written_before_a_replayed_history_is_not_back_dating(world):
    """The demo (or a migration) writes the organisation now, then replays older concerns."""
    from django.utils import timezone

    audit.record(verb="area.created", obj_type="area", obj_id=1, data={})  # now
    with frozen(timezone.now() - timedelta(days=120)):
        submit(world)
    assert run(checks.backdated_events) == []
