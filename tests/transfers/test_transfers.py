"""Region transfer: a case goes with its person to another region (PRODUCT.md section 2)."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.access.policy import (
    case_readers,
    visible_agenda_items,
    visible_cases,
    visible_information_requests,
    visible_persons,
)
from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import CaseParticipant, CasePerson
from schakel.followup.models import ActionStatus
from schakel.inquiries import services as inquiry_services
from schakel.inquiries.models import LegalGround, RequestStatus
from schakel.persons.models import Person
from schakel.transfers import services
from schakel.transfers.models import CaseTransfer, TransferStatus
from tests.builders import action_for, case_in_uitvoering, on_agenda, reported_case
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from tests.helpers import make_meeting, sign_in


@pytest.fixture
def den_haag(other_region):
    return MunicipalityFactory(region=other_region, name="Den Haag", cbs_code="GM0518")


@pytest.fixture
def receiver(other_region_procesregisseur):
    return other_region_procesregisseur


@pytest.fixture
def running_case(municipality, partner_user, table, procesregisseur, ggz):
    """A case in uitvoering at the sending region's table: the melder (politie), GGZ with
    an intervention, an open action, an open information request and a coming agenda item."""
    case = reported_case(reporter=partner_user, municipality=municipality)
    case = case_in_uitvoering(case, table=table, actor=procesregisseur, intervention_by=ggz)
    action_for(case, ggz, actor=procesregisseur)
    inquiry_services.request_information(
        actor=procesregisseur,
        case=case,
        organisation=ggz,
        question="Is er zorg betrokken?",
        purpose="Regie op de aanpak",
        legal_ground=LegalGround.choices[0][0],
        persons=list(Person.objects.filter(case_links__case=case)),
        deadline=datetime.date.today() + datetime.timedelta(days=14),
    )
    on_agenda(make_meeting(table, days=7), case, actor=procesregisseur)
    return case


def _propose(case, actor, municipality, reason="Betrokkene is verhuisd naar Den Haag"):
    return services.propose_transfer(
        actor=actor, case=case, to_municipality=municipality, reason=reason
    )


def test_accepted_transfer_moves_the_case_and_closes_it_to_the_sending_region(
    running_case, procesregisseur, receiver, partner_user, ggz_user, den_haag, other_region
):
    assert visible_cases(ggz_user).filter(pk=running_case.pk).exists()
    transfer = _propose(running_case, procesregisseur, den_haag)
    services.accept_transfer(actor=receiver, transfer=transfer, note="Wij nemen het over")

    running_case.refresh_from_db()
    transfer.refresh_from_db()
    assert running_case.region_id == other_region.pk
    assert running_case.municipality_id == den_haag.pk
    assert running_case.table_id is None
    assert running_case.state == CaseState.AANGEMELD
    assert transfer.status == TransferStatus.AANVAARD
    assert transfer.summary["personen"] == 1
    assert transfer.summary["informatieverzoeken"] == 1
    # The receiving region's procesregisseur has it in intake; nobody of the sending region
    # reads it any more, nor its requests, persons or coming agenda items.
    assert visible_cases(receiver).filter(pk=running_case.pk).exists()
    for sender in (procesregisseur, partner_user, ggz_user):
        assert not visible_cases(sender).filter(pk=running_case.pk).exists()
        assert not visible_persons(sender).filter(case_links__case=running_case).exists()
        assert not visible_information_requests(sender).filter(case=running_case).exists()
        assert not visible_agenda_items(sender).filter(case=running_case).exists()
    assert set(case_readers(running_case)) == {receiver}
    assert not CaseParticipant.objects.filter(case=running_case, ended_at__isnull=True).exists()
    assert running_case.actions.get().status == ActionStatus.CANCELLED
    moved_request = running_case.information_requests.get()
    assert moved_request.status == RequestStatus.INGETROKKEN
    assert moved_request.region_id == other_region.pk  # the request goes along
    assert visible_information_requests(receiver).filter(pk=moved_request.pk).exists()
    person = CasePerson.objects.get(case=running_case).person
    assert person.region_id == other_region.pk
    assert AccessLogEntry.objects.filter(
        case_ref=running_case.pk, action=AccessAction.TRANSFER, user=receiver
    ).exists()


def test_a_person_also_in_another_case_of_the_sending_region_stays_there(
    running_case, procesregisseur, receiver, den_haag, region, municipality, partner_user
):
    person = CasePerson.objects.get(case=running_case).person
    other_case = reported_case(reporter=partner_user, municipality=municipality)
    CasePerson.objects.create(case=other_case, person=person, role="hoofdpersoon")
    services.accept_transfer(
        actor=receiver, transfer=_propose(running_case, procesregisseur, den_haag)
    )
    person.refresh_from_db()
    assert person.region_id == region.pk
    moved = CasePerson.objects.get(case=running_case).person
    assert moved.pk != person.pk
    assert moved.last_name == person.last_name
    assert moved.region_id == running_case.__class__.objects.get(pk=running_case.pk).region_id


def test_plan_edits_in_the_receiving_region_do_not_reinvolve_the_sending_partners(
    running_case, procesregisseur, receiver, den_haag, ggz
):
    from schakel.plans.services import sync_intervention_holders

    services.accept_transfer(
        actor=receiver, transfer=_propose(running_case, procesregisseur, den_haag)
    )
    running_case.refresh_from_db()
    sync_intervention_holders(plan=running_case.plan)
    assert not CaseParticipant.objects.filter(
        case=running_case, organisation=ggz, ended_at__isnull=True
    ).exists()


def test_refused_transfer_keeps_the_case_where_it_was(
    running_case, procesregisseur, receiver, den_haag, region
):
    transfer = _propose(running_case, procesregisseur, den_haag)
    with pytest.raises(ValidationError) as refused:
        services.refuse_transfer(actor=receiver, transfer=transfer, note="  ")
    assert "weigerd" in str(refused.value)
    services.refuse_transfer(actor=receiver, transfer=transfer, note="Niet onze gemeente")
    running_case.refresh_from_db()
    assert running_case.region_id == region.pk
    assert running_case.state == CaseState.IN_UITVOERING
    assert visible_cases(procesregisseur).filter(pk=running_case.pk).exists()
    # Decided: neither accept nor a second refusal.
    with pytest.raises(ValidationError):
        services.accept_transfer(actor=receiver, transfer=transfer)


def test_proposal_rules(running_case, procesregisseur, municipality, den_haag, ggz_user):
    with pytest.raises(ValidationError) as same_region:
        _propose(running_case, procesregisseur, municipality)
    assert "andere regio" in str(same_region.value)
    with pytest.raises(ValidationError):
        _propose(running_case, procesregisseur, den_haag, reason="   ")
    with pytest.raises(PermissionDenied):
        _propose(running_case, ggz_user, den_haag)
    _propose(running_case, procesregisseur, den_haag)
    with pytest.raises(ValidationError) as twice:
        _propose(running_case, procesregisseur, den_haag)
    assert "loopt al" in str(twice.value)
    assert CaseTransfer.objects.count() == 1


def test_only_a_procesregisseur_of_the_receiving_region_decides(
    running_case, procesregisseur, den_haag, receiver
):
    transfer = _propose(running_case, procesregisseur, den_haag)
    with pytest.raises(PermissionDenied):
        services.accept_transfer(actor=procesregisseur, transfer=transfer)
    third = OrganisationFactory(name="ZVH Elders")
    with pytest.raises(PermissionDenied):
        services.accept_transfer(
            actor=UserFactory(organisation=third, roles=[Role.PROCESREGISSEUR]),
            transfer=transfer,
        )
    services.withdraw_transfer(actor=procesregisseur, transfer=transfer)
    with pytest.raises(ValidationError):
        services.accept_transfer(actor=receiver, transfer=transfer)


# --- Pages -------------------------------------------------------------------------------


def test_the_journey_through_the_pages(client, running_case, procesregisseur, receiver, den_haag):
    sign_in(client, procesregisseur)
    case_page = client.get(reverse("cases:detail", args=[running_case.pk]))
    assert reverse("transfers:propose", args=[running_case.pk]) in case_page.content.decode()
    url = reverse("transfers:propose", args=[running_case.pk])
    empty = client.post(url, {"to_municipality": "", "reason": ""})
    assert "Kies de gemeente waar de betrokkene nu woont." in empty.content.decode()
    assert not CaseTransfer.objects.exists()
    response = client.post(url, {"to_municipality": den_haag.pk, "reason": "Verhuisd"})
    transfer = CaseTransfer.objects.get()
    assert response.url == reverse("transfers:detail", args=[transfer.pk])

    client.logout()
    sign_in(client, receiver)
    listing = client.get(reverse("transfers:list")).content.decode()
    assert transfer.case_reference in listing
    detail_url = reverse("transfers:detail", args=[transfer.pk])
    refused = client.post(detail_url, {"besluit": "weigeren", "decision_note": ""})
    assert "Geef aan waarom" in refused.content.decode()
    client.post(detail_url, {"besluit": "aanvaarden", "decision_note": ""})
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.AANVAARD
    assert client.get(reverse("cases:detail", args=[running_case.pk])).status_code == 200

    client.logout()
    sign_in(client, procesregisseur)
    assert client.get(reverse("cases:detail", args=[running_case.pk])).status_code == 404
    record = client.get(detail_url).content.decode()
    assert "Aanvaard" in record and "Wat is overgedragen" in record


def test_pages_refuse_outsiders(client, running_case, procesregisseur, den_haag, ggz_user):
    transfer = _propose(running_case, procesregisseur, den_haag)
    sign_in(client, ggz_user)
    assert client.get(reverse("transfers:list")).status_code == 403
    assert client.get(reverse("transfers:detail", args=[transfer.pk])).status_code == 403
    assert client.get(reverse("transfers:propose", args=[running_case.pk])).status_code == 403
    client.logout()
    # A procesregisseur of a third region: the same 404 as for a number that does not exist.
    third = OrganisationFactory(name="ZVH Elders")
    sign_in(client, UserFactory(organisation=third, roles=[Role.PROCESREGISSEUR]))
    unknown = client.get(reverse("transfers:detail", args=[transfer.pk + 1000]))
    hidden = client.get(reverse("transfers:detail", args=[transfer.pk]))
    assert hidden.status_code == unknown.status_code == 404
    # The same page, but for the per-response CSP nonce and CSRF token.
    varying = re.compile(rb'(nonce|value)="[^"]*"')
    assert varying.sub(b"", hidden.content) == varying.sub(b"", unknown.content)
    posted = client.post(reverse("transfers:detail", args=[transfer.pk]), {"besluit": "aanvaarden"})
    assert posted.status_code == 404
    transfer.refresh_from_db()
    assert transfer.is_open


def test_reading_a_transfer_is_logged(client, running_case, procesregisseur, den_haag):
    transfer = _propose(running_case, procesregisseur, den_haag)
    sign_in(client, procesregisseur)
    before = AccessLogEntry.objects.count()
    client.get(reverse("transfers:detail", args=[transfer.pk]))
    assert AccessLogEntry.objects.count() == before + 1
