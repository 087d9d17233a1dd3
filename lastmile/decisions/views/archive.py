"""The whole record of a matter as a printable PDF archive, and meeting attachments (staff)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from lastmile.decisions import pdf, selectors
from lastmile.decisions.views.base import staff


@login_required
@require_GET
def archive_pdf(request: HttpRequest, number: str) -> HttpResponse:
    actor = staff(request)
    matter = selectors.matter_get_for_actor(actor, number)
    response = HttpResponse(pdf.render_pdf(matter), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{matter.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    actor = staff(request)
    found = selectors.attachment_for_viewer(actor, pk=pk)
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("file missing") from exc
    response = FileResponse(handle, content_type=found.content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
