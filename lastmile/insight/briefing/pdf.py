"""The briefing as a PDF: the print template through WeasyPrint, with Noto Sans CJK SC and
server-side SVG charts (ECharts needs a browser; the PDF must not)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from lastmile.insight.briefing import svg
from lastmile.insight.briefing.data import Briefing, agenda_items


def render_html(briefing: Briefing) -> str:
    with translation.override("zh-hans"):
        return render_to_string(
            "insight/briefing_print.html",
            {
                "b": briefing,
                "agenda": agenda_items(briefing),
                "charts": {
                    "category": svg.hbar(briefing.by_category),
                    "area": svg.hbar(briefing.by_area, color="#1c6b33"),
                    "channel": svg.hbar(briefing.by_channel, color="#6b4a00"),
                    "week": svg.vbar(briefing.by_week),
                },
            },
        )


def render_pdf(briefing: Briefing) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    return bytes(HTML(string=render_html(briefing)).write_pdf())
