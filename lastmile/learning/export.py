"""The study-hours workbook (.xlsx) for a branch secretary: one row per member of the branch."""

from __future__ import annotations

from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook

from lastmile.learning.periods import Period
from lastmile.learning.selectors.hours import MemberRow
from lastmile.orgs.models import Area


def headers() -> list[str]:
    return [
        _("Member"),
        _("Study hours"),
        _("Courses completed in the period"),
        _("Open study tasks"),
        _("Overdue study tasks"),
    ]


def write_xlsx(branch: Area, period: Period, rows: list[MemberRow], out: IO[bytes]) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_("Study hours")[:31])
    sheet.append([f"{branch.name} · {period.label}"])
    sheet.append(headers())
    for row in rows:
        sheet.append([row.person.name, row.hours, row.completed, row.open, row.overdue])
    total = round(sum(r.seconds for r in rows) / 3600, 1)
    sheet.append([_("Branch total"), total, sum(r.completed for r in rows), None, None])
    book.save(out)
