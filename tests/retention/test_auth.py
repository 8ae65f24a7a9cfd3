"""Who may use the retention pages. They name no object in the URL: what a user of
another region gets is their own region's runs and periods, never this region's."""

import pytest
from django.urls import reverse

from schakel.accounts.roles import Role
from schakel.retention.models import RetentionPolicy, RetentionRun, RunTrigger
from schakel.retention.services import apply_retention
from tests.factories import OrganisationFactory, UserFactory

INDEX = reverse("retention:index")
POLICY = reverse("retention:policy_edit")


@pytest.fixture
def privacy_officer(zvh):
    return UserFactory(organisation=zvh, roles=[Role.PRIVACY_OFFICER])


@pytest.fixture
def far_zvh(other_region):
    return OrganisationFactory(region=other_region, name="ZVH Haaglanden", domain="zvh")


@pytest.mark.parametrize(
    "who", ["partner_user", "procesregisseur", "informatiemakelaar", "manager"]
)
def test_other_roles_get_403_on_both_pages(request, signed_in, who):
    client = signed_in(request.getfixturevalue(who))
    assert client.get(INDEX).status_code == 403
    assert client.get(POLICY).status_code == 403
    assert client.post(POLICY, {"case_months": 1, "access_log_years": 1}).status_code == 403
    assert not RetentionPolicy.objects.exists()


def test_the_privacy_officer_reads_the_runs_but_sets_no_period(signed_in, privacy_officer):
    client = signed_in(privacy_officer)
    assert client.get(INDEX).status_code == 200
    assert client.get(POLICY).status_code == 403
    assert client.post(POLICY, {"case_months": 1, "access_log_years": 1}).status_code == 403
    assert not RetentionPolicy.objects.exists()


def test_anonymous_is_sent_to_sign_in(client):
    for url in (INDEX, POLICY):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_another_regions_officer_sees_none_of_this_regions_runs(
    signed_in, region, other_region, far_zvh, expired_case
):
    apply_retention(region=region, started_via=RunTrigger.COMMAND)
    apply_retention(region=other_region, started_via=RunTrigger.COMMAND)
    far_officer = UserFactory(organisation=far_zvh, roles=[Role.PRIVACY_OFFICER])

    response = signed_in(far_officer).get(INDEX)

    assert response.status_code == 200
    assert [run.region_id for run, _lines in response.context["rows"]] == [other_region.pk]
    assert expired_case.reference not in response.content.decode()


def test_another_regions_beheerder_sets_only_their_own_periods(
    signed_in, region, other_region, far_zvh
):
    far_beheerder = UserFactory(organisation=far_zvh, roles=[Role.BEHEERDER])
    response = signed_in(far_beheerder).post(POLICY, {"case_months": 36, "access_log_years": 7})
    assert response.status_code == 302
    assert RetentionPolicy.objects.get().region == other_region
    assert not RetentionPolicy.objects.filter(region=region).exists()
    assert not RetentionRun.objects.exists()
