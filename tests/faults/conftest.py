import pytest
from django.conf import settings

# The fault tests start real processes against PostgreSQL (workers that lock rows with
# SKIP LOCKED, a server that is restarted mid-run); SQLite has neither.
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_collection_modifyitems(items):
    skip = pytest.mark.skip(
        reason="Storingstests draaien alleen op PostgreSQL (zet DATABASE_URL; scripts/test.sh "
        "doet dat in stap 3): ze starten echte werkers en een eigen PostgreSQL-server."
    )
    for item in items:
        if not ON_POSTGRES and "tests/faults/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture
def table_case(case, table, procesregisseur, politie):
    """The police melding, on the table and in uitvoering: its actions get reminders."""
    from schakel.cases.lifecycle import CaseState
    from schakel.cases.models import ParticipationReason
    from tests.factories import add_participant

    case.table = table
    case.state = CaseState.IN_UITVOERING
    case.procesregisseur = procesregisseur
    case.save()
    add_participant(case, politie, reason=ParticipationReason.UITGENODIGD)
    return case
