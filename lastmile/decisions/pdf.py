"""The whole record of a matter as a PDF archive: the print template through WeasyPrint with
Noto Sans CJK SC (as the briefing does), in Chinese whatever the page language."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from lastmile.decisions import presenters, selectors
from lastmile.decisions.models import Matter
from lastmile.decisions.verify import verify_matter


def render_html(matter: Matter) -> str:
    record = selectors.matter_record(matter)
    meetings, notices = record["meetings"], record["notices"]
    assert isinstance(meetings, list) and isinstance(notices, list)
    with translation.override("zh-hans"):
        return render_to_string(
            "decisions/archive.html",
            {
                "matter": matter,
                "rows": presenters.step_rows(matter, meetings, notices),
                "notices": notices,
                "revisions": record["revisions"],
                "check": verify_matter(matter),
                "events": presenters.describe(selectors.timeline(matter)),
                "generated_at": timezone.now(),
            },
        )


def render_pdf(matter: Matter) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    return bytes(HTML(string=render_html(matter)).write_pdf())
