"""Property-based: schemathesis calls every operation of /api/v1/openapi.json against the
real WSGI application with a valid token: no server error, every answer as documented.

A well-formed request the services refuse on a business rule (a melding dated in the
future) is answered 400 as documented; that is not counted as a fault. Examples are few
per operation: the suite runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from schakel.wsgi import application
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 6


@pytest.fixture
def connection_kept_open():
    """Called through WSGI directly, Django would close the test's database connection at
    the end of each request; Django's own test client keeps it open the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_the_api_keeps_to_its_document(api_world, connection_kept_open):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    headers = {"Authorization": bearer(api_world.police_token)["HTTP_AUTHORIZATION"]}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 15

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def keeps_to_document(case):
            # A schema-valid melding may still break a rule of the service (a date in
            # the future, a municipality of another region): a 400 is the right answer.
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        keeps_to_document()
