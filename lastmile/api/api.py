"""The ninja API root at /api/v1/. Each app contributes a router from its own api.py."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from lastmile.core.errors import DomainError

api = NinjaAPI(
    title="Lastmile API",
    version="1",
    description="接诉即办 concern loop: intake, dispatch, handling, callback, public board.",
    urls_namespace="api-v1",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(
        request,
        {"code": exc.code, "message": str(exc.message), "field": exc.field},
        status=exc.http_status,
    )


from lastmile.concerns.api import router as concerns_router  # noqa: E402

api.add_router("/", concerns_router)
