"""Fixtures of the API tests: a clean throttle cache, tokens for the world's people, helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from lastmile.api import tokens
from lastmile.orgs.testing import World


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    """Throttle counters live in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def token_for(world: World) -> Callable[[str], str]:
    """The raw API token of a world person (``token_for("dispatcher")``)."""

    def make(key: str, *, scope: str = "api", days: int | None = 30) -> str:
        return tokens.token_create(
            name=f"test {key}", scope=scope, username=world.username(key), days=days
        ).raw

    return make


class Api:
    """A test client speaking JSON to /api/v1/ as one token holder (or anonymously)."""

    def __init__(self, client: Client, token: str = ""):
        self.client, self.token = client, token

    def _headers(self, extra: dict[str, str]) -> dict[str, str]:
        headers = dict(extra)
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def get(self, path: str, params: dict[str, Any] | None = None, **headers: str) -> Any:
        return self.client.get(f"/api/v1{path}", params or {}, headers=self._headers(headers))

    def post(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.client.post(
            f"/api/v1{path}",
            body if body is not None else {},
            content_type="application/json",
            headers=self._headers(headers),
        )


@pytest.fixture
def api_as(client: Client, token_for: Callable[..., str]) -> Callable[[str], Api]:
    """``api_as("dispatcher")`` → an Api client with that person's token; ``api_as("")`` anon."""

    def make(key: str) -> Api:
        return Api(client, token_for(key) if key else "")

    return make
