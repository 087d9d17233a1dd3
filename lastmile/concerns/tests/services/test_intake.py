"""Intake: validation, phone formats, double submit, placement by coordinates, me-too."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lastmile.concerns import services
from lastmile.concerns.choices import Channel, Kind, Status, Urgency
from lastmile.concerns.models import Attachment, Concern
from lastmile.concerns.services.intake import normalize_phone
from lastmile.concerns.testing import ANONYMOUS, fresh, frozen, reach
from lastmile.concerns.uploads import clean_upload
from lastmile.core.errors import InvalidInput, NotPermitted
from lastmile.core.models import AuditEvent

TEXT = "小区门口的路灯坏了好几天"


def _submit(**kw):
    fields = {"actor": ANONYMOUS, "channel": Channel.WEB, "kind": Kind.COMPLAINT, "text": TEXT}
    fields.update(kw)
    return services.concern_submit(**fields)


def test_submit_creates_received_with_event_and_pin(world):
    result = _submit(area=world.areas["c1g1"], resident_name="张三", resident_phone="13812345678")
    concern = result.concern
    assert result.created and concern.status == Status.RECEIVED
    assert concern.title == TEXT[:30] and concern.area == world.areas["c1g1"]
    assert len(concern.code) == 10
    assert result.pin == services.pin_for(concern.code) and len(result.pin) == 6
    event = AuditEvent.objects.get(object_type="concern", object_id=str(concern.pk))
    assert event.verb == "concern.received" and event.data["to"] == "received"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"channel": "fax"}, "channel"),
        ({"kind": "rant"}, "kind"),
        ({"urgency": "asap"}, "urgency"),
        ({"text": "坏了"}, "text"),
        ({"text": "    坏了    "}, "text"),
        ({"text": "长" * 5001}, "text"),
        ({"title": "题" * 121}, "title"),
        ({"resident_phone": "12345"}, "phone"),
        ({"resident_phone": "1381234567"}, "phone"),
        ({"resident_phone": "23812345678"}, "phone"),
        ({"resident_phone": "12812345678"}, "phone"),
        ({"resident_phone": "010-123456"}, "phone"),
        ({"resident_name": "名" * 65}, "name"),
        ({"lat": 28.2}, "lat"),
        ({"lng": 112.9}, "lat"),
        ({"lat": 91.0, "lng": 112.9}, "lat"),
        ({"lat": 28.2, "lng": 181.0}, "lat"),
    ],
)
def test_bad_field(db, fields, field):
    with pytest.raises(InvalidInput) as info:
        _submit(**fields)
    assert info.value.field == field
    assert not Concern.objects.exists()


def test_too_many_photos(db, settings):
    from lastmile.concerns.tests.services.test_uploads import png_bytes

    photo = clean_upload("a.png", png_bytes())
    with pytest.raises(InvalidInput) as info:
        _submit(files=[photo] * (settings.LASTMILE["UPLOAD_MAX_FILES"] + 1))
    assert info.value.field == "photos"
    result = _submit(files=[photo, photo])
    assert Attachment.objects.filter(concern=result.concern, is_public=False).count() == 2


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("0086-13812345678", "13812345678"),
        ("010-12345678", "010-12345678"),
        ("(010)12345678", "01012345678"),
        ("0731-8888123", "0731-8888123"),
        ("07318888123", "07318888123"),
        ("", ""),
    ],
)
def test_phone_formats(db, raw, stored):
    assert _submit(resident_phone=raw).concern.resident_phone == stored


def test_normalize_phone_keeps_junk_for_the_validator():
    assert normalize_phone("138-1234-567x") == "138-1234-567x"
    assert normalize_phone(" 138 ") == "138"


def test_same_idempotency_key_returns_the_same_concern(db):
    first = _submit(idempotency_key="k-1")
    second = _submit(idempotency_key="k-1", text="完全不同的内容也一样返回")
    assert second.concern.pk == first.concern.pk and not second.created
    assert second.pin == first.pin
    assert Concern.objects.count() == 1


def test_same_content_within_a_minute_returns_the_same_concern(db):
    start = timezone.now()
    with frozen(start):
        first = _submit(resident_phone="13812345678")
    with frozen(start + timedelta(seconds=59)):
        again = _submit(text=f"  {TEXT} ", resident_phone="138 1234 5678")
    assert again.concern.pk == first.concern.pk and not again.created
    with frozen(start + timedelta(seconds=61)):
        later = _submit(resident_phone="13812345678")
    assert later.created and later.concern.pk != first.concern.pk
    assert AuditEvent.objects.filter(verb="concern.received").count() == 2


def test_different_people_same_text_are_two_concerns(db):
    a = _submit(fingerprint="device-a")
    b = _submit(fingerprint="device-b")
    assert a.created and b.created and a.concern.pk != b.concern.pk


def test_same_text_from_different_places_or_names_is_not_a_double_submit(world):
    first = _submit(area=world.areas["c1g1"])
    assert _submit(area=world.areas["c2g1"]).created
    assert _submit(area=world.areas["c1g1"], resident_name="李四").created
    assert _submit(area=world.areas["c1g1"], address="3栋").created
    again = _submit(area=world.areas["c1g1"])
    assert not again.created and again.concern.pk == first.concern.pk


def test_racing_double_submit_with_the_same_key(db):
    """The second request passed the look-up before the first committed: still one concern."""
    first = _submit(idempotency_key="race")
    with mock.patch("lastmile.concerns.services.intake._existing", return_value=None):
        second = _submit(idempotency_key="race")
    assert second.concern.pk == first.concern.pk and not second.created
    assert Concern.objects.count() == 1


def test_coordinates_place_the_concern_in_its_grid(world):
    # grid c1g2 is the square 112.91..112.92 × 28.20..28.21
    result = _submit(lat=28.205, lng=112.915)
    assert result.concern.area == world.areas["c1g2"]
    outside = _submit(text="另一处的问题描述内容", lat=30.0, lng=120.0)
    assert outside.concern.area is None
    given_area = _submit(
        text="第三处的问题描述内容", lat=28.205, lng=112.915, area=world.areas["c2"]
    )
    assert given_area.concern.area == world.areas["c2"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lat=st.floats(28.2001, 28.2099),
    lng=st.sampled_from([(112.90, "c1g1"), (112.91, "c1g2"), (112.92, "c2g1"), (112.93, "c2g2")]),
    offset=st.floats(0.0001, 0.0099),
)
def test_any_point_inside_a_grid_is_placed_there(world, lat, lng, offset):
    from lastmile.orgs.selectors import grid_for_point

    base, key = lng
    assert grid_for_point(lat, base + offset) == world.areas[key]


def test_me_too_once_per_fingerprint(world):
    concern = reach(world, Status.DISPATCHED)
    assert services.concern_me_too(concern=concern, fingerprint="fp-1") is True
    assert services.concern_me_too(concern=concern, fingerprint="fp-1") is False
    assert services.concern_me_too(concern=concern, fingerprint="fp-2") is True
    assert fresh(concern).me_too_count == 2
    assert AuditEvent.objects.filter(verb="concern.me_too", object_id=str(concern.pk)).count() == 2
    with pytest.raises(NotPermitted):
        services.concern_me_too(concern=concern, fingerprint="")


@pytest.mark.parametrize("status", [Status.DIVERTED, Status.MERGED])
def test_me_too_refused_on_diverted_and_merged(world, status):
    concern = reach(world, status)
    with pytest.raises(InvalidInput):
        services.concern_me_too(concern=concern, fingerprint="fp")


def test_urgency_is_kept(db):
    assert _submit(urgency=Urgency.UTILITIES).concern.urgency == Urgency.UTILITIES


def test_external_id_makes_a_resubmission_return_the_first_concern(world):
    from lastmile.concerns.choices import Channel
    from lastmile.concerns.models import Concern
    from lastmile.concerns.testing import ANONYMOUS

    first = services.concern_submit(
        actor=ANONYMOUS,
        channel=Channel.IMPORT,
        kind="complaint",
        text="小区路灯坏了三个月",
        external_id="24",
    )
    again = services.concern_submit(
        actor=ANONYMOUS,
        channel=Channel.IMPORT,
        kind="complaint",
        text="内容改了也一样",
        external_id="24",
    )
    other_channel = services.concern_submit(
        actor=ANONYMOUS,
        channel=Channel.OPEN311,
        kind="complaint",
        text="另一个系统里的24号",
        external_id="24",
    )
    assert again.created is False and again.concern.pk == first.concern.pk
    assert other_channel.created is True
    assert Concern.objects.count() == 2


def test_a_signed_in_resident_owns_what_they_raise_but_staff_raising_for_a_caller_do_not(world):
    own = _submit(actor=world.actor("outsider"), resident_phone="13812345678").concern
    assert own.resident_user_id == world.people["outsider"].user_id
    taken = _submit(
        actor=world.actor("dispatcher"), channel=Channel.OPERATOR, text=TEXT + "。"
    ).concern
    assert taken.resident_user_id is None
    anonymous = _submit(text=TEXT + "！").concern
    assert anonymous.resident_user_id is None
