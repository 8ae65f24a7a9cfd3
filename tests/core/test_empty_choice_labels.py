"""No select on any page offers Django's "---------": every empty choice says what to pick.

Every page of the authorization matrix is opened by every role in its realistic world;
a form page shows its selects, so a forgotten empty label shows up here.
"""

from __future__ import annotations

import pytest

from tests.access.matrix import ROLES, ROUTES
from tests.access.test_authorization_matrix import _build_world, _copy, url_of

DJANGO_PLACEHOLDER = "---------"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_no_page_shows_the_django_placeholder(world):
    found = []
    opened = 0
    for route in ROUTES:
        if route.get is None:
            continue
        url = url_of(route, world)
        for role in ROLES:
            client = world.clients[role]
            client.cookies = _copy(world.cookies[role])
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            opened += 1
            if DJANGO_PLACEHOLDER in response.content.decode():
                found.append(f"{route.key} as {role}")
    assert opened > 100
    assert not found, "Pages with '---------' in a select:\n  " + "\n  ".join(sorted(set(found)))
