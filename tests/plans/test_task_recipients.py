"""An intervention holder nobody there can act for: warned, not refused, and the form
says who will receive the tasks."""

import pytest
from django.urls import reverse

from schakel.accounts.roles import Role
from schakel.plans.models import Intervention
from tests.factories import OrganisationFactory, UserFactory

NOBODY = "heeft geen actieve medewerker die in casussen werkt"


@pytest.fixture
def gemeente(region):
    """A gemeente that signed the convenant but has only a bestuurder in Schakel."""
    organisation = OrganisationFactory(region=region, name="Gemeente Zwijndrecht", kind="Gemeente")
    UserFactory(organisation=organisation, roles=[Role.BESTUURDER], last_name="Wethouder")
    return organisation


@pytest.fixture
def politie_people(politie):
    UserFactory(
        organisation=politie, roles=[Role.KETENPARTNER], first_name="Anna", last_name="Agent"
    )
    UserFactory(
        organisation=politie,
        roles=[Role.KETENPARTNER],
        first_name="Oud",
        last_name="Collega",
        is_active=False,
    )


def intervention_data(plan, organisation):
    return {
        "revision": plan.revision,
        "line": "zorg",
        "kader": "drang",
        "description": "Schuldsanering aanvragen",
        "organisation": organisation.pk,
        "responsible_name": "",
        "goal": "",
        "starts_on": "",
        "ends_on": "",
        "status": "gepland",
    }


def test_holder_without_case_workers_is_warned_not_refused(
    plan, procesregisseur, gemeente, signed_in
):
    client = signed_in(procesregisseur)
    url = reverse("plans:intervention_create", args=[plan.case.pk])
    page = client.get(url).content.decode()
    # Visible while choosing: the option itself says nobody there works in cases.
    assert "Gemeente Zwijndrecht (geen medewerker voor casussen)" in page
    response = client.post(url, intervention_data(plan, gemeente), follow=True)
    assert response.status_code == 200
    intervention = Intervention.objects.get(organisation=gemeente)
    body = response.content.decode()
    assert f"Gemeente Zwijndrecht {NOBODY}" in body
    edit = client.get(
        reverse("plans:intervention_edit", args=[plan.case.pk, intervention.pk])
    ).content.decode()
    assert NOBODY in edit and "niemand" in edit


def test_form_names_who_receives_the_tasks(
    plan, procesregisseur, politie, politie_people, signed_in
):
    client = signed_in(procesregisseur)
    url = reverse("plans:intervention_create", args=[plan.case.pk])
    # A form sent back (here: no description) shows the recipients of the chosen holder.
    data = intervention_data(plan, politie) | {"description": ""}
    body = client.post(url, data).content.decode()
    assert "Taken voor deze interventie gaan naar" in body
    assert "Anna Agent" in body
    assert "Oud Collega" not in body
    assert NOBODY not in body
