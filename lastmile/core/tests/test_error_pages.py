"""The last-resort error pages: 503 + Retry-After when the database is down, a clear 500 page
otherwise, JSON for API clients — and none of them needs the database to render."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client


def _refuse(self):  # type: ignore[no-untyped-def]
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


@contextmanager
def _database_down() -> Iterator[Client]:
    """Every new use of the connection fails, as while PostgreSQL restarts."""
    client = Client(raise_request_exception=False)
    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", _refuse):
        yield client


@pytest.mark.django_db
def test_a_page_while_the_database_is_down_says_503_and_when_to_retry():
    with _database_down() as client:
        response = client.get("/messages/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "服务暂时不可用" in page and "请一分钟后再试" in page
    assert "Traceback" not in page and "127.0.0.1" not in page


@pytest.mark.django_db
def test_a_post_while_the_database_is_down_is_not_acknowledged(world):
    with _database_down() as client:
        response = client.post("/raise/", {"text": "路灯坏了好几天了", "kind": "help"})
    assert response.status_code == 503
    assert "服务暂时不可用" in response.content.decode()


@pytest.mark.django_db
def test_api_clients_get_json_503():
    with _database_down() as client:
        response = client.get("/api/v1/areas")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json()["code"] == "unavailable"


@pytest.mark.django_db
def test_open311_clients_get_json_503():
    with _database_down() as client:
        response = client.get("/open311/v2/services.json")
    assert response.status_code == 503 and response.json()["code"] == "unavailable"


def _handled(path: str, exc: Exception):  # type: ignore[no-untyped-def]
    """What Django's handler500 answers while ``exc`` is being handled."""
    from django.test import RequestFactory

    from lastmile.core.views_errors import server_error

    try:
        raise exc
    except Exception:
        return server_error(RequestFactory().get(path))


def test_a_bug_is_a_500_with_a_clear_page_not_a_503():
    response = _handled("/track/", ZeroDivisionError("a bug"))
    assert response.status_code == 500 and "Retry-After" not in response
    assert "出错了" in response.content.decode() and "a bug" not in response.content.decode()


def test_a_bug_behind_the_api_is_json_500():
    response = _handled("/api/v1/concerns", KeyError("x"))
    assert response.status_code == 500
    assert json.loads(response.content)["code"] == "server_error"


def test_a_lost_connection_wrapped_in_another_error_is_still_503():
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError as cause:
        wrapped = RuntimeError("while saving the session")
        wrapped.__cause__ = cause
    response = _handled("/", wrapped)
    assert response.status_code == 503 and response["Retry-After"] == "30"
