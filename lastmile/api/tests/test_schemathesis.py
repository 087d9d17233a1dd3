"""Property-based run of the whole API against its own OpenAPI document (schemathesis).

Every operation gets generated requests — anonymous ones and ones carrying an administrator's
token — and each response must not be a server error and must match the documented status codes,
content type and schema. Runs in-process over WSGI, in the test's database transaction.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lastmile.concerns.testing import reach

application = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Like Django's test client: the in-process WSGI calls must not close the test's database
    connection at the end of each request (it holds the test's transaction)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(world, token_for, settings):
    settings.LASTMILE_CHANNELS = {
        **settings.LASTMILE_CHANNELS,
        "API_ANON_RATE": "100000/m",
        "API_SUBMIT_ANON_RATE": "100000/m",
        "API_TOKEN_RATE": "100000/m",
    }
    for status in ("received", "dispatched", "in_progress", "replied"):
        reach(world, status)
    return token_for("admin")


@schema.parametrize()
@hypothesis_settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforms_to_its_schema(case, admin_token):
    case.call_and_validate(checks=CHECKS)
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Bearer {admin_token}"})
