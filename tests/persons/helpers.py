"""Helpers shared by the persons tests."""

from django.urls import reverse

from schakel.access.models import AccessLogEntry
from schakel.cases.models import PersonRole

SEARCH = reverse("persons:search")


def log_rows(user, action):
    return AccessLogEntry.objects.filter(user=user, action=action)


CREATE = reverse("persons:create")


def detail_url(person):
    return reverse("persons:detail", args=[person.pk])


def create_data(case, **overrides):
    data = {
        "case": case.pk,
        "role": PersonRole.PARTNER,
        "bsn": "",
        "first_names": "Sanne",
        "name_prefix": "van der",
        "last_name": "Berg",
        "birth_date": "1994-03-02",
        "gender": "vrouw",
        "street_address": "Voorstraat 1",
        "postal_code": "3311ab",
        "city": "Dordrecht",
        "municipality": "",
        "phone": "",
        "email": "",
    }
    data.update(overrides)
    return data
