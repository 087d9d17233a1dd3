"""Personal data at the desk: the access log, for supervisors and admins (their subtree) and
superusers — who saw whose personal data, when and why (core/pii.py), filtered by staff member,
record or resident and date, with a .csv download — and the search for a caller by phone."""

from __future__ import annotations

import csv
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from lastmile.concerns.selectors import LIST_RELATED, concern_qs_for_actor
from lastmile.concerns.views.desk_actions import nav_roles
from lastmile.core.crypto import looks_like_phone, phone_hash
from lastmile.core.pii import AccessFilter, may_review, pii_access_for_actor
from lastmile.orgs.selectors import actor_for_user

PAGE_SIZE = 50
FIND_LIMIT = 50
CSV_LIMIT = 50_000


def field_label(field: str) -> str:
    """resident_phone, beneficiary_phone, phone → 电话; *_name → 姓名; *address → 地址."""
    for suffix, label in (
        ("phone", gettext_lazy("phone")),
        ("name", gettext_lazy("name")),
        ("address", gettext_lazy("address")),
        ("openid", "OpenID"),
    ):
        if field.endswith(suffix):
            return str(label)
    return field


def _cell(value: object) -> str:
    """No spreadsheet formula from a text cell (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _day(raw: str) -> tuple[date | None, str]:
    raw = (raw or "").strip()
    if not raw:
        return None, ""
    try:
        return date.fromisoformat(raw), ""
    except ValueError:
        return None, _("Enter a date like 2025-11-27.")


def _filters(request: HttpRequest) -> tuple[AccessFilter, dict[str, str]]:
    get = request.GET
    errors: dict[str, str] = {}
    since, errors["since"] = _day(get.get("since", ""))
    until, errors["until"] = _day(get.get("until", ""))
    person = (get.get("person") or "").strip()
    if person and not person.isdecimal():
        errors["person"] = _("A resident is named by their number in the register.")
    if since and until and until < since:
        errors["until"] = _("The end date is before the start date.")
    f = AccessFilter(
        staff=(get.get("staff") or "").strip()[:64],
        subject=(get.get("subject") or "").strip()[:64],
        person_id=int(person) if person.isdecimal() else None,
        since=since,
        until=until,
    )
    return f, {k: v for k, v in errors.items() if v}


@login_required
@require_GET
def access_log(request: HttpRequest) -> HttpResponseBase:
    actor = actor_for_user(request.user)
    if not may_review(actor):
        raise PermissionDenied(_("Only supervisors and administrators can review this log."))
    f, errors = _filters(request)
    qs = pii_access_for_actor(actor, f)
    if request.GET.get("format") == "csv" and not errors:
        return _csv(qs[:CSV_LIMIT])
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.labels = "、".join(dict.fromkeys(field_label(f) for f in row.fields))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/privacy/access.html",
        {
            "actor": actor,
            **nav_roles(actor),
            "page": page,
            "filters": request.GET,
            "errors": errors,
            "query": query.urlencode(),
        },
        status=400 if errors else 200,
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv(rows: object) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    header = [
        "时间",
        "工作人员",
        "工作人员编号",
        "记录类型",
        "记录",
        "居民编号",
        "字段",
        "事由",
        "页面",
    ]

    def lines() -> object:
        yield "\ufeff" + writer.writerow(header)  # BOM: Excel opens the UTF-8 text correctly
        for r in rows:  # type: ignore[attr-defined]
            yield writer.writerow(
                [
                    timezone.localtime(r.accessed_at).strftime("%Y-%m-%d %H:%M:%S"),
                    _cell(r.staff_label),
                    r.staff_id or "",
                    r.subject_type,
                    _cell(r.subject_label or r.subject_id),
                    r.person_id or "",
                    "、".join(dict.fromkeys(field_label(f) for f in r.fields)),
                    _cell(r.purpose),
                    _cell(r.path),
                ]
            )

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")  # type: ignore[arg-type]
    response["Content-Disposition"] = f'attachment; filename="pii-access-{stamp}.csv"'
    return response


@login_required
@require_GET
def find_caller(request: HttpRequest) -> HttpResponse:
    """The operator types a caller's number and sees that caller's concerns in their reach
    (by the phone's keyed hash: the numbers themselves are encrypted)."""
    actor = actor_for_user(request.user)
    if not actor.is_staff_member:
        raise PermissionDenied(_("Only staff can search concerns."))
    phone = (request.GET.get("phone") or "").strip()[:32]
    error, rows = "", []
    if phone:
        if looks_like_phone(phone):
            rows = list(
                concern_qs_for_actor(actor)
                .filter(resident_phone_hash=phone_hash(phone))
                .select_related(*LIST_RELATED)
                .order_by("-created_at")[:FIND_LIMIT]
            )
        else:
            error = _("Enter the caller's whole phone number, e.g. 13812345678.")
    return render(
        request,
        "core/privacy/find_caller.html",
        {
            "actor": actor,
            **nav_roles(actor),
            "phone": phone,
            "error": error,
            "rows": rows,
            "limit": FIND_LIMIT,
        },
        status=400 if error else 200,
    )
