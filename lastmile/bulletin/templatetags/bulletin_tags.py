"""Template filters of the bulletin: notice text is sanitised again when it is rendered."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from lastmile.bulletin.sanitize import clean_html, text_of

register = template.Library()


@register.filter
def notice_html(value: str) -> SafeString:
    """Stored notice HTML, cleaned once more with nh3 (defence in depth), safe to output."""
    return mark_safe(clean_html(value or ""))


@register.filter
def notice_excerpt(value: str, length: int = 80) -> str:
    words = text_of(value or "")
    return words if len(words) <= length else words[:length] + "…"
