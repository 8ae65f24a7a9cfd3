"""Who may read the access log and the refused-access overview."""

import pytest
from django.urls import reverse

from schakel.accounts.roles import Role
from tests.factories import OrganisationFactory, UserFactory


@pytest.mark.parametrize("fixture", ["procesregisseur", "partner_user", "manager", "beheerder"])
def test_nobody_else_may_read_the_log(signed_in, request, fixture):
    user = request.getfixturevalue(fixture)
    assert signed_in(user).get(reverse("access:log")).status_code == 403


def test_privacy_officer_of_another_region_sees_none_of_the_log(
    signed_in, other_region, logged_read
):
    foreign = UserFactory(
        organisation=OrganisationFactory(region=other_region, domain="zvh"),
        roles=[Role.PRIVACY_OFFICER],
    )
    body = signed_in(foreign).get(reverse("access:log")).content.decode()
    assert logged_read.full_name not in body


@pytest.mark.parametrize(
    "fixture", ["procesregisseur", "partner_user", "manager", "beheerder", "outsider"]
)
def test_nobody_else_may_see_refusals(signed_in, request, fixture):
    user = request.getfixturevalue(fixture)
    assert signed_in(user).get(reverse("access:refused")).status_code == 403


def test_privacy_officer_of_another_region_sees_none_of_the_refusals(
    signed_in, other_region, refused
):
    foreign = UserFactory(
        organisation=OrganisationFactory(region=other_region, domain="zvh"),
        roles=[Role.PRIVACY_OFFICER],
    )
    body = signed_in(foreign).get(reverse("access:refused")).content.decode()
    assert "Geen geweigerde pogingen gevonden." in body
