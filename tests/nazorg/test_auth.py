"""Who sees which detainee: the ZVH the whole region, a re-integratieofficier only their
own; an outsider gets the same 404 as for a detainee that does not exist."""

import pytest
from django.test import Client
from django.urls import reverse

from schakel.access.policy import visible_detention_notices, visible_police_incidents
from schakel.accounts.roles import Role
from schakel.nazorg import services
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import sign_in
from tests.nazorg.helpers import quickscan_post

pytestmark = pytest.mark.django_db

MISSING = 987654


@pytest.fixture
def assigned(regisseur, notice, rio):
    services.assign_reintegration_officer(
        actor=regisseur, notice=notice, officer=rio, expected_version=notice.version
    )
    notice.refresh_from_db()
    return notice


def _get(user, name, pk):
    return sign_in(Client(), user).get(reverse(name, args=[pk]))


def test_every_procesregisseur_of_the_region_sees_every_detainee(notice, zvh):
    colleague = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR])
    assert list(visible_detention_notices(colleague)) == [notice]


def test_the_officer_sees_only_their_own_detainees(
    regisseur, assigned, rio, other_rio, institution, municipality
):
    from tests.nazorg.helpers import register

    someone_else = register(regisseur, institution=institution, municipality=municipality)
    assert list(visible_detention_notices(rio)) == [assigned]
    assert list(visible_detention_notices(other_rio)) == []
    assert _get(rio, "nazorg:detail", assigned.pk).status_code == 200
    assert _get(rio, "nazorg:detail", someone_else.pk).status_code == 404
    assert _get(other_rio, "nazorg:detail", assigned.pk).status_code == 404


def test_an_unassigned_partner_gets_the_same_404_as_for_a_missing_detainee(notice, partner_user):
    for name in ("nazorg:detail", "nazorg:quickscan"):
        assert _get(partner_user, name, notice.pk).status_code == 404
        assert _get(partner_user, name, MISSING).status_code == 404


def test_another_region_gets_404(notice, other_region_procesregisseur):
    assert _get(other_region_procesregisseur, "nazorg:detail", notice.pk).status_code == 404
    assert _get(other_region_procesregisseur, "nazorg:officer", notice.pk).status_code == 404


def test_a_wrong_role_gets_403(notice, informatiemakelaar, manager):
    for user in (informatiemakelaar, manager):
        assert _get(user, "nazorg:detail", notice.pk).status_code == 403
        client = sign_in(Client(), user)
        assert client.get(reverse("nazorg:worklist")).status_code == 403


def test_the_officer_may_fill_in_but_not_direct(assigned, rio):
    client = sign_in(Client(), rio)
    url = reverse("nazorg:quickscan", args=[assigned.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, quickscan_post(assigned.quickscan.version, huisvesting_status="niet_op_orde")
    )
    assert response.status_code == 302
    assert assigned.quickscan.conditions.get(condition="huisvesting").status == "niet_op_orde"
    for name in ("nazorg:officer", "nazorg:release_date"):
        assert client.get(reverse(name, args=[assigned.pk])).status_code == 403
    for name in ("nazorg:table", "nazorg:close"):
        assert client.post(reverse(name, args=[assigned.pk])).status_code == 403
    assert client.get(reverse("nazorg:create")).status_code == 403


def test_an_officer_whose_organisation_lost_the_convenant_sees_nothing(assigned, rio, rio_org):
    rio_org.convenant_signed_on = None
    rio_org.save()
    assert list(visible_detention_notices(rio)) == []
    assert _get(rio, "nazorg:detail", assigned.pk).status_code == 404


def test_the_worklist_shows_the_officer_only_their_own(regisseur, assigned, rio, other_rio):
    page = sign_in(Client(), rio).get(reverse("nazorg:worklist"))
    assert assigned.person.full_name in page.content.decode()
    page = sign_in(Client(), other_rio).get(reverse("nazorg:worklist"))
    assert assigned.person.full_name not in page.content.decode()


def test_police_incidents_are_shown_to_nobody(regisseur, rio, partner_user):
    for user in (regisseur, rio, partner_user):
        assert not visible_police_incidents(user).exists()


def test_a_non_gemeente_user_cannot_be_assigned_through_the_page(notice, regisseur, region):
    police_like = UserFactory(
        organisation=OrganisationFactory(region=region, domain="straf"), roles=[Role.KETENPARTNER]
    )
    client = sign_in(Client(), regisseur)
    response = client.post(
        reverse("nazorg:officer", args=[notice.pk]),
        {"reintegration_officer": police_like.pk, "version": notice.version},
    )
    assert response.status_code == 200
    notice.refresh_from_db()
    assert notice.reintegration_officer is None
