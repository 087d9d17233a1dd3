"""The permission matrix: every endpoint × method × role × object inside/outside the role's
jurisdiction (issue #8, part 1). Each cell is its own test id: ``name|method|role|where``."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from lastmile.core.models import AuditEvent
from lastmile.tests.permissions.cells import (
    Cell,
    _value,
    admin_endpoints,
    admin_url,
    all_cells,
    client_for,
    send,
    url_for,
)
from lastmile.tests.permissions.registry import (
    ACCOUNT,
    ANY,
    CHANNEL,
    LOGIN,
    NON_STAFF,
    PUBLIC,
    STAFF,
    XFAIL,
)
from lastmile.tests.permissions.world import PII, Matrix

pytestmark = pytest.mark.django_db

CELLS = all_cells()
REFUSED = {400, 401, 403, 404, 405, 409, 422}
# The API validates the body before the handler looks the concern up; the matrix posts "{}", so
# an API action answers 400/422 alike for every object (no oracle: compared with a missing one).
API_INVALID = (400, 422)


def _is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and str(settings.LOGIN_URL) in response["Location"]


def _refused(response: Any) -> bool:
    return response.status_code in REFUSED or _is_login_redirect(response)


def _expected_allowed(cell: Cell) -> bool:
    allow = cell.rule.allow
    if allow is None or cell.where == "out":
        return False
    if allow == ANY:
        return cell.role != "anonymous" or cell.rule.access == PUBLIC
    return cell.role in allow


_MISSING: dict[tuple[str, str, str], int] = {}


def _missing_status(cell: Cell, matrix: Matrix) -> int:
    """What the URL answers the role for an object that does not exist (once per module)."""
    key = (cell.name, cell.method, cell.role)
    if key not in _MISSING:
        url = url_for(cell, matrix, bogus=True)
        _MISSING[key] = send(client_for(cell.role, matrix), cell, url).status_code
    return _MISSING[key]


def _param(cell: Cell) -> Any:
    reason = XFAIL.get(cell.id)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(cell, id=cell.id, marks=marks)


@pytest.mark.parametrize("cell", [_param(c) for c in CELLS])
def test_cell(cell: Cell, matrix: Matrix) -> None:
    rule = cell.rule
    url = url_for(cell, matrix)
    client = client_for(cell.role, matrix)
    before = AuditEvent.objects.count()
    response = send(client, cell, url)
    status = response.status_code
    where = f"{cell.method} {url} as {cell.role}"
    assert status < 500, f"{where}: {status} (never a 500)"

    if cell.role == "anonymous" and rule.access in (LOGIN, STAFF):
        if cell.is_api:
            assert status == 401, f"{where}: {status}, anonymous API calls answer 401"
        else:
            assert _is_login_redirect(response), f"{where}: {status}, expected the login page"

    refusals = (403, 404, *API_INVALID) if cell.is_api and cell.method == "POST" else (403, 404)
    if rule.access == STAFF and cell.role in NON_STAFF:
        assert status in refusals, f"{where}: {status}, a staff endpoint let a non-staff in"

    if rule.obj and not rule.public_obj and cell.where == "out" and cell.role != "superuser":
        assert status in refusals, f"{where}: {status}, an object outside the jurisdiction"
        missing = _missing_status(cell, matrix)
        assert status == missing, (
            f"{where}: {status} but {missing} for an object that does not exist: "
            "an outsider can tell that it exists"
        )

    if _expected_allowed(cell):
        assert 200 <= status < 400, f"{where}: {status}, the registry says {cell.role} may"
        if cell.method == "GET" and status == 200 and not response.streaming:
            objects = matrix.side_for(cell.role, cell.where).objects
            shown = [_value(spec, objects) for spec in rule.kw.values()]
            shown = [v for v in shown if not v.isdigit()]  # codes and numbers, not pks
            body = response.content.decode("utf-8", "replace")
            assert all(v in body for v in shown), f"{where}: the page does not show {shown}"

    if cell.method == "POST" and _refused(response):
        assert AuditEvent.objects.count() == before, f"{where}: refused but something changed"

    if (
        cell.method == "GET"
        and rule.access in (PUBLIC, ACCOUNT, CHANNEL)
        and cell.role in ("anonymous", "resident2")
        and status == 200
        and not response.streaming
    ):
        body = response.content.decode("utf-8", "replace")
        leaked = [value for value in PII if value in body]
        assert not leaked, f"{where}: a public page shows a resident's data {leaked}"


API_CELLS = [c for c in CELLS if c.is_api and c.rule.access in (LOGIN, STAFF)]


@pytest.mark.parametrize("cell", API_CELLS, ids=[f"bearer|{c.id}" for c in API_CELLS])
def test_api_bearer_token_answers_like_the_session(cell: Cell, matrix: Matrix) -> None:
    """The API's other way in: a person's bearer token reaches exactly what their session
    does; a wrong token is 401 before anything else."""
    url = url_for(cell, matrix)
    if cell.role == "anonymous":
        response = send(Client(), cell, url, Authorization="Bearer lm_not-a-token")
        assert response.status_code == 401, f"{cell.method} {url} with a bad token"
        return
    with_token = send(Client(), cell, url, Authorization=f"Bearer {matrix.tokens[cell.role]}")
    with_session = send(client_for(cell.role, matrix), cell, url)
    assert with_token.status_code == with_session.status_code, (
        f"{cell.method} {url} as {cell.role}: token {with_token.status_code}, "
        f"session {with_session.status_code}"
    )


ADMIN = admin_endpoints()


@pytest.mark.parametrize("endpoint", ADMIN, ids=[e.name for e in ADMIN])
@pytest.mark.parametrize("role", ["anonymous", "resident", "admin"])
def test_admin_is_staff_only(endpoint: Any, role: str, matrix: Matrix) -> None:
    """Django admin: people without ``is_staff`` only ever reach its sign-in page; the
    district administrator (``is_staff``) gets Django's per-model permissions — never a 500."""
    url = admin_url(endpoint)
    response = client_for(role, matrix).get(url)
    status = response.status_code
    assert status < 500, f"GET {url} as {role}: {status}"
    if role == "admin":
        return
    if endpoint.name == "admin:login":
        assert status == 200
    elif status == 302:
        assert response["Location"].startswith("/admin/"), response["Location"]
    else:
        assert status in (404, 405), f"GET {url} as {role}: {status}"
