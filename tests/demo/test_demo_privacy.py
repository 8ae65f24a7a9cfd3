"""The demo's privacy examples: the privacy officer's screens have something to show."""

import pytest
from django.urls import reverse

from schakel.access.models import AccessAction, AccessLogEntry, EmergencyAccess
from schakel.access.policy import visible_persons
from schakel.accounts.models import User
from schakel.demo.generator import generate_demo_data
from schakel.organisations.models import Region
from schakel.persons.models import Person, ProcessingRestriction
from schakel.rights.models import Decision, RequestKind, RequestStatus, RightsRequest, TaskStatus
from schakel.transfers.models import CaseTransfer
from tests.helpers import sign_in


@pytest.fixture
def demo(db):
    generate_demo_data(size=120, seed=5)


def test_an_open_inzageverzoek_waits_for_the_partners(demo):
    request = RightsRequest.objects.get(status=RequestStatus.OPEN)
    assert request.kind == RequestKind.INZAGE
    assert request.links.count() == 1
    statuses = set(request.tasks.values_list("status", flat=True))
    assert statuses == {TaskStatus.OPEN}
    zvh = User.objects.get(username="privacy").organisation
    assert not request.tasks.filter(organisation=zvh).exists(), "the officer answers for the ZVH"


def test_a_beperkingsverzoek_was_answered_granted_and_closed(demo):
    request = RightsRequest.objects.get(status=RequestStatus.AFGEHANDELD)
    assert (request.kind, request.decision) == (RequestKind.BEPERKING, Decision.BEPERKING_TOEGEPAST)
    assert request.tasks.exists()
    assert not request.tasks.exclude(status=TaskStatus.BEANTWOORD).exists()
    person = request.links.get().person
    restriction = ProcessingRestriction.objects.get(person=person)
    assert restriction.is_active and restriction.restricted_by.username == "privacy"
    assert Person.objects.get(pk=person.pk).is_restricted
    # Restricted, the person is out of sight of everyone but the privacy officer.
    assert (
        not visible_persons(User.objects.get(username="procesregisseur"))
        .filter(pk=person.pk)
        .exists()
    )
    assert Person.objects.filter(is_restricted=True).count() == 1


def test_an_ended_noodtoegang_waits_for_review(demo):
    access = EmergencyAccess.objects.get()
    assert access.user.username == "procesregisseur"
    assert access.ended_at is not None and not access.is_reviewed
    assert AccessLogEntry.objects.filter(
        action=AccessAction.BREAK_GLASS, case_ref=access.case_id
    ).exists()


def test_one_region_means_no_transfer_proposal(demo):
    assert Region.objects.count() == 1
    assert not CaseTransfer.objects.exists()


def test_the_privacy_officer_sees_the_examples_on_the_worklist(demo, client):
    sign_in(client, User.objects.get(username="privacy"))
    page = client.get(reverse("home:worklist")).content.decode()
    assert "1 open rechtenverzoek<" in page
    assert "1 noodtoegang te beoordelen" in page


def test_the_examples_are_the_same_for_a_seed(db):
    from django.db import transaction

    def fingerprint():
        return (
            sorted(RightsRequest.objects.values_list("kind", "last_name", "birth_date")),
            sorted(ProcessingRestriction.objects.values_list("person__last_name", flat=True)),
            sorted(EmergencyAccess.objects.values_list("case__title", flat=True)),
        )

    prints = []
    for _attempt in range(2):
        with transaction.atomic():
            generate_demo_data(size=40, seed=5)
            prints.append(fingerprint())
            transaction.set_rollback(True)
    assert prints[0] == prints[1]
    assert all(prints[0]), "a small run has every example too"
