"""Fixtures of the casusoverleg tests; their helpers are in tests.helpers."""

import pytest

from tests.helpers import make_meeting


@pytest.fixture
def meeting(table):
    return make_meeting(table)
