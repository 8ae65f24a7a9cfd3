"""Helpers shared by the followup tests."""

import datetime

from django.urls import reverse
from django.utils import timezone

from schakel.followup import services

TODAY = timezone.localdate


def create(user, case, **overrides):
    arguments = {
        "description": "Huisbezoek afleggen",
        "owner_organisation": None,
        "owner_user": None,
        "due_on": TODAY() + datetime.timedelta(days=7),
    }
    arguments.update(overrides)
    return services.create_action(actor=user, case=case, **arguments)


def case_urls(case):
    return [
        reverse("followup:action_create", args=[case.pk]),
        reverse("followup:measurement_create", args=[case.pk]),
        reverse("followup:escalation_create", args=[case.pk]),
    ]


def escalate_to(client, case, addressee, **extra):
    data = {
        "level": "tactisch",
        "question": "Er is geen passende woning; kan de gemeente urgentie verlenen?",
        "addressee": "Wethouder wonen",
        "raised_on": timezone.localdate().isoformat(),
        "addressed_to": str(addressee.pk),
        "briefing": "Volwassene, dakloos sinds maart, plan wacht op huisvesting.",
        **extra,
    }
    return client.post(reverse("followup:escalation_create", args=[case.pk]), data)
