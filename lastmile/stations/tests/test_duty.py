"""The duty roster and check-in: every refusal with its message, late and missed duty counted
per station and person, who is on duty now (post + surname 同志)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from lastmile.core.errors import InvalidInput, NotPermitted, TransitionNotAllowed
from lastmile.core.models import AuditEvent
from lastmile.stations import services
from lastmile.stations.presenters import comrade, surname
from lastmile.stations.selectors import duty as duty_selectors
from lastmile.stations.selectors import public
from lastmile.stations.tests.helpers import aware, shift

pytestmark = pytest.mark.django_db


@pytest.fixture
def morning(net):
    """李秀英 on duty at 东风社区 on Monday 9:00–12:00 (the clock stands at 8:00)."""
    return shift(net, "duty", net.c1, aware(2026, 11, 23, 9), aware(2026, 11, 23, 12), "值班站长")


def message(excinfo) -> str:
    return str(excinfo.value)


def test_check_in_on_time_puts_the_person_on_duty_as_post_and_surname(net, morning, clock):
    clock.set(aware(2026, 11, 23, 8, 55))
    result = services.duty_check_in(actor=net.actor("duty"), station=net.c1)
    assert result.late_minutes == 0 and result.shift.pk == morning.pk
    cards = {c.station.pk: c for c in public.station_cards()}
    assert [d.label for d in cards[net.c1.pk].on_duty] == ["值班站长 李同志"]
    assert cards[net.centre.pk].on_duty == []
    event = AuditEvent.objects.filter(verb="stations.duty.checked_in").get()
    assert event.object_id == str(morning.pk) and event.data["late_minutes"] == 0


def test_check_in_before_the_grace_window_is_refused(net, morning, clock):
    clock.set(aware(2026, 11, 23, 8, 29))
    with pytest.raises(InvalidInput) as err:
        services.duty_check_in(actor=net.actor("duty"), station=net.c1)
    assert "太早" in message(err) and "08:30" in message(err)
    clock.set(aware(2026, 11, 23, 8, 30))  # exactly 30 minutes before: allowed
    assert services.duty_check_in(actor=net.actor("duty"), station=net.c1).late_minutes == 0


def test_check_in_outside_duty_hours_is_refused(net, morning, clock):
    clock.set(aware(2026, 11, 23, 12, 5))
    with pytest.raises(InvalidInput) as err:
        services.duty_check_in(actor=net.actor("duty"), station=net.c1)
    assert "已于12:00结束" in message(err)
    with pytest.raises(InvalidInput) as err:
        services.duty_check_in(actor=net.actor("duty2"), station=net.centre)
    assert "不在值班时间" in message(err)


def test_check_in_at_another_station_is_refused(net, morning, clock):
    clock.set(aware(2026, 11, 23, 9))
    with pytest.raises(InvalidInput) as err:
        services.duty_check_in(actor=net.actor("duty"), station=net.centre)
    assert "东风社区党群服务站" in message(err) and "不是这里" in message(err)
    assert duty_selectors.on_duty_qs().count() == 0


def test_check_in_twice_is_refused(net, morning, clock):
    clock.set(aware(2026, 11, 23, 8, 50))
    services.duty_check_in(actor=net.actor("duty"), station=net.c1)
    clock.set(aware(2026, 11, 23, 9, 10))
    with pytest.raises(InvalidInput) as err:
        services.duty_check_in(actor=net.actor("duty"), station=net.c1)
    assert "已于08:50签到" in message(err)


def test_check_out_without_check_in_is_refused(net, morning, clock):
    clock.set(aware(2026, 11, 23, 11))
    with pytest.raises(InvalidInput) as err:
        services.duty_check_out(actor=net.actor("duty"), station=net.c1)
    assert "尚未签到" in message(err)


def test_check_out_elsewhere_refused_early_leave_recorded(net, morning, clock):
    clock.set(aware(2026, 11, 23, 9))
    services.duty_check_in(actor=net.actor("duty"), station=net.c1)
    clock.set(aware(2026, 11, 23, 11, 30))
    with pytest.raises(InvalidInput) as err:
        services.duty_check_out(actor=net.actor("duty"), station=net.centre)
    assert "东风社区党群服务站" in message(err)
    result = services.duty_check_out(actor=net.actor("duty"), station=net.c1)
    assert result.early_minutes == 30
    assert duty_selectors.on_duty_qs().count() == 0
    with pytest.raises(InvalidInput):
        services.duty_check_out(actor=net.actor("duty"), station=net.c1)


def test_someone_without_a_person_cannot_check_in(net, morning, django_user_model):
    from lastmile.orgs.selectors import Actor

    with pytest.raises(NotPermitted):
        services.duty_check_in(actor=Actor(user_id=999, label="x"), station=net.c1)


def test_late_and_missed_duty_per_station_and_person(net, morning, clock):
    afternoon = shift(net, "duty", net.c1, aware(2026, 11, 23, 13, 30), aware(2026, 11, 23, 17))
    centre = shift(net, "duty2", net.centre, aware(2026, 11, 23, 9), aware(2026, 11, 23, 17))
    clock.set(aware(2026, 11, 23, 9, 20))
    late = services.duty_check_in(actor=net.actor("duty"), station=net.c1)
    assert late.late_minutes == 20
    clock.set(aware(2026, 11, 23, 18))  # the afternoon and the centre's day ended unchecked
    report = duty_selectors.missed_report(net.actor("dispatcher"), date(2026, 11, 1))
    assert report.totals == {"shifts": 3, "done": 3, "missed": 2, "late": 1}
    by_station = {r["station__name"]: r for r in report.by_station}
    assert by_station["东风社区党群服务站"]["missed"] == 1
    assert by_station["东风社区党群服务站"]["late"] == 1
    assert by_station["和平街道党群服务中心"]["missed"] == 1
    by_person = {r["person__name"]: r for r in report.by_person}
    assert by_person["李秀英"]["missed"] == 1 and by_person["欧阳明"]["missed"] == 1
    assert {s.pk for s in report.shifts} == {morning.pk, afternoon.pk, centre.pk}
    # A community's leader sees only the stations they manage.
    mine = duty_selectors.missed_report(net.actor("c1_leader"), date(2026, 11, 1))
    assert [r["station__name"] for r in mine.by_station] == ["东风社区党群服务站"]
    # Another month is empty.
    assert (
        duty_selectors.missed_report(net.actor("dispatcher"), date(2026, 10, 1)).totals["shifts"]
        == 0
    )


def test_roster_rules(net, morning, clock):
    admin = net.actor("admin")
    with pytest.raises(InvalidInput) as err:  # overlapping shift of the same person
        shift(net, "duty", net.centre, aware(2026, 11, 23, 11), aware(2026, 11, 23, 14))
    assert err.value.field == "starts" and "东风社区党群服务站" in message(err)
    with pytest.raises(InvalidInput) as err:
        shift(net, "duty", net.c1, aware(2026, 11, 24, 12), aware(2026, 11, 24, 9))
    assert err.value.field == "ends"
    with pytest.raises(InvalidInput) as err:
        shift(net, "duty", net.c1, aware(2026, 11, 20, 9), aware(2026, 11, 20, 12))
    assert "已经结束" in message(err)
    with pytest.raises(InvalidInput) as err:  # not of this station's unit or area
        services.shift_add(
            actor=admin,
            station=net.c1,
            person=net.people["agent2"],
            starts_at=aware(2026, 11, 24, 9),
            ends_at=aware(2026, 11, 24, 12),
        )
    assert err.value.field == "person"
    with pytest.raises(NotPermitted):  # a handler does not manage the roster
        services.shift_add(
            actor=net.actor("c1_handler"),
            station=net.c1,
            person=net.people["duty"],
            starts_at=aware(2026, 11, 24, 9),
            ends_at=aware(2026, 11, 24, 12),
        )
    # The community's leader does.
    later = services.shift_add(
        actor=net.actor("c1_leader"),
        station=net.c1,
        person=net.people["duty"],
        starts_at=aware(2026, 11, 24, 9),
        ends_at=aware(2026, 11, 24, 12),
    )
    services.shift_remove(actor=net.actor("c1_leader"), shift=later)
    clock.set(aware(2026, 11, 23, 9, 1))
    with pytest.raises(TransitionNotAllowed) as err:  # started: it stays on the record
        services.shift_remove(actor=admin, shift=morning)
    assert "不能删除" in message(err)
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"stations.duty.added", "stations.duty.removed"} <= verbs


def test_my_shifts_and_the_check_in_window_for_the_station_page(net, morning, clock):
    later = shift(net, "duty", net.c1, aware(2026, 11, 25, 9), aware(2026, 11, 25, 12))
    assert [s.pk for s in duty_selectors.my_shifts(net.actor("duty"))] == [morning.pk, later.pk]
    grace = timedelta(minutes=30)
    assert duty_selectors.shift_here_now(net.actor("duty"), net.c1, grace=grace) is None
    clock.set(aware(2026, 11, 23, 8, 45))
    assert duty_selectors.shift_here_now(net.actor("duty"), net.c1, grace=grace) == morning


def test_names_on_duty():
    assert surname("李秀英") == "李" and surname("欧阳明华") == "欧阳" and surname("欧阳") == "欧"
    assert comrade("王伟") == "王同志"
