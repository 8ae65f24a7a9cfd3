"""The retention page and the periods form, through real requests."""

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.accounts.roles import Role
from schakel.retention.models import RetentionPolicy, RunTrigger
from schakel.retention.services import apply_retention, set_retention_policy
from tests.factories import UserFactory

INDEX = reverse("retention:index")
POLICY = reverse("retention:policy_edit")


def test_the_page_shows_the_default_periods_before_any_are_set(signed_in, beheerder):
    page = signed_in(beheerder).get(INDEX).content.decode()
    assert "24 maanden na afsluiten" in page and "5 jaar" in page
    assert "standaardtermijnen" in page
    assert "Er is nog niets verwijderd." in page
    assert POLICY in page


def test_the_page_lists_the_runs_with_their_counts(signed_in, beheerder, expired_case, region):
    apply_retention(region=region, started_via=RunTrigger.COMMAND)
    page = signed_in(beheerder).get(INDEX).content.decode()
    assert "Beheeropdracht" in page
    assert "Casussen: 1" in page and "Betrokkenen: 1" in page
    # The beheerder sees no case content, nor the references of what was removed.
    assert expired_case.reference not in page


def test_the_privacy_officer_also_sees_the_removed_references(signed_in, zvh, expired_case, region):
    apply_retention(region=region, started_via=RunTrigger.COMMAND)
    officer = UserFactory(organisation=zvh, roles=[Role.PRIVACY_OFFICER])
    page = signed_in(officer).get(INDEX).content.decode()
    assert expired_case.reference in page
    assert POLICY not in page


def test_the_beheerder_sets_the_periods(signed_in, beheerder, region):
    client = signed_in(beheerder)
    assert client.get(POLICY).status_code == 200
    response = client.post(POLICY, {"case_months": 36, "access_log_years": 7})
    assert response.status_code == 302 and response["Location"] == INDEX
    policy = RetentionPolicy.objects.get(region=region)
    assert (policy.case_months, policy.access_log_years) == (36, 7)
    assert "36 maanden na afsluiten" in client.get(INDEX).content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"case_months": 0, "access_log_years": 5}, "case_months", "ten minste 1 maand"),
        ({"case_months": 241, "access_log_years": 5}, "case_months", "ten hoogste 240"),
        ({"case_months": 24, "access_log_years": 0}, "access_log_years", "ten minste 1 jaar"),
        ({"case_months": "twee", "access_log_years": 5}, "case_months", "heel getal"),
        ({"case_months": "", "access_log_years": 5}, "case_months", ""),
    ],
)
def test_bad_periods_get_a_dutch_message_and_save_nothing(
    signed_in, beheerder, region, data, field, message
):
    response = signed_in(beheerder).post(POLICY, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert not RetentionPolicy.objects.exists()


def test_a_stale_form_is_a_conflict_not_an_overwrite(signed_in, beheerder, region, zvh):
    set_retention_policy(actor=beheerder, case_months=30, access_log_years=5)
    other = UserFactory(organisation=zvh, roles=[Role.BEHEERDER])
    client = signed_in(beheerder)
    version = RetentionPolicy.objects.get().version
    set_retention_policy(actor=other, case_months=48, access_log_years=6, expected_version=version)

    response = client.post(POLICY, {"case_months": 12, "access_log_years": 5, "version": version})

    assert response.status_code == 200
    assert "Iemand anders heeft de bewaartermijnen intussen gewijzigd" in response.content.decode()
    policy = RetentionPolicy.objects.get()
    assert (policy.case_months, policy.access_log_years) == (48, 6)
    assert policy.changed_by == other and policy.changed_at <= timezone.now()
