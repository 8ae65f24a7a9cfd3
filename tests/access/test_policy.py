"""Need-to-know: who sees which case, person and request (PRODUCT.md section 14)."""

import datetime

import pytest

from schakel.access.policy import (
    get_visible_case,
    may_direct_case,
    visible_cases,
    visible_information_requests,
    visible_persons,
)
from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import CasePerson
from schakel.cases.services import transition_case
from schakel.inquiries.models import InformationRequest
from tests.builders import case_at_table
from tests.factories import (
    CaseFactory,
    OrganisationFactory,
    TableFactory,
    UserFactory,
    add_participant,
    add_person,
)


@pytest.fixture
def tabled_case(region, municipality, table, procesregisseur):
    """Triaged onto our table by its procesregisseur, and in uitvoering."""
    case = CaseFactory(region=region, municipality=municipality)
    add_person(case)
    case_at_table(case, table=table, actor=procesregisseur)
    transition_case(
        case=case, to_state=CaseState.IN_UITVOERING, actor=procesregisseur, reason="Plan"
    )
    return case


@pytest.fixture
def other_table_case(region, municipality, zvh):
    """Triaged onto another table of the region by that table's own procesregisseur."""
    other = TableFactory(region=region, name="Jeugd")
    director = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR])
    other.procesregisseurs.add(director)
    case = CaseFactory(region=region, municipality=municipality)
    add_person(case)
    return case_at_table(case, table=other, actor=director)


@pytest.fixture
def foreign_case(other_region):
    case = CaseFactory(region=other_region)
    add_person(case)
    return case


def test_procesregisseur_sees_own_tables_and_unassigned_intake(
    procesregisseur, case, tabled_case, other_table_case, foreign_case
):
    assert set(visible_cases(procesregisseur)) == {case, tabled_case}


def test_informatiemakelaar_sees_only_intake_of_own_region(
    informatiemakelaar, case, tabled_case, foreign_case
):
    assert list(visible_cases(informatiemakelaar)) == [case]


def test_partner_sees_only_cases_its_organisation_takes_part_in(
    partner_user, ggz_user, case, tabled_case
):
    assert list(visible_cases(partner_user)) == [case]
    assert list(visible_cases(ggz_user)) == []
    add_participant(tabled_case, ggz_user.organisation, reason="interventie")
    assert list(visible_cases(ggz_user)) == [tabled_case]


def test_non_signatory_organisation_receives_no_case_information(region, case):
    unsigned = OrganisationFactory(region=region, convenant_signed_on=None)
    user = UserFactory(organisation=unsigned, roles=[Role.KETENPARTNER])
    add_participant(case, unsigned, reason="uitgenodigd")
    assert list(visible_cases(user)) == []
    assert list(visible_persons(user)) == []


@pytest.mark.parametrize(
    "role", [Role.MANAGER, Role.BEHEERDER, Role.BESTUURDER, Role.PRIVACY_OFFICER]
)
def test_roles_without_case_content_see_nothing(zvh, case, role):
    user = UserFactory(organisation=zvh, roles=[role])
    assert list(visible_cases(user)) == []
    assert list(visible_persons(user)) == []
    assert list(visible_information_requests(user)) == []


def test_region_boundary_holds_for_every_role(other_region, case):
    foreign_zvh = OrganisationFactory(region=other_region, domain="zvh")
    for role in (Role.PROCESREGISSEUR, Role.INFORMATIEMAKELAAR, Role.KETENPARTNER):
        user = UserFactory(organisation=foreign_zvh, roles=[role])
        assert list(visible_cases(user)) == []


def test_outsider_gets_404_not_data(outsider, case):
    from django.http import Http404

    with pytest.raises(Http404):
        get_visible_case(outsider, case.pk)


def test_visible_persons_follow_visible_cases(partner_user, outsider, case, foreign_case):
    person = CasePerson.objects.get(case=case).person
    assert list(visible_persons(partner_user)) == [person]
    assert list(visible_persons(outsider)) == []


def test_addressed_organisation_sees_its_request(case, procesregisseur, ggz_user, outsider):
    request = InformationRequest.objects.create(
        case=case,
        organisation=ggz_user.organisation,
        question="Is betrokkene bij u in zorg?",
        purpose="Triage",
        legal_ground="wgs",
        deadline=datetime.date(2026, 12, 1),
        requested_by=procesregisseur,
    )
    assert list(visible_information_requests(ggz_user)) == [request]
    assert list(visible_information_requests(procesregisseur)) == [request]
    assert list(visible_information_requests(outsider)) == []


def test_a_partner_does_not_read_another_partners_request(
    case, procesregisseur, ggz_user, partner_user
):
    InformationRequest.objects.create(
        case=case,
        organisation=ggz_user.organisation,
        question="Is betrokkene bij u in zorg?",
        purpose="Triage",
        legal_ground="wgs",
        deadline=datetime.date(2026, 12, 1),
        requested_by=procesregisseur,
        answer="Vertrouwelijke zorginformatie",
    )
    assert list(visible_cases(partner_user)) == [case]
    assert list(visible_information_requests(partner_user)) == []


def test_only_the_table_procesregisseur_may_direct(procesregisseur, tabled_case, other_table_case):
    assert may_direct_case(procesregisseur, tabled_case)
    assert not may_direct_case(procesregisseur, other_table_case)


def test_visibility_is_one_sql_query_whatever_the_volume(
    django_assert_num_queries, region, municipality, politie, partner_user
):
    for _ in range(40):
        add_participant(CaseFactory(region=region, municipality=municipality), politie, "melder")
    partner_user._role_cache = frozenset({Role.KETENPARTNER})
    with django_assert_num_queries(1):
        assert len(list(visible_cases(partner_user))) == 40
    with django_assert_num_queries(1):
        assert visible_cases(partner_user).count() == 40
