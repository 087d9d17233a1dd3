"""Every URL pattern of the site, found by walking the resolver, and the API's methods from the
ninja routers: the matrix grows by itself when an endpoint is added."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Endpoint:
    name: str  # "namespace:name" (the registry's key); unnamed patterns use their route
    route: str  # the full pattern text, for messages
    params: tuple[str, ...]


def _walk(resolver: URLResolver, prefix: str, namespace: str | None) -> list[Endpoint]:
    found: list[Endpoint] = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            found += _walk(pattern, prefix + str(pattern.pattern), full_ns)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = pattern.name or route
            if namespace and pattern.name:
                name = f"{namespace}:{pattern.name}"
            params = tuple(pattern.pattern.regex.groupindex)
            found.append(Endpoint(name=name, route=route, params=params))
    return found


def endpoints() -> list[Endpoint]:
    """Every pattern, admin included, de-duplicated by name (the first one wins, as Django's
    reverse does)."""
    seen: dict[str, Endpoint] = {}
    for endpoint in _walk(get_resolver(), "", None):
        seen.setdefault(endpoint.name, endpoint)
    return list(seen.values())


def api_methods() -> dict[str, tuple[str, ...]]:
    """``api-v1:<url name>`` -> the HTTP methods of that ninja operation."""
    from lastmile.api.api import api

    methods: dict[str, tuple[str, ...]] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                name = getattr(path_view, "url_name", None)
                if name is None or len(path_view.operations) > 1:
                    name = operation.view_func.__name__
                methods[f"api-v1:{name}"] = tuple(operation.methods)
    return methods
