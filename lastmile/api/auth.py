"""Who is calling the API: a per-person bearer token, the browser session, or nobody.

The gate (a view decorator on every operation, before validation, auth and throttles) rejects
oversize bodies, resolves ``Authorization: Bearer <token>`` to the token's user (``request.user``;
a token without a user acts anonymous) and enforces CSRF for session-authenticated writes. App
routers then only read ``request.user`` (``actor_for_user``) and never import this module, so
dependencies keep pointing down.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from lastmile.api.models import ApiToken
from lastmile.api.tokens import token_check

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class ApiRejection(Exception):
    """The gate refused the request before any handler ran (turned into a JSON error)."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def request_token(request: HttpRequest) -> ApiToken | None:
    return getattr(request, "api_token", None)


def _body_size(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def check_request(request: HttpRequest) -> None:
    """Body size, bearer token, CSRF — in that order. Raises ApiRejection."""
    limit = settings.LASTMILE_CHANNELS["MAX_BODY_BYTES"]
    if _body_size(request) > limit:
        raise ApiRejection(413, "payload_too_large", TOO_LARGE % {"n": limit})
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, raw = header.strip().partition(" ")
        token = token_check(raw.strip(), scope="api") if scheme.lower() == "bearer" else None
        if token is None:
            raise ApiRejection(401, "invalid_token", BAD_TOKEN)
        request.api_token = token  # type: ignore[attr-defined]
        request.user = token.user or AnonymousUser()
        request._ninja_csrf_exempt = True  # type: ignore[attr-defined]  # no cookie, no CSRF
        return
    user = getattr(request, "user", None)
    session_write = (
        user is not None and user.is_authenticated and request.method not in SAFE_METHODS
    )
    if session_write and check_csrf(request) is not None:
        raise ApiRejection(403, "csrf_failed", CSRF_FAILED)
    request._ninja_csrf_exempt = True  # type: ignore[attr-defined]  # checked just above


def api_gate(render: Callable[[HttpRequest, int, dict], HttpResponse]) -> Callable:
    """A ninja "view" decorator running ``check_request`` before everything else."""

    def decorator(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(run)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                check_request(request)
            except ApiRejection as exc:
                return render(request, exc.status, {"code": exc.code, "message": exc.message})
            return run(request, *args, **kwargs)

        return wrapper

    return decorator


class BearerToken(HttpBearer):
    """``Authorization: Bearer lm_…`` (create one with ``lastmile apikey create``)."""

    def __call__(self, request: HttpRequest) -> Any:
        # The gate has checked the token already; here only "is there a person behind it".
        if request_token(request) is None:
            return None
        return request.user if request.user.is_authenticated else None

    def authenticate(self, request: HttpRequest, token: str) -> Any:  # pragma: no cover
        return None


class SessionCookie(APIKeyCookie):
    """The browser session of a signed-in person (CSRF is checked by the gate)."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=False)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if request_token(request) is not None:
            return None
        return request.user if request.user.is_authenticated else None


STAFF_AUTH = [BearerToken(), SessionCookie()]

# House style for the API's own errors: Chinese, then English after a slash. They are the same in
# every language on purpose (clients match on ``code``; people read either half).
TOO_LARGE = "请求体过大（上限 %(n)d 字节） / Request body too large (limit %(n)d bytes)"
BAD_TOKEN = "API 令牌无效、已过期或已吊销 / Invalid, expired or revoked API token"
CSRF_FAILED = "CSRF 校验失败 / CSRF check failed"
