"""Helpers shared by the referrals tests."""

from django.urls import reverse

from schakel.cases.models import Case, LifeDomain
from schakel.persons.models import Person
from schakel.referrals.models import Referral

CREATE_URL = reverse("referrals:create")


def counts():
    return Case.objects.count(), Person.objects.count(), Referral.objects.count()


def rereport_url(case):
    return reverse("referrals:rereport", args=[case.pk])


def rereport_post(**overrides):
    data = {
        "description": "Opnieuw meldingen van overlast sinds de verhuizing.",
        "question": "Kan de casus opnieuw worden opgepakt?",
        "urgency": "acuut",
        "life_domains": [str(LifeDomain.objects.get(code="wonen").pk)],
    }
    data.update(overrides)
    return data
