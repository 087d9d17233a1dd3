"""The registry covers every URL pattern: an endpoint added without a rule fails here, naming
the pattern and where to add its rule. This is how the matrix grows."""

from __future__ import annotations

from lastmile.tests.permissions.cells import site_endpoints
from lastmile.tests.permissions.endpoints import api_methods
from lastmile.tests.permissions.registry import NON_STAFF, ROLES, RULES, STAFF_ROLES

WHERE = "lastmile/tests/permissions/registry.py (RULES); see docs/development/permissions.md"


def test_every_endpoint_has_a_rule() -> None:
    missing = [f"{e.name}  ({e.route})" for e in site_endpoints() if e.name not in RULES]
    assert not missing, f"No permission rule for these URL patterns; add one to {WHERE}:\n" + (
        "\n".join(missing)
    )


def test_no_rule_without_an_endpoint() -> None:
    names = {e.name for e in site_endpoints()}
    stale = sorted(set(RULES) - names)
    assert not stale, f"Rules for URL names that no longer exist; remove them from {WHERE}: {stale}"


def test_rules_build_every_parameter() -> None:
    wrong = []
    for endpoint in site_endpoints():
        rule = RULES.get(endpoint.name)
        if rule is not None and set(rule.kw) != set(endpoint.params):
            wrong.append(f"{endpoint.name}: pattern has {endpoint.params}, rule builds {rule.kw}")
    assert not wrong, "\n".join(wrong)


def test_every_api_operation_is_known() -> None:
    """The API's methods come from the ninja routers; each operation needs its rule."""
    missing = sorted(name for name in api_methods() if name not in RULES)
    assert not missing, f"API operations without a rule; add them to {WHERE}: {missing}"


def test_roles_are_classified() -> None:
    assert set(ROLES) == {"anonymous"} | NON_STAFF | STAFF_ROLES
