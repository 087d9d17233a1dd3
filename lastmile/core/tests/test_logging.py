"""Log records are masked before any handler writes them (core/logging.py, config LOGGING)."""

from __future__ import annotations

import io
import logging

from django.conf import settings

from lastmile.core.logging import MaskPersonalData, mask

PHONE = "13812345678"
ID_NUMBER = "11010519491231002X"
OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"


def capture() -> tuple[logging.Logger, io.StringIO, logging.Handler]:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(MaskPersonalData())
    logger = logging.getLogger("lastmile.test_masking")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return logger, out, handler


def test_phone_id_number_and_openid_are_masked_in_message_and_args():
    logger, out, handler = capture()
    try:
        logger.info("caller %s gave id %s", PHONE, ID_NUMBER)
        logger.warning(f"wechat {OPENID} phone +86 138-1234-5678")
        logger.info("ids: %(id)s", {"id": ID_NUMBER})
    finally:
        logger.removeHandler(handler)
    text = out.getvalue()
    assert PHONE not in text and ID_NUMBER not in text and OPENID not in text
    assert "138****5678" in text and "110105********X" in text and "oUpF***" in text
    assert "1234-5678" not in text


def test_exception_text_is_masked():
    logger, out, handler = capture()
    try:
        try:
            raise ValueError(f"bad phone {PHONE}")
        except ValueError:
            logger.exception("failed for %s", PHONE)
    finally:
        logger.removeHandler(handler)
    assert PHONE not in out.getvalue() and "ValueError" in out.getvalue()


def test_ordinary_words_are_left_alone():
    assert mask("ordering_by_created_at_desc_x1 rollup 2025-11-27") == (
        "ordering_by_created_at_desc_x1 rollup 2025-11-27"
    )


def test_every_configured_handler_has_the_filter():
    config = settings.LOGGING
    assert config["filters"]["mask_pii"]["()"] == "lastmile.core.logging.MaskPersonalData"
    for name, handler in config["handlers"].items():
        assert "mask_pii" in handler.get("filters", []), name
