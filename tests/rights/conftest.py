"""A region where one person, Fenna, appears in two cases, and a privacy officer handles
her rights request. Everything is made through the services a person would use."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from schakel.accounts.roles import Role
from schakel.cases.services import register_person_in_case
from schakel.inquiries import services as inquiries
from schakel.persons.models import Person
from schakel.persons.services import merge_persons
from schakel.rights import services
from tests.builders import action_for, case_in_uitvoering, reported_case
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def privacy_officer(zvh):
    return UserFactory(organisation=zvh, roles=[Role.PRIVACY_OFFICER], first_name="Femke")


@pytest.fixture
def other_region_officer(other_region):
    organisation = OrganisationFactory(region=other_region, name="ZVH Haaglanden", domain="zvh")
    return UserFactory(organisation=organisation, roles=[Role.PRIVACY_OFFICER])


@pytest.fixture
def housing(region):
    return OrganisationFactory(region=region, name="Woonstichting Drechtstad", domain="overig")


@pytest.fixture
def housing_user(housing):
    return UserFactory(organisation=housing, roles=[Role.KETENPARTNER])


@pytest.fixture
def fenna_world(
    region,
    municipality,
    politie,
    ggz,
    housing,
    table,
    procesregisseur,
    partner_user,
    informatiemakelaar,
):
    """Fenna's first case: reported by the police, the GGZ answered an information
    request and holds an intervention, her partner is an andere betrokkene. Her second
    case: reported by the housing corporation only; the police take no part in it."""
    case = reported_case(
        reporter=partner_user, municipality=municipality, last_name="Fictief-Inzage"
    )
    fenna = Person.objects.get(case_links__case=case)
    partner = register_person_in_case(
        actor=procesregisseur,
        case=case,
        role="partner",
        first_names="Derk",
        last_name="Anders-Derde",
        birth_date=datetime.date(1985, 2, 3),
    )
    question = inquiries.request_information(
        actor=informatiemakelaar,
        case=case,
        organisation=ggz,
        persons=[fenna],
        question="Is mevrouw bij u in behandeling?",
        purpose="Beeldvorming voor de triage",
        legal_ground="wgs",
        deadline=timezone.localdate() + datetime.timedelta(days=7),
    )
    ggz_contact = UserFactory(organisation=ggz, roles=[Role.KETENPARTNER])
    inquiries.answer_request(
        actor=ggz_contact, information_request=question, answer="Ja, sinds 2024 bij de FACT-poli."
    )
    case = case_in_uitvoering(case, table=table, actor=procesregisseur, intervention_by=ggz)
    action = action_for(case, politie, actor=procesregisseur)

    housing_reporter = UserFactory(organisation=housing, roles=[Role.KETENPARTNER])
    second = reported_case(
        reporter=housing_reporter,
        municipality=municipality,
        title="Huurachterstand",
        last_name="Fictief-Inzage",
    )
    # The melding named the same Fenna: the procesregisseur merges the two records.
    second_fenna = Person.objects.get(case_links__case=second)
    merge_persons(actor=procesregisseur, keep=fenna, remove=second_fenna)
    return SimpleNamespace(
        case=case,
        second_case=second,
        fenna=fenna,
        partner=partner,
        question=question,
        action=action,
        ggz_contact=ggz_contact,
        housing_reporter=housing_reporter,
    )


@pytest.fixture
def rights_request(privacy_officer):
    return services.register_request(
        actor=privacy_officer,
        kind="inzage",
        first_names="Fenna",
        last_name="Fictief-Inzage",
        birth_date=datetime.date(1988, 5, 17),
        address="Voorstraat 1, Dordrecht",
        identity_check="balie",
        received_on=timezone.localdate(),
        request_text="Ik wil weten wat het Zorg- en Veiligheidshuis over mij heeft.",
    )


@pytest.fixture
def linked_request(rights_request, fenna_world, privacy_officer):
    services.link_person(
        actor=privacy_officer, rights_request=rights_request, person=fenna_world.fenna
    )
    return rights_request


@pytest.fixture
def tasks(linked_request, privacy_officer):
    services.create_tasks(actor=privacy_officer, rights_request=linked_request)
    return {
        task.organisation.name: task for task in linked_request.tasks.select_related("organisation")
    }
