"""The matrix's cells, generated from the URL resolver and the registry, and how to request
one (URL, client, body)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.urls import reverse

from lastmile.api.tokens import token_create
from lastmile.tests.permissions.endpoints import Endpoint, api_methods, endpoints
from lastmile.tests.permissions.registry import ADMIN_PREFIX, ROLES, RULES, Rule
from lastmile.tests.permissions.world import Matrix

BOGUS_INT, BOGUS_STR = "999999", "ZZ999999"


@dataclass(frozen=True)
class Cell:
    name: str
    method: str
    role: str
    where: str  # "in" (the role's own world), "out" (the other world), "-" (no object)

    @property
    def id(self) -> str:
        return f"{self.name}|{self.method}|{self.role}|{self.where}"

    @property
    def rule(self) -> Rule:
        return RULES[self.name]

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api-v1:")


def site_endpoints() -> list[Endpoint]:
    return [e for e in endpoints() if not e.route.startswith(ADMIN_PREFIX)]


def admin_endpoints() -> list[Endpoint]:
    return [e for e in endpoints() if e.route.startswith(ADMIN_PREFIX)]


def methods_of(name: str) -> tuple[str, ...]:
    return api_methods().get(name) or RULES[name].methods


def all_cells() -> list[Cell]:
    cells: list[Cell] = []
    for endpoint in site_endpoints():
        rule = RULES.get(endpoint.name)
        if rule is None:
            continue  # test_registry names it
        wheres = ("in", "out") if rule.obj else ("-",)
        for method in methods_of(endpoint.name):
            for role in ROLES:
                for where in wheres:
                    if where == "out" and (rule.public_obj or role == "anonymous"):
                        continue  # a public object looks the same from anywhere; anonymous
                        # is refused (or not) before any object is looked up
                    if where == "in" and role.startswith("x_"):
                        continue  # the other district's staff mirror the t staff at home
                    cells.append(Cell(endpoint.name, method, role, where))
    return cells


def _value(spec: str, objects: dict[str, Any]) -> str:
    if spec.startswith("="):
        return spec[1:]
    kind, _, attr = spec.partition(".")
    value: Any = objects[kind]
    for part in attr.split("."):
        value = getattr(value, part)
    return str(value)


def url_for(cell: Cell, matrix: Matrix, *, bogus: bool = False) -> str:
    rule = cell.rule
    side = matrix.side_for(cell.role, cell.where)
    kwargs = {}
    for param, spec in rule.kw.items():
        value = _value(spec, side.objects)
        if bogus and not spec.startswith("="):
            value = BOGUS_INT if value.isdigit() else BOGUS_STR
        kwargs[param] = value
    return reverse(cell.name, kwargs=kwargs or None)


def login_all(matrix: Matrix) -> None:
    """One signed-in client per role, made once with the world (its session row lives in the
    module's transaction, outside the cells' savepoints)."""
    for role, user in matrix.users.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        matrix.clients[role] = client
        matrix.sessions[role] = client.cookies["sessionid"].value if user is not None else ""
        if user is not None:
            matrix.tokens[role] = token_create(
                name=f"matrix {role}", scope="api", username=user.get_username()
            ).raw


def client_for(role: str, matrix: Matrix) -> Client:
    """The role's client with nothing but its session cookie (no messages or language left
    over from an earlier cell)."""
    client = matrix.clients[role]
    for name in list(client.cookies):
        del client.cookies[name]
    if matrix.sessions[role]:
        # set again every time: a cell that signs out (or changes a password) replaced it
        client.cookies["sessionid"] = matrix.sessions[role]
    return client


def send(client: Client, cell: Cell, url: str, **headers: str) -> Any:
    if cell.method == "GET":
        return client.get(url, headers=headers)
    if cell.is_api:
        return client.post(url, data="{}", content_type="application/json", headers=headers)
    return client.post(url, data={}, headers=headers)


def admin_url(endpoint: Endpoint) -> str:
    """A concrete path for an admin pattern: ids become 1, an app-label choice its first."""
    path = re.sub(r"\^\(\?P<\w+>([a-z_]+)[^)]*\)", r"\1", endpoint.route)
    path = re.sub(r"<(?:\w+:)?\w+>", "1", path.replace("^", "").replace("$", ""))
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)
    return "/" + path
