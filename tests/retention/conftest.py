import pytest

from tests.retention.helpers import closed_months_ago, worked_case


@pytest.fixture
def expired_case(partner_user, municipality, table, procesregisseur):
    """A worked case closed 25 months ago: past the default period of 24 months."""
    case = worked_case(
        reporter=partner_user,
        municipality=municipality,
        table=table,
        procesregisseur=procesregisseur,
        partner=partner_user,
        last_name="Fictief-Verlopen",
    )
    return closed_months_ago(case, 25)


@pytest.fixture
def recent_case(partner_user, municipality, table, procesregisseur):
    """A worked case closed 23 months ago: its period has not ended yet."""
    case = worked_case(
        reporter=partner_user,
        municipality=municipality,
        table=table,
        procesregisseur=procesregisseur,
        partner=partner_user,
        last_name="Fictief-Recent",
    )
    return closed_months_ago(case, 23)
