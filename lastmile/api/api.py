"""The ninja API root at /api/v1/. Each app contributes a router from its own api.py.

Every error is JSON ``{"code", "message", "field"?}`` with a stable code; nothing reaches the
client as an HTML page or a bare 500.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from lastmile.api.auth import STAFF_AUTH, api_gate
from lastmile.api.throttling import THROTTLES
from lastmile.core.errors import DomainError
from lastmile.core.views_errors import RETRY_AFTER_SECONDS, database_unavailable

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="Lastmile API",
    version="1",
    description=(
        "接诉即办 concern loop: intake, dispatch, handling, callback, public board; and the "
        "master data (areas, units, categories, dispatch table). Authenticate with the browser "
        "session or `Authorization: Bearer <token>` (`lastmile apikey create`). Errors are JSON "
        '`{"code", "message", "field"}`.'
    ),
    urls_namespace="api-v1",
    auth=STAFF_AUTH,
    throttle=THROTTLES,
)

# The API's own messages (house style: Chinese / English; stable across languages).
MESSAGES = {
    "invalid_input": "请求数据无效 / Invalid input",
    "malformed_json": "请求体不是有效的 JSON / Malformed JSON body",
    "unauthorized": "需要登录或有效的 API 令牌 / Authentication required",
    "forbidden": "无权执行此操作 / Not permitted",
    "not_found": "未找到 / Not found",
    "throttled": "请求过于频繁，请稍后再试 / Too many requests",
    "server_error": "服务器内部错误，请稍后再试 / Internal server error",
    "unavailable": "服务暂时不可用，请稍后重试 / Service briefly unavailable, please retry",
}


def error(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
    return api.create_response(request, body, status=status)


api.add_decorator(api_gate(error), mode="view")


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    body = {"code": exc.code, "message": str(exc.message), "field": exc.field or None}
    return error(request, exc.http_status, body)


def _field(loc: tuple | list) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[2:]  # ("body", "payload", "text") → "text"
    elif parts:
        parts = parts[1:]  # ("query", "limit") → "limit"
    return ".".join(parts)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": _field(e.get("loc", ())), "message": str(e.get("msg", "")), "type": e["type"]}
        for e in exc.errors
    ]
    first = errors[0] if errors else {"field": "", "message": ""}
    message = MESSAGES["invalid_input"]
    if first["message"]:
        where = f"{first['field']}: " if first["field"] else ""
        message = f"{message}: {where}{first['message']}"
    body = {
        "code": "invalid_input",
        "message": message,
        "field": first["field"] or None,
        "errors": errors,
    }
    return error(request, 400, body)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, Throttled):
        code = "throttled"
    elif isinstance(exc, AuthenticationError) or exc.status_code == 401:
        code = "unauthorized"
    elif exc.status_code == 400 and "parse request body" in exc.message:
        code = "malformed_json"
    elif exc.status_code == 403:
        code = "forbidden"
    elif exc.status_code == 404:
        code = "not_found"
    else:
        code = "invalid_input" if exc.status_code == 400 else f"http_{exc.status_code}"
    message = MESSAGES.get(code, exc.message)
    return error(request, exc.status_code, {"code": code, "message": message})


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, 404, {"code": "not_found", "message": MESSAGES["not_found"]})


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error(request, 403, {"code": "forbidden", "message": MESSAGES["forbidden"]})


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    if database_unavailable(exc):  # restarting or failing over: the client may safely retry
        logger.warning("database unavailable: 503 on %s %s", request.method, request.path)
        response = error(request, 503, {"code": "unavailable", "message": MESSAGES["unavailable"]})
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    logger.exception("API error on %s %s", request.method, request.path)
    return error(request, 500, {"code": "server_error", "message": MESSAGES["server_error"]})


from lastmile.concerns.api import router as concerns_router  # noqa: E402
from lastmile.orgs.api import router as orgs_router  # noqa: E402

api.add_router("/", concerns_router)
api.add_router("/", orgs_router)
