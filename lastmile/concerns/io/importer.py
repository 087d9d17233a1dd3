"""Import a spreadsheet of concerns: read, check every row, then write (or not).

Every row is checked before anything is written, and the report lists each finding as
(row, column, message). Mode ``all``: any error and nothing is written. Mode ``skip``: the rows
with errors are left out and the rest are written. Warnings (an unknown category, a 留言编号
repeated in the file) never block. Re-importing the same file finds each concern by its external
id (per channel) and creates nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.concerns.choices import Channel
from lastmile.concerns.io import mapping
from lastmile.concerns.io.mapping import Columns, Issue, cell, parse_when, text_of
from lastmile.concerns.io.reading import Cell, FileRejected, Table, read_bytes
from lastmile.concerns.models import Category, Concern
from lastmile.concerns.services.imports import ImportRow, concerns_import
from lastmile.core.errors import InvalidInput
from lastmile.orgs.selectors import Actor

MODES = ("all", "skip")
FIELD_COLUMN = {"text": "text", "title": "title", "kind": "kind", "category": "category"}


@dataclass
class ImportReport:
    file_name: str
    mode: str
    dry_run: bool = False
    sheet: str = ""
    encoding: str = ""
    rows: int = 0  # data rows read
    valid: int = 0
    created: int = 0
    existing: int = 0
    replied: int = 0
    duplicates: int = 0
    skipped: int = 0  # rows with errors left out (mode skip)
    rejected: bool = False  # the file itself was refused
    truncated: bool = False
    ignored_columns: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if not i.is_error]

    @property
    def refused(self) -> bool:
        """Nothing was written because of errors (a refused file, or mode all with errors)."""
        return self.rejected or (self.mode == "all" and bool(self.errors))

    def summary(self) -> dict[str, object]:
        return {
            "file": self.file_name,
            "sheet": self.sheet,
            "mode": self.mode,
            "rows": self.rows,
            "errors": len(self.errors),
            "skipped": self.skipped,
            "duplicates": self.duplicates,
        }


class _Checker:
    """Checks rows one by one against the resolved columns and the category names."""

    def __init__(self, columns: Columns):
        self.columns = columns
        self.categories = {
            c.name: c for c in Category.objects.filter(level=1, is_active=True).order_by("code")
        }
        self.seen: dict[str, int] = {}
        self.latest = mapping.future_limit()

    def column(self, name: str) -> str:
        return self.columns.header.get(name, name)

    def when(self, number: int, value: Cell, name: str, issues: list[Issue]) -> datetime | None:
        try:
            moment = parse_when(value)
        except ValueError:
            issues.append(
                Issue(
                    number,
                    self.column(name),
                    _("“%(value)s” is not a date and time (e.g. 2020/1/6 12:09:38).")
                    % {"value": text_of(value)[:40]},
                )
            )
            return None
        if moment.year < mapping.EARLIEST_YEAR:
            issues.append(
                Issue(
                    number,
                    self.column(name),
                    _("The time is before %(year)d.") % {"year": mapping.EARLIEST_YEAR},
                )
            )
            return None
        if moment > self.latest:
            issues.append(Issue(number, self.column(name), _("The time is in the future.")))
            return None
        return moment

    def texts(self, number: int, cells: list[Cell], issues: list[Issue]) -> tuple[str, str, str]:
        external_id = text_of(cell(cells, self.columns, "external_id"))
        text = text_of(cell(cells, self.columns, "text"))
        title = " ".join(text_of(cell(cells, self.columns, "title")).split())
        # Messages are translated only for a failing check (a large file is mostly good rows).
        checks = [
            (not external_id, "external_id", lambda: _("The id is empty.")),
            (
                len(external_id) > mapping.EXTERNAL_ID_MAX,
                "external_id",
                lambda: _("The id is too long."),
            ),
            (
                len(text) < mapping.TEXT_MIN,
                "text",
                lambda: _("The description is empty or shorter than 5 characters."),
            ),
            (
                len(text) > mapping.TEXT_MAX,
                "text",
                lambda: _("The description is longer than 5000 characters."),
            ),
            (
                len(title) > mapping.TITLE_MAX,
                "title",
                lambda: _("The subject is longer than 120 characters."),
            ),
        ]
        issues += [Issue(number, self.column(name), msg()) for bad, name, msg in checks if bad]
        return external_id, text, title

    def kind(self, number: int, cells: list[Cell], title: str, issues: list[Issue]) -> str:
        raw = text_of(cell(cells, self.columns, "kind"))
        if not raw:
            return mapping.guess_kind(title)
        if raw not in mapping.KIND_WORDS:
            issues.append(
                Issue(number, self.column("kind"), _("Unknown kind “%(value)s”.") % {"value": raw})
            )
            return ""
        return mapping.KIND_WORDS[raw]

    def category(self, number: int, cells: list[Cell], issues: list[Issue]) -> Category | None:
        name = text_of(cell(cells, self.columns, "category"))
        if not name:
            return None
        found = self.categories.get(name)
        if found is None:
            issues.append(
                Issue(
                    number,
                    self.column("category"),
                    _("No top-level category “%(name)s”: imported without a category.")
                    % {"name": name},
                    level="warning",
                )
            )
        return found

    def reply(
        self, number: int, cells: list[Cell], created: datetime | None, issues: list[Issue]
    ) -> tuple[str, datetime | None]:
        reply = text_of(cell(cells, self.columns, "reply"))
        raw_time = cell(cells, self.columns, "replied_at")
        if not reply:
            return "", None
        if text_of(raw_time) == "":
            issues.append(
                Issue(number, self.column("replied_at"), _("A reply needs its reply time."))
            )
            return reply, None
        replied_at = self.when(number, raw_time, "replied_at", issues)
        if replied_at and created and replied_at < created:
            issues.append(
                Issue(
                    number,
                    self.column("replied_at"),
                    _("The reply time is earlier than the message time."),
                )
            )
        return reply, replied_at

    def check(self, number: int, cells: list[Cell]) -> tuple[ImportRow | None, list[Issue]]:
        issues: list[Issue] = []
        external_id, text, title = self.texts(number, cells, issues)
        raw_time = cell(cells, self.columns, "created_at")
        created = self.when(number, raw_time, "created_at", issues) if text_of(raw_time) else None
        kind = self.kind(number, cells, title, issues)
        category = self.category(number, cells, issues)
        reply, replied_at = self.reply(number, cells, created, issues)
        if external_id and external_id in self.seen:
            issues.append(
                Issue(
                    number,
                    self.column("external_id"),
                    _("Same id as row %(row)d: this row is left out.")
                    % {"row": self.seen[external_id]},
                    level="warning",
                )
            )
            return None, issues
        self.seen.setdefault(external_id, number)
        if any(i.is_error for i in issues):
            return None, issues
        row = ImportRow(
            row=number,
            external_id=external_id,
            text=text,
            title=title,
            kind=kind,
            category=category,
            created_at=created or timezone.now(),
            reply=reply,
            replied_at=replied_at,
        )
        return row, issues


def check_table(table: Table, overrides: dict[str, str], report: ImportReport) -> list[ImportRow]:
    """Every row checked; the report gets the issues, the good rows come back."""
    columns, header_issues = mapping.resolve_columns(table.header, overrides)
    report.ignored_columns = columns.ignored
    report.issues += header_issues
    if header_issues:
        return []
    checker = _Checker(columns)
    good: list[ImportRow] = []
    for number, cells in table.rows:
        row, issues = checker.check(number, cells)
        report.issues += issues
        if row is not None:
            good.append(row)
        elif not any(i.is_error for i in issues):
            report.duplicates += 1
    report.valid = len(good)
    if not table.rows:
        report.issues.append(Issue(0, "", _("The file has no data rows.")))
    return good


def import_file(
    *,
    actor: Actor,
    data: bytes,
    name: str,
    mode: str = "all",
    mapping_text: str = "",
    sheet: str = "",
    limit: int | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Read, check and (unless refused or a dry run) write one file; never raises for bad
    content — every problem is in the report."""
    if mode not in MODES:
        raise InvalidInput(_("Choose the import mode: all or skip."), field="mode")
    overrides = mapping.parse_mapping(mapping_text)
    report = ImportReport(file_name=name, mode=mode, dry_run=dry_run)
    try:
        table = read_bytes(data, name=name, sheet=sheet, limit=limit)
    except FileRejected as exc:
        report.rejected = True
        report.issues.append(Issue(0, "", str(exc.message)))
        return report
    report.sheet, report.encoding, report.truncated = table.sheet, table.encoding, table.truncated
    report.rows = len(table.rows)
    rows = check_table(table, overrides, report)
    if report.refused or not rows:
        return report
    report.skipped = report.rows - report.valid - report.duplicates
    if dry_run:
        ids = [r.external_id for r in rows]
        report.existing = _existing_count(ids)
        report.created = len(rows) - report.existing
        return report
    written = concerns_import(actor=actor, rows=rows, mode=mode, summary=report.summary())
    report.created, report.existing, report.replied = (
        written.created,
        written.existing,
        written.replied,
    )
    for row, field_name, message in written.failed:
        column = FIELD_COLUMN.get(field_name, field_name)
        report.issues.append(Issue(row, column, message))
    if written.failed and mode == "skip":
        report.skipped += len(written.failed)
    return report


def _existing_count(ids: list[str]) -> int:
    found = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found += Concern.objects.filter(channel=Channel.IMPORT, external_id__in=chunk).count()
    return found
