"""Small server-side SVG bar charts for the printed briefing (WeasyPrint draws SVG; no browser)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from lastmile.insight.briefing.data import Slice

FONT = "Noto Sans CJK SC"


def hbar(
    slices: Sequence[Slice], *, width: int = 620, color: str = "#0b4f8a", top: int = 12
) -> SafeString:
    """A horizontal bar chart: label on the left, bar, count at the end of the bar."""
    shown = list(slices)[:top]
    if not shown:
        return mark_safe("")
    row, label_w, pad = 22, 150, 40
    height = row * len(shown) + 8
    peak = max(s.count for s in shown) or 1
    span = width - label_w - pad
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="12">'
    ]
    for i, s in enumerate(shown):
        y = 4 + i * row
        bar = max(1, round(span * s.count / peak)) if s.count else 0
        label = s.label if len(s.label) <= 12 else s.label[:11] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" fill="#1a1d21">'
            f"{escape(label)}</text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{bar}" height="{row - 8}" fill="{color}"/>'
            f'<text x="{label_w + bar + 4}" y="{y + 15}" fill="#4a5560">{s.count}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # labels escaped above


def vbar(
    slices: Sequence[Slice], *, width: int = 620, height: int = 150, color: str = "#b3261e"
) -> SafeString:
    """A column chart (the weekly trend): one column per slice, labels below."""
    shown = list(slices)
    if not shown:
        return mark_safe("")
    base, top_pad = height - 22, 16
    peak = max(s.count for s in shown) or 1
    slot = (width - 20) / len(shown)
    bar_w = min(46.0, slot * 0.6)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="11">',
        f'<line x1="10" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#c9d1da"/>',
    ]
    for i, s in enumerate(shown):
        h = (base - top_pad) * s.count / peak
        x = 10 + i * slot + (slot - bar_w) / 2
        cx = x + bar_w / 2
        parts.append(
            f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
            f'fill="{color}"/>'
            f'<text x="{cx:.1f}" y="{base - h - 3:.1f}" text-anchor="middle" '
            f'fill="#1a1d21">{s.count}</text>'
            f'<text x="{cx:.1f}" y="{base + 15}" text-anchor="middle" fill="#4a5560">'
            f"{escape(s.label)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # labels escaped above
