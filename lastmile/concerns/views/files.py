"""Attachments are never served from a public media URL: each download is checked.

Reply evidence of a concern on the public board is public; a resident's own photos are visible
to that resident's browser (tracking session) and to staff who can see the concern; objection
material only to staff.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest

from lastmile.concerns.selectors import attachment_for_viewer
from lastmile.concerns.views.public import RAISED, TRACKED
from lastmile.orgs.selectors import actor_for_user


def attachment(request: HttpRequest, pk: int) -> FileResponse:
    own_codes = set(request.session.get(TRACKED, {})) | set(request.session.get(RAISED, {}))
    item = attachment_for_viewer(actor_for_user(request.user), pk=pk, own_codes=own_codes)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("file missing") from exc
    response = FileResponse(handle, content_type=item.content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600" if not item.is_public else "max-age=3600"
    return response
