"""Desk pages for spreadsheets: import a message-board export, export a filtered list.

Thin: the form parses, ``io.importer.import_file`` checks and writes, the page shows the report.
"""

from __future__ import annotations

import tempfile
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from lastmile.concerns.choices import Status
from lastmile.concerns.io.export import export_qs, parse_filters, write_xlsx
from lastmile.concerns.io.importer import import_file
from lastmile.concerns.io.reading import SUFFIXES
from lastmile.concerns.services.imports import concerns_export_record
from lastmile.concerns.views.desk_actions import nav_roles
from lastmile.core.errors import DomainError, InvalidInput
from lastmile.core.uploads import CSV as CSV_KIND
from lastmile.core.uploads import XLSX as XLSX_KIND
from lastmile.core.uploads import verify_upload
from lastmile.orgs.choices import Role
from lastmile.orgs.selectors import Actor, actor_for_user

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORT_ROWS = 500  # issues listed on the page; the counts cover all


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Spreadsheet (.xlsx or .csv)"))
    mode = forms.ChoiceField(
        label=gettext_lazy("If some rows have errors"),
        choices=[
            ("all", gettext_lazy("All or nothing: import nothing and show the errors")),
            ("skip", gettext_lazy("Skip bad rows: import the good rows, list the bad ones")),
        ],
        initial="all",
        widget=forms.RadioSelect,
    )
    mapping = forms.CharField(
        label=gettext_lazy("Column mapping"),
        required=False,
        help_text=gettext_lazy(
            "Only for other headers, e.g. 标题=title,内容=text,受理时间=created_at"
        ),
        widget=forms.TextInput(attrs={"placeholder": "标题=title,内容=text"}),
    )
    sheet = forms.CharField(label=gettext_lazy("Worksheet"), required=False, max_length=100)
    dry_run = forms.BooleanField(label=gettext_lazy("Check only, import nothing"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith(SUFFIXES):
            raise forms.ValidationError(_("Choose a .xlsx or .csv file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB; split it or use the lastmile import command.")
                % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        try:  # judged by content: a real workbook (no macros) or plain text
            verify_upload(
                upload.name,
                upload.read(),
                kinds=(XLSX_KIND,) if name.endswith(".xlsx") else (CSV_KIND,),
                max_bytes=MAX_UPLOAD_BYTES,
                field="file",
            )
        except InvalidInput as exc:
            raise forms.ValidationError(str(exc.message)) from exc
        upload.seek(0)
        return upload


class ExportForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any")), *list(Status.choices)],
    )
    since = forms.DateField(
        label=gettext_lazy("Received from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        label=gettext_lazy("Received until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    unit = forms.CharField(label=gettext_lazy("Lead unit code"), required=False, max_length=32)
    area = forms.CharField(label=gettext_lazy("Area code"), required=False, max_length=32)


def _page(request: HttpRequest, actor: Actor, context: dict[str, Any], status: int) -> HttpResponse:
    return render(
        request,
        "concerns/desk/import.html",
        {"actor": actor, **nav_roles(actor), "export_form": ExportForm(), **context},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    actor = actor_for_user(request.user)
    if not actor.is_staff_member:
        raise PermissionDenied(_("Only staff can import or export concerns."))
    if request.method == "POST" and not actor.has_role(Role.DISPATCHER, Role.ADMIN):
        raise PermissionDenied(_("Only dispatchers and administrators import spreadsheets."))
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = import_file(
                actor=actor,
                data=data["file"].read(),
                name=data["file"].name,
                mode=data["mode"],
                mapping_text=data["mapping"],
                sheet=data["sheet"],
                dry_run=data["dry_run"],
            )
        except DomainError as exc:
            form.add_error("mapping" if exc.field == "mapping" else None, str(exc.message))
    status = 400 if form.is_bound and (form.errors or (report and report.refused)) else 200
    context = {
        "form": form,
        "report": report,
        "issues": report.issues[:REPORT_ROWS] if report else [],
    }
    return _page(request, actor, context, status)


@login_required
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponseBase:
    actor = actor_for_user(request.user)
    if not actor.is_staff_member:
        raise PermissionDenied(_("Only staff can import or export concerns."))
    try:
        filters = parse_filters(request.GET)
    except DomainError as exc:
        return _page(request, actor, {"form": ImportForm(), "export_error": exc.message}, 400)
    # FileResponse closes the spool when the download ends.
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    count = write_xlsx(actor=actor, qs=export_qs(actor, filters), out=spool, request=request)
    concerns_export_record(actor=actor, count=count, filters=filters.as_dict())
    spool.seek(0)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(
        spool, as_attachment=True, filename=f"concerns-{stamp}.xlsx", content_type=XLSX
    )
