"""Cleaning what people type: minutes may keep simple formatting; everything else is plain text.

``nh3`` (the Rust ammonia sanitiser) removes scripts, event handlers, styles and links, so the
minutes can be shown as HTML on the staff page and in the PDF archive."""

from __future__ import annotations

import hashlib

import nh3

MINUTES_TAGS = {"p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "h3", "h4"}


def minutes_html(text: str) -> str:
    """Minutes as safe HTML: simple formatting kept, everything else removed."""
    return nh3.clean((text or "").strip(), tags=MINUTES_TAGS, attributes={}, link_rel=None)


def plain(text: str) -> str:
    """Plain text with every tag removed (the text of a tag's content is kept)."""
    cleaned = nh3.clean((text or "").strip(), tags=set(), attributes={}, link_rel=None)
    # nh3 escapes what it keeps as text; the templates escape again, so undo the entities.
    return (
        cleaned.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .strip()
    )


def digest(text: str) -> str:
    """What the audit log keeps of a free text (which may name people): its SHA-256."""
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()
