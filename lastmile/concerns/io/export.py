"""Export a list of concerns the actor may see to .xlsx, with Chinese headers.

Streams rows into a write-only workbook; times are real Excel dates in local time. Name and
phone columns carry the resident's contact only where this person may contact them (the
dispatchers, supervisors and grid workers of the area, the lead unit's handlers); elsewhere, e.g.
for an assisting unit, they are masked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from lastmile.concerns import permissions
from lastmile.concerns.choices import Status
from lastmile.concerns.models import Concern
from lastmile.concerns.selectors import concern_qs_for_actor
from lastmile.core.errors import InvalidInput
from lastmile.core.masking import mask_name, mask_phone
from lastmile.core.pii import Subject, log_pii_access_many
from lastmile.orgs.choices import Role
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import Actor

HEADERS = (
    "受理编号",
    "标题",
    "类型",
    "状态",
    "分类",
    "区域",
    "承办单位",
    "受理时间",
    "办理期限",
    "答复时间",
    "满意度",
    "我也遇到",
    "姓名",
    "电话",
)
WIDTHS = (14, 40, 10, 14, 16, 16, 20, 18, 18, 18, 10, 10, 10, 16)
DATE_FORMAT = "yyyy-mm-dd hh:mm"


@dataclass(frozen=True)
class ExportFilters:
    status: str = ""
    since: date | None = None
    until: date | None = None
    unit: str = ""  # unit code (lead unit)
    area: str = ""  # area code (the area and everything under it)

    def as_dict(self) -> dict[str, str]:
        return {
            "status": self.status,
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
            "unit": self.unit,
            "area": self.area,
        }


def parse_filters(data: Any) -> ExportFilters:
    """Filters from a query dict or options; a bad value is an InvalidInput naming it."""

    def day(name: str) -> date | None:
        raw = (data.get(name) or "").strip()
        if not raw:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError as exc:
            raise InvalidInput(
                _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": raw}, field=name
            ) from exc

    status = (data.get("status") or "").strip()
    if status and status not in Status.values:
        raise InvalidInput(_("Unknown status “%(value)s”.") % {"value": status}, field="status")
    return ExportFilters(
        status=status,
        since=day("since"),
        until=day("until"),
        unit=(data.get("unit") or "").strip(),
        area=(data.get("area") or "").strip(),
    )


def export_qs(actor: Actor, filters: ExportFilters) -> QuerySet[Concern]:
    """The actor's scoped concerns narrowed by the filters (never wider than the scope)."""
    qs = concern_qs_for_actor(actor)
    if filters.status:
        qs = qs.filter(status=filters.status)
    zone = timezone.get_current_timezone()
    if filters.since:
        qs = qs.filter(created_at__gte=datetime.combine(filters.since, datetime.min.time(), zone))
    if filters.until:
        end = datetime.combine(filters.until, datetime.max.time(), zone)
        qs = qs.filter(created_at__lte=end)
    if filters.unit:
        qs = qs.filter(lead_unit__code=filters.unit)
    if filters.area:
        from lastmile.orgs.models import Area

        area = Area.objects.filter(code=filters.area).first()
        qs = qs.filter(area__path__startswith=area.path) if area else qs.none()
    return qs.select_related("category", "area", "lead_unit").order_by("-created_at", "pk")


def may_contact(actor: Actor, concern: Concern) -> bool:
    if actor.is_superuser:
        return True
    if permissions.is_dispatcher_for(actor, concern) or permissions.is_supervisor_for(
        actor, concern
    ):
        return True
    if permissions.is_lead_handler(actor, concern):
        return True
    return concern.area is not None and actor.covers_area(concern.area, Role.GRID_WORKER)


def _local(value: datetime | None) -> datetime | None:
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def _values(actor: Actor, c: Concern) -> list[Any]:
    contact = may_contact(actor, c)
    return [
        c.code,
        c.title,
        c.get_kind_display(),
        c.get_status_display(),
        c.category.name if c.category else "",
        c.area.name if c.area else "",
        c.lead_unit.name if c.lead_unit else "",
        _local(c.created_at),
        _local(c.resolve_due),
        _local(c.replied_at),
        c.get_cb_satisfaction_display(),
        c.me_too_count,
        c.resident_name if contact else mask_name(c.resident_name),
        c.resident_phone if contact else mask_phone(c.resident_phone),
    ]


def _cell(ws: Any, value: Any) -> WriteOnlyCell:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    item = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith("="):
        item.data_type = "s"  # resident text is never a formula
    if isinstance(value, datetime):
        item.number_format = DATE_FORMAT
    return item


def _rows(actor: Actor, qs: QuerySet[Concern], shown: list[Subject]) -> Iterator[list[Any]]:
    for concern in qs.iterator(chunk_size=1000):
        fields = ("resident_name", "resident_phone")
        if may_contact(actor, concern) and any(getattr(concern, f) for f in fields):
            shown.append(
                Subject(
                    "concern",
                    concern.pk,
                    tuple(f for f in fields if getattr(concern, f)),
                    subject_label=concern.code,
                    person_id=concern.resident_user_id,  # a login id until resolved below
                    area_path=concern.area.path if concern.area else "",
                )
            )
        yield _values(actor, concern)


def _log_contacts(actor: Actor, shown: list[Subject], request: HttpRequest | None) -> None:
    """Each exported concern whose contact went out unmasked is an access to log."""
    users = {s.person_id for s in shown if s.person_id}
    people = dict(Person.objects.filter(user_id__in=users).values_list("user_id", "pk"))
    for s in shown:
        s.person_id = people.get(s.person_id) if s.person_id else None
    log_pii_access_many(actor=actor, subjects=shown, purpose="导出含联系方式", request=request)


def write_xlsx(
    *, actor: Actor, qs: QuerySet[Concern], out: IO[bytes], request: HttpRequest | None = None
) -> int:
    """Write the workbook to ``out``; returns the number of concerns written. The contacts
    written unmasked are logged as personal-data accesses (core/pii.py)."""
    book = Workbook(write_only=True)
    ws = book.create_sheet("诉求")
    for index, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in HEADERS:
        item = WriteOnlyCell(ws, value=text)
        item.font = bold
        header.append(item)
    ws.append(header)
    count = 0
    shown: list[Subject] = []
    with translation.override("zh-hans"):
        for values in _rows(actor, qs, shown):
            ws.append([_cell(ws, v) for v in values])
            count += 1
    book.save(out)
    _log_contacts(actor, shown, request)
    return count
