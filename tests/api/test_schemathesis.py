"""Property-based: schemathesis calls every operation of /api/v1/openapi.json against the
real WSGI application with a valid token: no server error, every answer as documented."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from schakel.wsgi import application
from tests.api.conftest import bearer


@pytest.fixture
def api_schema(api_world):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.django_db(transaction=False)
@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_keeps_to_its_document(case, api_world):
    case.call_and_validate(headers={"Authorization": bearer(api_world.police_token)["HTTP_AUTHORIZATION"]})
