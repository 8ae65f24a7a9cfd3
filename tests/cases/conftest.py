import datetime

import pytest

from schakel.accounts.roles import Role
from schakel.cases.models import LifeDomain
from schakel.referrals.models import Referral, ReferralSource
from tests.factories import OrganisationFactory, UserFactory


def make_referral(case, organisation, user, **overrides):
    values = {
        "case": case,
        "source": ReferralSource.VELDAANMELDING,
        "reporting_organisation": organisation,
        "reported_by": user,
        "reporter_contact": "Wijkagent K. de Vries, 078-1234567",
        "received_on": datetime.date(2025, 3, 14),
        "description": "Buren melden al maanden geluidsoverlast en een sterke geur.",
        "question": "Kan het ZVH de aanpak coördineren?",
    }
    values.update(overrides)
    referral = Referral.objects.create(**values)
    referral.life_domains.set(LifeDomain.objects.filter(code__in=["wonen", "psychisch"]))
    return referral


@pytest.fixture
def other_region_procesregisseur(other_region):
    organisation = OrganisationFactory(region=other_region, name="ZVH Haaglanden", domain="zvh")
    return UserFactory(organisation=organisation, roles=[Role.PROCESREGISSEUR])
