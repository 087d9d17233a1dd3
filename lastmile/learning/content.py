"""What a course item may contain: sanitised article HTML (nh3), PDF documents checked by their
content, and video links that are plain http(s) addresses (shown as links, never embedded)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import nh3
from django.utils.translation import gettext as _

from lastmile.core.errors import InvalidInput
from lastmile.core.uploads import PDF, verify_upload
from lastmile.learning.conf import setting

ARTICLE_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sub",
    "sup",
}
ARTICLE_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def clean_article(html: str) -> str:
    """Keep headings, paragraphs, lists, emphasis, tables and http(s) links; drop scripts, styles,
    images, frames and every event handler."""
    return nh3.clean(
        html or "",
        tags=ARTICLE_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ARTICLE_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def article_text(html: str) -> str:
    """The article as plain text (to tell an empty article from a real one)."""
    return nh3.clean(html or "", tags=set()).strip()


def clean_video_url(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise InvalidInput(
            _("Enter a web address that starts with http:// or https://."), field="video_url"
        )
    if len(url) > 500:
        raise InvalidInput(_("The address is too long."), field="video_url")
    return url


@dataclass(frozen=True)
class Document:
    name: str
    content: bytes


def clean_document(name: str, content: bytes) -> Document:
    """A PDF, judged by its content (not its name), within the size limit
    (``lastmile.core.uploads``: structure checked, JavaScript refused)."""
    clean = verify_upload(
        name or "document.pdf",
        content,
        kinds=(PDF,),
        max_bytes=int(setting("DOCUMENT_MAX_BYTES")),
        field="document",
    )
    return Document(name=clean.name, content=clean.content)
