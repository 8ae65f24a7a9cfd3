import pytest
from django.urls import reverse

from schakel.access.log import record_access
from schakel.accounts.roles import Role
from schakel.cases.models import CasePerson
from tests.access.helpers import refusals
from tests.builders import case_at_table, reported_case
from tests.factories import TableFactory, UserFactory


@pytest.fixture
def logged_read(case, procesregisseur):
    person = CasePerson.objects.get(case=case).person
    record_access(
        actor=procesregisseur, action="read", case=case, persons=[person], purpose="triage"
    )
    return person


@pytest.fixture
def refused(signed_in, outsider, case, client):
    signed_in(outsider).get(reverse("cases:detail", args=[case.pk]), REMOTE_ADDR="192.0.2.7")
    client.logout()
    return refusals().get()


# A second table of the region, with its own procesregisseur and one case: outside the
# need-to-know of the procesregisseur of the first table (noodtoegang, the policy's facts).
@pytest.fixture
def youth_table(region):
    return TableFactory(region=region, name="Jeugd")


@pytest.fixture
def youth_director(zvh, youth_table):
    user = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR], first_name="Jeugd")
    youth_table.procesregisseurs.add(user)
    return user


@pytest.fixture
def youth_case(partner_user, municipality, youth_table, youth_director):
    """A case on the Jeugd table: outside the need-to-know of the Volwassenen director."""
    case = reported_case(reporter=partner_user, municipality=municipality, title="Zorgen om Noor")
    return case_at_table(case, table=youth_table, actor=youth_director)
