"""Rich text of notices: sanitised with nh3 when saved and again when rendered.

Only plain structure survives (paragraphs, lists, headings, emphasis, tables and links to
http/https/mailto/tel). Scripts, styles, event handlers, ``javascript:`` URLs, images and frames
are removed. Plain text (no tags) becomes paragraphs.
"""

from __future__ import annotations

import html
import re

import nh3

TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li", "h2", "h3", "h4",
    "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td", "hr", "small", "sub", "sup",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Whole elements whose text is dropped too, not just their tags.
CLEAN_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg"}

_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_BLOCK = re.compile(r"<(p|br|ul|ol|li|h[1-6]|table|blockquote|div|hr|pre)\b", re.IGNORECASE)


def clean_html(text: str) -> str:
    return nh3.clean(
        text or "",
        tags=TAGS,
        clean_content_tags=CLEAN_CONTENT,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def paragraphs(text: str) -> str:
    """Paragraphs from blank-line separated text; single newlines become <br>. The text is not
    escaped here: nh3 parses it next (a stray ``<`` stays text, inline tags are kept)."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]
    return "".join("<p>" + "<br>".join(block.split("\n")) + "</p>" for block in blocks)


def sanitise_body(text: str) -> str:
    """What is stored: HTML as typed, cleaned; text without block tags becomes paragraphs."""
    text = (text or "").strip()
    if not _BLOCK.search(text):
        text = paragraphs(text)
    return clean_html(text)


_SIMPLE = re.compile(r"</?(p|br)\s*/?>", re.IGNORECASE)


def editable(body: str) -> str:
    """The body as the author edits it: plain paragraphs when it is only paragraphs and line
    breaks (what :func:`paragraphs` made), else the HTML itself."""
    if _TAG.sub("", _SIMPLE.sub("", body or "")) != _SIMPLE.sub("", body or ""):
        return body
    text = re.sub(r"</p>\s*<p>", "\n\n", body.strip())
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE)
    return html.unescape(_SIMPLE.sub("", text)).strip()


def text_of(body: str) -> str:
    """The words of a body without markup (search excerpts, notifications)."""
    return re.sub(r"\s+", " ", html.unescape(_TAG.sub(" ", clean_html(body)))).strip()
