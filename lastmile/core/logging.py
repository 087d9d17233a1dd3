"""A logging filter that masks personal data in every record before any handler writes it.

Installed on every handler in ``config/base.py`` (``LOGGING["filters"]["mask_pii"]``). It masks
mobile and landline numbers and 18-digit ID numbers (``core.masking.mask_text``) and WeChat
OpenIDs, in the message, its arguments and any exception text.
"""

from __future__ import annotations

import logging
import re

from lastmile.core.masking import mask_text

# A WeChat OpenID: 28 characters of [A-Za-z0-9_-] starting with "o", with a capital or a digit
# (so that long snake_case words are left alone).
_OPENID = re.compile(
    r"(?<![A-Za-z0-9_-])(?=o[A-Za-z0-9_-]{27}(?![A-Za-z0-9_-]))(?=[a-z_-]*[A-Z0-9])"
    r"(o[A-Za-z0-9_-]{3})[A-Za-z0-9_-]{24}"
)


def mask(text: str) -> str:
    return _OPENID.sub(lambda m: f"{m.group(1)}***", mask_text(text))


class MaskPersonalData(logging.Filter):
    """Rewrites the record so that handlers (and their formatters) only see masked text."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the handler's own error path
            return True
        record.msg, record.args = mask(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        return True
