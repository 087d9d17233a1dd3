"""Masking personal data in free text and fields."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lastmile.core.masking import mask_name, mask_phone, mask_text


@pytest.mark.parametrize(
    ("name", "masked"),
    [("张三", "张*"), ("欧阳娜娜", "欧***"), ("李", "李*"), ("  王小明 ", "王**"), ("", "")],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138-1234-5678", "138****5678"),
        ("010-12345678", "010****78"),
        ("12345", "****"),
        ("", ""),
    ],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("我的电话13812345678请回电", "我的电话138****5678请回电"),
        ("电话：138-1234-5678", "电话：138****5678"),
        ("电话 138 1234 5678。", "电话 138****5678。"),
        ("+8613812345678", "+86138****5678"),
        ("座机010-12345678", "座机010-****5678"),
        ("座机0731-88881234转", "座机0731-****1234转"),
        ("身份证号11010519491231002X，", "身份证号110105********X，"),
        ("身份证110105194912310021", "身份证110105********1"),
        ("订单号2138123456789不是电话", "订单号2138123456789不是电话"),
        ("金额 100 元", "金额 100 元"),
    ],
)
def test_mask_text(text, masked):
    assert mask_text(text) == masked


def test_mask_text_names():
    text = "张三和李四丰反映，张三家门口积水"
    assert mask_text(text, names=("张三", "李四丰", "", "王")) == "张*和李**反映，张*家门口积水"


@settings(max_examples=40)
@given(
    prefix=st.text(alphabet="报修电话是：，。 abc", max_size=8),
    middle=st.from_regex(r"\A1[3-9]\d{9}\Z", fullmatch=True),
    suffix=st.text(alphabet="请联系谢谢。 ", max_size=8),
)
def test_any_mobile_is_masked(prefix, middle, suffix):
    masked = mask_text(f"{prefix}{middle}{suffix}")
    assert middle not in masked
    assert re.search(r"1[3-9]\d\*{4}\d{4}", masked)


@settings(max_examples=40)
@given(
    region=st.from_regex(r"\A[1-6]\d{5}\Z", fullmatch=True),
    birth=st.from_regex(r"\A(19|20)\d{6}\Z", fullmatch=True),
    tail=st.from_regex(r"\A\d{3}[\dX]\Z", fullmatch=True),
)
def test_any_id_number_is_masked(region, birth, tail):
    number = region + birth + tail
    masked = mask_text(f"身份证{number}。")
    assert birth not in masked
    assert masked.startswith(f"身份证{region}")
