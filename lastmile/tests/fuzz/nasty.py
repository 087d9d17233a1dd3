"""Strategies for hostile input: injections, invisible and direction characters, emoji, NULs."""

from __future__ import annotations

from hypothesis import strategies as st

SAMPLES = (
    "'; DROP TABLE concerns_concern; --",
    "1' OR '1'='1",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}{% debug %}",
    "=cmd|' /C calc'!A0",
    "\u200b\u200c\u200d\ufeff",  # zero-width characters
    "\u202e\u2066abc\u2069\u202c",  # RTL override and isolates
    "😀👨‍👩‍👧‍👦🏳️‍🌈",
    "\x00nul\x00",
    "\r\n\t",
    "]]><xml>",
    "𠀀𪚥",  # outside the BMP
    "1e309",
    "-0",
    "NaN",
    "9" * 40,
    "1900-01-01",
    "2999-12-31 23:59:59",
    "0001/01/01",
)

nasty_text = st.one_of(
    st.sampled_from(SAMPLES),
    st.text(max_size=60),
    st.builds(lambda a, b: a + b, st.sampled_from(SAMPLES), st.text(max_size=20)),
)
