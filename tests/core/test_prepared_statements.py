"""On PostgreSQL a query a connection asks again and again is prepared on the server, so
it is planned once instead of on every page (schakel/settings.py)."""

from __future__ import annotations

import pytest
from django.db import connection

from schakel.organisations.models import Region


@pytest.mark.django_db
def test_a_query_asked_again_is_prepared_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    region = Region.objects.create(name="Regio Voorbereid", code="vb")

    def prepared() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            return cursor.fetchone()[0]

    before = prepared()
    for _ in range(6):
        assert Region.objects.filter(pk=region.pk).get().name == "Regio Voorbereid"
    assert prepared() > before
    # The same statement with another value uses the prepared one and finds the other row.
    other = Region.objects.create(name="Regio Ander", code="va")
    assert Region.objects.filter(pk=other.pk).get().name == "Regio Ander"
