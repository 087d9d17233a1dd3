"""The last-resort error pages: a clear page (or JSON for API clients), never Django's bare one.

When the database is unreachable (restarting, failing over, a lock on SQLite) the answer is 503
with ``Retry-After``: the request was (almost certainly) not stored, the client may send it again,
and monitoring tells an outage from a bug. Nothing here touches the database: these pages must
render while it is down.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 30
_MACHINE_PREFIXES = ("/api/", "/open311/", "/wechat/")

logger = logging.getLogger("lastmile.errors")


def database_unavailable(exc: BaseException | None) -> bool:
    """The failure is the database connection (not a bug in a query)."""
    while exc is not None:
        if isinstance(exc, InterfaceError | OperationalError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: called by Django inside its ``except`` block, so the error is at hand."""
    unavailable = database_unavailable(sys.exc_info()[1])
    status = 503 if unavailable else 500
    if unavailable:
        logger.warning("database unavailable: answered 503 to %s", request.path)
        message = _("The service is briefly unavailable. Please try again in a minute.")
    else:
        message = _("Something went wrong on our side. It has been logged; please try again later.")
    if request.path.startswith(_MACHINE_PREFIXES):
        response: HttpResponse = JsonResponse(
            {"code": "unavailable" if unavailable else "server_error", "message": message},
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        body = loader.get_template("core/errors/server_error.html").render(
            {"message": message, "status": status}
        )
        response = HttpResponse(body, status=status)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
