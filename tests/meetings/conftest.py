"""Fixtures of the casusoverleg tests; their helpers are in tests.helpers."""

import datetime

import pytest
from django.utils import timezone

from schakel.meetings import services
from tests.helpers import make_meeting, make_table_case, put_on_agenda


@pytest.fixture
def meeting(table):
    return make_meeting(table)


@pytest.fixture
def two_items(table, municipality, meeting, procesregisseur, politie, ggz):
    """Item A for the police, item B for GGZ, both inside the information window."""
    soon = timezone.now() + datetime.timedelta(hours=5)
    services.move_meeting(
        meeting=meeting,
        actor=procesregisseur,
        starts_at=soon,
        ends_at=soon + datetime.timedelta(hours=2),
        location="ZVH",
    )
    case_a = make_table_case(table, municipality, title="Overlast Vogelbuurt")
    case_b = make_table_case(table, municipality, title="Gezin in crisis")
    item_a = put_on_agenda(meeting, case_a, position=1, purpose="Doel A")
    item_b = put_on_agenda(meeting, case_b, position=2, purpose="Doel B geheim")
    services.set_invited_organisations(item=item_a, actor=procesregisseur, organisations=[politie])
    services.set_invited_organisations(item=item_b, actor=procesregisseur, organisations=[ggz])
    return item_a, item_b
