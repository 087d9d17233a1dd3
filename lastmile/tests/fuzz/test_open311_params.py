"""Open311 form bodies and XML: any input is parsed or refused with a 400 naming the problem."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lastmile.open311 import params
from lastmile.open311.formats import Open311Error

from .nasty import nasty_text

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = (
    "description",
    "lat",
    "long",
    "address_string",
    "start_date",
    "end_date",
    "status",
    "page",
    "page_size",
    "service_code",
    "attribute[WHERE]",
    "attribute[KIND][]",
    "email",
    "phone",
    "media_url",
)
forms = st.dictionaries(
    st.one_of(st.sampled_from(NAMES), st.text(max_size=20)),
    st.lists(nasty_text, min_size=0, max_size=3),
    max_size=8,
)


def _refused_clearly(exc: Open311Error) -> None:
    assert exc.status == 400
    assert exc.description.strip()


@FAST
@given(form=forms)
def test_every_form_is_parsed_or_refused_with_a_400(form):
    for parse in (
        params.request_input,
        params.window,
        params.page,
        params.statuses,
        lambda f: params.flag(f, "extensions"),
        lambda f: params.csv_values(f, "service_request_id"),
    ):
        try:
            parse(form)
        except Open311Error as exc:
            _refused_clearly(exc)


@FAST
@given(
    lat=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(), nasty_text),
    lng=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(), nasty_text),
)
def test_coordinates_are_finite_and_in_range_or_named_in_the_refusal(lat, lng):
    form = {"lat": [str(lat)], "long": [str(lng)], "description": ["路灯坏了"]}
    try:
        parsed = params.request_input(form)
    except Open311Error as exc:
        _refused_clearly(exc)
        assert "lat" in exc.description or "long" in exc.description
        return
    for value, limit in ((parsed.lat, 90), (parsed.long, 180)):
        assert value is None or -limit <= value <= limit


@FAST
@given(start=nasty_text, end=nasty_text)
def test_date_windows_never_exceed_90_days(start, end):
    try:
        window = params.window({"start_date": [start], "end_date": [end]})
    except Open311Error as exc:
        _refused_clearly(exc)
        return
    if window.start and window.end:
        assert window.start <= window.end
        assert window.end - window.start <= params.MAX_SPAN


@FAST
@given(body=st.binary(max_size=300))
def test_any_bytes_as_an_xml_body_parse_or_refuse(body):
    try:
        params.xml_form(body)
    except Open311Error as exc:
        _refused_clearly(exc)


@FAST
@given(
    fields=st.dictionaries(
        st.from_regex(r"\A[a-z_]{1,12}\Z"), st.text(max_size=40).map(lambda s: s), max_size=6
    )
)
def test_xml_bodies_round_trip_their_fields(fields):
    from xml.sax.saxutils import escape

    printable = {
        k: v for k, v in fields.items() if all(c.isprintable() and c != "\r" for c in v) and v
    }
    body = "<request>" + "".join(f"<{k}>{escape(v)}</{k}>" for k, v in printable.items())
    body += "</request>"
    form = params.xml_form(body.encode())
    assert {k: v[-1] for k, v in form.items()} == printable


XXE = [
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b"<request><description>&x;</description></request>",
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
    b'"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 '
    b'"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    b"<request><description>&lol3;</description></request>",
    b'<!DOCTYPE r SYSTEM "http://127.0.0.1:1/evil.dtd"><request/>',
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/hosts"> %p;]><r/>',
]


@pytest.mark.parametrize("body", XXE, ids=["xxe", "billion-laughs", "external-dtd", "param-entity"])
def test_entities_and_dtds_are_refused(body):
    with pytest.raises(Open311Error) as refused:
        params.xml_form(body)
    assert refused.value.status == 400
    assert "root:" not in refused.value.description
