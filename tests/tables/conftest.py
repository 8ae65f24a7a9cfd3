import datetime

import pytest
from django.utils import timezone

from schakel.meetings import services
from schakel.meetings.models import Meeting


@pytest.fixture
def planned(table, politie):
    table.fixed_participants.add(politie)
    table.location = "ZVH, Spuiboulevard 1; Dordrecht"
    table.save()
    services.generate_meetings(
        table=table, until=timezone.localdate() + datetime.timedelta(weeks=3)
    )
    return list(Meeting.objects.filter(table=table))
