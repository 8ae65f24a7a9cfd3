"""Who may read, edit, agree and print the plan van aanpak."""

import pytest
from django.test import Client

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.plans.models import Plan
from tests.helpers import sign_in
from tests.plans.helpers import agree, all_urls, general_data, plan_url


def test_outsider_gets_404_on_every_url(
    complete_plan, procesregisseur, meeting, outsider, signed_in
):
    agree(complete_plan, procesregisseur, meeting)
    client = signed_in(outsider)
    for url in all_urls(complete_plan.case, complete_plan):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"revision": 0}).status_code == 404, url
    assert not AccessLogEntry.objects.filter(user=outsider).exists()


@pytest.mark.parametrize("user_fixture", ["manager", "beheerder"])
def test_wrong_role_gets_403_on_every_url(
    complete_plan, procesregisseur, meeting, signed_in, request, user_fixture
):
    agree(complete_plan, procesregisseur, meeting)
    user = request.getfixturevalue(user_fixture)
    client = signed_in(user)
    for url in all_urls(complete_plan.case, complete_plan):
        assert client.get(url).status_code == 403, url
    assert not AccessLogEntry.objects.filter(user=user).exists()


def test_other_region_procesregisseur_gets_404(complete_plan, other_region, signed_in):
    from schakel.accounts.roles import Role
    from tests.factories import OrganisationFactory, UserFactory

    elsewhere = UserFactory(
        organisation=OrganisationFactory(region=other_region), roles=[Role.PROCESREGISSEUR]
    )
    assert signed_in(elsewhere).get(plan_url(complete_plan.case)).status_code == 404


def test_tafel_partner_and_holder_cannot_edit(complete_plan, partner_user, ggz_user, signed_in):
    url = plan_url(complete_plan.case, "edit_general")
    assert signed_in(partner_user).post(url, general_data(complete_plan)).status_code == 403
    assert sign_in(Client(), ggz_user).get(url).status_code == 403
    assert Plan.objects.get(pk=complete_plan.pk).main_goal.startswith("Wonen")


def test_pdf_refused_for_intervention_holder(two_versions, ggz_user, signed_in):
    response = signed_in(ggz_user).get(plan_url(two_versions.case, "version_pdf", 1))
    assert response.status_code == 403
    assert not AccessLogEntry.objects.filter(user=ggz_user, action=AccessAction.EXPORT).exists()
