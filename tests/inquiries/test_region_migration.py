"""The requests stored before they carried a region get their case's region."""

import datetime

import pytest

from schakel.inquiries.models import InformationRequest
from tests.factories import CaseFactory, OrganisationFactory
from tests.helpers import migrate_to

BEFORE = [("inquiries", "0003_list_indexes")]
AFTER = [("inquiries", "0005_request_region_required")]


@pytest.mark.django_db(transaction=True)
def test_every_stored_request_gets_the_region_of_its_case(procesregisseur):
    cases = [CaseFactory(), CaseFactory()]
    old_apps = migrate_to(BEFORE)
    try:
        Request = old_apps.get_model("inquiries", "InformationRequest")
        for case in cases:
            Request.objects.create(
                case_id=case.pk,
                organisation_id=OrganisationFactory(region=case.region).pk,
                question="Wat is bij u bekend?",
                purpose="Beeldvorming",
                legal_ground="wgs",
                deadline=datetime.date(2026, 12, 1),
                requested_by_id=procesregisseur.pk,
            )
    finally:
        migrate_to(AFTER)

    for case in cases:
        assert InformationRequest.objects.get(case=case).region_id == case.region_id
    assert cases[0].region_id != cases[1].region_id
