"""Open a CSV or XLSX file into a header and numbered rows of raw cell values.

A file that cannot be read faithfully is refused as a whole (``FileRejected``), before anything is
written: an encoding that is neither UTF-8 (with or without BOM) nor GBK/GB18030, a workbook with
merged cells, or a formula without a cached value (the workbook was never calculated and saved by
Excel). Each refusal names what was found and where.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from lastmile.core.errors import InvalidInput

Cell = str | int | float | datetime | date | None
SUFFIXES = (".csv", ".xlsx")
# charset-normalizer names for the encodings Chinese spreadsheets are saved in.
CHINESE_ENCODINGS = {"gbk", "gb2312", "gb18030", "hz", "cp936"}
_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z0-9:$]+)"')
_FORMULA_RE = re.compile(rb"<(?:\w+:)?f[\s>/]")
MAX_LISTED = 10


class FileRejected(InvalidInput):
    """The whole file is refused; ``problems`` lists each finding (cell, range, encoding)."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message, code="file_rejected")
        self.problems = problems or []


@dataclass
class Table:
    """A sheet's header (row 1) and its data rows as (row number, cells)."""

    name: str
    sheet: str
    header: list[str]
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    encoding: str = ""
    truncated: bool = False  # stopped at ``limit``


def read_path(path: Path, *, sheet: str = "", limit: int | None = None) -> Table:
    path = Path(path)
    if not path.is_file():
        raise FileRejected(_("File not found: %(name)s") % {"name": str(path)})
    return read_bytes(path.read_bytes(), name=path.name, sheet=sheet, limit=limit)


def read_bytes(data: bytes, *, name: str, sheet: str = "", limit: int | None = None) -> Table:
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise FileRejected(
            _("Only .csv and .xlsx files can be imported (got “%(name)s”).") % {"name": name}
        )
    if not data.strip():
        raise FileRejected(_("The file is empty."))
    if suffix == ".xlsx":
        return _read_xlsx(data, name=name, sheet=sheet, limit=limit)
    return _read_csv(data, name=name, limit=limit)


# ---- CSV -------------------------------------------------------------------------------------


def decode_csv(data: bytes) -> tuple[str, str]:
    """The text and the encoding's name: UTF-8 (BOM or not) first, else GBK/GB18030 as
    detected by charset-normalizer; anything else is refused."""
    if b"\x00" in data[:4096]:
        raise FileRejected(_("This is not a text CSV file (it contains binary data)."))
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return data[3:].decode("utf-8"), "utf-8-sig"
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    encoding = (best.encoding if best else "").lower().replace("-", "").replace("_", "")
    if encoding in CHINESE_ENCODINGS:
        try:
            return data.decode("gb18030"), "gb18030"  # a superset of GB2312 and GBK
        except UnicodeDecodeError:
            pass
    raise FileRejected(
        _(
            "Cannot read the file's text: it is neither UTF-8 nor GBK/GB18030 (byte %(pos)d is "
            "invalid; the best guess was “%(guess)s”). Save it from Excel as “CSV UTF-8” and "
            "try again."
        )
        % {"pos": utf8_error.start + 1, "guess": best.encoding if best else "?"},
        [f"encoding: {best.encoding if best else 'unknown'}"],
    )


def _read_csv(data: bytes, *, name: str, limit: int | None) -> Table:
    text, encoding = decode_csv(data)
    first = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first.count) if first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [cell.strip() for cell in next(reader, [])]
        table = Table(name=name, sheet="", header=header, encoding=encoding)
        # Rows are counted as Excel shows the file: one per record, even when a quoted cell
        # spans several lines.
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if limit is not None and len(table.rows) >= limit:
                table.truncated = True
                break
            table.rows.append((number, list(cells)))
    except csv.Error as exc:
        raise FileRejected(
            _("The CSV is malformed near line %(line)d: %(error)s")
            % {"line": reader.line_num, "error": str(exc)}
        ) from exc
    return table


# ---- XLSX ------------------------------------------------------------------------------------


def _open_book(data: bytes, *, data_only: bool) -> Any:
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)


def _pick_sheet(book: Any, sheet: str) -> Any:
    if not sheet:
        return book.worksheets[0]
    if sheet not in book.sheetnames:
        raise FileRejected(
            _("The workbook has no sheet “%(sheet)s” (sheets: %(names)s).")
            % {"sheet": sheet, "names": "、".join(book.sheetnames)}
        )
    return book[sheet]


def _sheet_xml(data: bytes, worksheet: Any) -> bytes:
    part = str(getattr(worksheet, "_worksheet_path", "") or "").lstrip("/")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(part) if part in archive.namelist() else b""


def _check_merged(xml: bytes, sheet: str) -> None:
    ranges = [m.group(1).decode().replace("$", "") for m in _MERGE_RE.finditer(xml)]
    if ranges:
        listed = "、".join(ranges[:MAX_LISTED]) + ("…" if len(ranges) > MAX_LISTED else "")
        raise FileRejected(
            _(
                "Sheet “%(sheet)s” has merged cells (%(ranges)s). Unmerge them and fill every "
                "row's own values, then import again."
            )
            % {"sheet": sheet, "ranges": listed},
            [f"{sheet}!{r}" for r in ranges],
        )


def _uncached_formulas(data: bytes, sheet: str, limit: int | None) -> list[str]:
    """Cells holding a formula whose value Excel never stored (read as empty otherwise)."""
    book = _open_book(data, data_only=False)
    try:
        ws = _pick_sheet(book, sheet)
        found = []
        for number, row in enumerate(ws.iter_rows(), start=1):
            if limit is not None and number > limit + 1:
                break
            for cell in row:
                value = getattr(cell, "value", None)
                if getattr(cell, "data_type", "") == "f" or (
                    isinstance(value, str) and value.startswith("=")
                ):
                    found.append(cell.coordinate)
        return found
    finally:
        book.close()


def _read_xlsx(data: bytes, *, name: str, sheet: str, limit: int | None) -> Table:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise FileRejected(
            _("“%(name)s” is not an Excel .xlsx workbook (an old .xls? save it as .xlsx).")
            % {"name": name}
        )
    try:
        book = _open_book(data, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise FileRejected(
            _("Cannot read the Excel file: %(error)s") % {"error": str(exc) or type(exc).__name__}
        ) from exc
    try:
        ws = _pick_sheet(book, sheet)
        xml = _sheet_xml(data, ws)
        _check_merged(xml, ws.title)
        formulas = (
            set(_uncached_formulas(data, ws.title, limit)) if _FORMULA_RE.search(xml) else set()
        )
        table = Table(name=name, sheet=ws.title, header=[])
        missing: list[str] = []
        for number, row in enumerate(ws.iter_rows(), start=1):
            cells = [getattr(c, "value", None) for c in row]
            if formulas:
                missing += [
                    f"{ws.title}!{c.coordinate}"
                    for c in row
                    if getattr(c, "value", None) is None
                    and getattr(c, "coordinate", "") in formulas
                ]
            if number == 1:
                table.header = ["" if v is None else str(v).strip() for v in cells]
                continue
            if not any(v not in (None, "") and str(v).strip() for v in cells):
                continue
            if limit is not None and len(table.rows) >= limit:
                table.truncated = True
                break
            table.rows.append((number, cells))
    finally:
        book.close()
    if missing:
        listed = "、".join(missing[:MAX_LISTED]) + ("…" if len(missing) > MAX_LISTED else "")
        raise FileRejected(
            _(
                "Formula cells without a calculated value: %(cells)s. Open the file in Excel or "
                "WPS, let it calculate, save, and import again (or paste the values)."
            )
            % {"cells": listed},
            missing,
        )
    return table
