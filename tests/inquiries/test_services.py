"""Rules of the uitvraag (PRODUCT.md section 6), tested on the service functions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import CaseParticipant, CaseTransition, ParticipationReason
from schakel.cases.services import transition_case
from schakel.inquiries import services
from schakel.inquiries.models import InformationRequest, LegalGround, RequestStatus
from tests.factories import CaseFactory, OrganisationFactory, add_person

TODAY = timezone.localdate


def request_kwargs(case, organisation, **overrides):
    kwargs = {
        "case": case,
        "organisation": organisation,
        "persons": [link.person for link in case.case_persons.all()],
        "question": "Is betrokkene bij u bekend, en zo ja met welke hulpverlening?",
        "purpose": "Beeldvorming voor de triage",
        "legal_ground": LegalGround.WGS,
        "deadline": TODAY() + datetime.timedelta(days=5),
    }
    kwargs.update(overrides)
    return kwargs


def test_first_request_moves_case_to_uitvraag_and_lets_the_partner_take_part(
    case, procesregisseur, ggz
):
    request = services.request_information(actor=procesregisseur, **request_kwargs(case, ggz))

    assert request.status == RequestStatus.OPEN
    assert request.requested_by == procesregisseur
    assert list(request.persons.all()) == [link.person for link in case.case_persons.all()]
    case.refresh_from_db()
    assert case.state == CaseState.IN_UITVRAAG
    assert CaseTransition.objects.filter(
        case=case, from_state=CaseState.AANGEMELD, to_state=CaseState.IN_UITVRAAG
    ).exists()
    assert CaseParticipant.objects.filter(
        case=case, organisation=ggz, reason=ParticipationReason.UITVRAAG
    ).exists()
    entry = AccessLogEntry.objects.get(action=AccessAction.CREATE, object_ref=str(request.pk))
    assert entry.user == procesregisseur
    assert entry.case == case
    assert entry.person == case.case_persons.get().person
    assert entry.purpose == "Beeldvorming voor de triage"


def test_second_request_does_not_transition_again(case, procesregisseur, ggz, politie):
    services.request_information(actor=procesregisseur, **request_kwargs(case, ggz))
    services.request_information(actor=procesregisseur, **request_kwargs(case, politie))

    case.refresh_from_db()
    assert case.state == CaseState.IN_UITVRAAG
    assert CaseTransition.objects.filter(case=case).count() == 1
    assert InformationRequest.objects.filter(case=case).count() == 2


def test_request_during_triage_keeps_the_case_in_triage(case, procesregisseur, ggz):
    transition_case(case=case, to_state=CaseState.IN_TRIAGE, actor=procesregisseur, reason="Triage")
    services.request_information(actor=procesregisseur, **request_kwargs(case, ggz))
    case.refresh_from_db()
    assert case.state == CaseState.IN_TRIAGE


def assert_refused(user, kwargs, field, text):
    case = kwargs["case"]
    state = case.state
    with pytest.raises(ValidationError) as refused:
        services.request_information(actor=user, **kwargs)
    messages = refused.value.message_dict[field]
    assert any(text in message for message in messages), messages
    # Nothing half-saved: no request, no participant, no state change, no log row.
    assert not InformationRequest.objects.filter(case=case).exists()
    assert not CaseParticipant.objects.filter(case=case, reason=ParticipationReason.UITVRAAG)
    case.refresh_from_db()
    assert case.state == state
    assert not AccessLogEntry.objects.filter(action=AccessAction.CREATE).exists()


def test_non_signatory_is_refused(case, procesregisseur, region):
    unsigned = OrganisationFactory(region=region, name="Buurtvereniging", convenant_signed_on=None)
    assert_refused(
        procesregisseur,
        request_kwargs(case, unsigned),
        "organisation",
        "Buurtvereniging heeft het convenant informatiedeling niet ondertekend en kan niet "
        "worden bevraagd",
    )


def test_organisation_of_another_region_is_refused(case, procesregisseur, other_region):
    elsewhere = OrganisationFactory(region=other_region, name="Politie Den Haag")
    assert_refused(
        procesregisseur,
        request_kwargs(case, elsewhere),
        "organisation",
        "hoort niet bij de regio van deze casus",
    )


def test_inactive_organisation_is_refused(case, procesregisseur, region):
    gone = OrganisationFactory(region=region, name="Opgeheven stichting", is_active=False)
    assert_refused(
        procesregisseur, request_kwargs(case, gone), "organisation", "is niet meer actief"
    )


def test_deadline_in_the_past_is_refused(case, procesregisseur, ggz):
    yesterday = TODAY() - datetime.timedelta(days=1)
    assert_refused(
        procesregisseur,
        request_kwargs(case, ggz, deadline=yesterday),
        "deadline",
        "ligt in het verleden",
    )


def test_deadline_today_is_accepted(case, procesregisseur, ggz):
    request = services.request_information(
        actor=procesregisseur, **request_kwargs(case, ggz, deadline=TODAY())
    )
    assert request.deadline == TODAY()
    assert not request.is_overdue


def test_person_outside_the_case_is_refused(case, procesregisseur, ggz, region, municipality):
    other_case = CaseFactory(region=region, municipality=municipality)
    stranger = add_person(other_case)
    assert_refused(
        procesregisseur,
        request_kwargs(case, ggz, persons=[stranger]),
        "persons",
        "alleen informatie vragen over betrokkenen van deze casus",
    )


def test_no_person_is_refused(case, procesregisseur, ggz):
    assert_refused(
        procesregisseur, request_kwargs(case, ggz, persons=[]), "persons", "ten minste één"
    )


def test_empty_purpose_and_question_are_refused_per_field(case, procesregisseur, ggz):
    with pytest.raises(ValidationError) as refused:
        services.request_information(
            actor=procesregisseur, **request_kwargs(case, ggz, question="  ", purpose="")
        )
    assert set(refused.value.message_dict) == {"question", "purpose"}
    assert not InformationRequest.objects.exists()


def test_closed_case_is_refused(case, procesregisseur, ggz):
    transition_case(
        case=case, to_state=CaseState.NIET_IN_BEHANDELING, actor=procesregisseur, reason="Advies"
    )
    with pytest.raises(ValidationError, match="kan geen informatie worden opgevraagd"):
        services.request_information(actor=procesregisseur, **request_kwargs(case, ggz))


def test_informatiemakelaar_may_request_during_intake(case, informatiemakelaar, ggz):
    request = services.request_information(actor=informatiemakelaar, **request_kwargs(case, ggz))
    assert request.requested_by == informatiemakelaar


def test_ketenpartner_may_not_request(case, partner_user, ggz):
    with pytest.raises(PermissionDenied):
        services.request_information(actor=partner_user, **request_kwargs(case, ggz))
    assert not InformationRequest.objects.exists()


def test_procesregisseur_of_another_region_may_not_request(case, other_region_procesregisseur, ggz):
    with pytest.raises(PermissionDenied):
        services.request_information(
            actor=other_region_procesregisseur, **request_kwargs(case, ggz)
        )


def test_addressed_partner_answers(case, ask, ggz, ggz_user):
    request = ask(case, ggz)
    answered = services.answer_request(
        actor=ggz_user, information_request=request, answer="  In zorg sinds 2023.  "
    )
    assert answered.status == RequestStatus.BEANTWOORD
    assert answered.answer == "In zorg sinds 2023."
    assert answered.answered_by == ggz_user
    assert answered.answered_at is not None
    entry = AccessLogEntry.objects.get(action=AccessAction.CHANGE, object_ref=str(request.pk))
    assert entry.user == ggz_user
    assert entry.organisation == ggz


def test_other_partner_may_not_answer(case, ask, ggz, partner_user):
    request = ask(case, ggz)
    with pytest.raises(PermissionDenied):
        services.answer_request(actor=partner_user, information_request=request, answer="Niets")
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN


def test_empty_answer_is_refused(case, ask, ggz, ggz_user):
    request = ask(case, ggz)
    with pytest.raises(ValidationError) as refused:
        services.answer_request(actor=ggz_user, information_request=request, answer=" ")
    assert "answer" in refused.value.message_dict


def test_answer_only_while_open(case, ask, ggz, ggz_user, procesregisseur):
    request = ask(case, ggz)
    services.withdraw_request(actor=procesregisseur, information_request=request)
    with pytest.raises(ValidationError, match="niet meer open"):
        services.answer_request(actor=ggz_user, information_request=request, answer="Te laat")
    request.refresh_from_db()
    assert request.status == RequestStatus.INGETROKKEN
    assert request.answer == ""


def test_withdraw_by_requester_and_not_by_partner(case, ask, ggz, ggz_user, procesregisseur):
    request = ask(case, ggz)
    with pytest.raises(PermissionDenied):
        services.withdraw_request(actor=ggz_user, information_request=request)
    withdrawn = services.withdraw_request(actor=procesregisseur, information_request=request)
    assert withdrawn.status == RequestStatus.INGETROKKEN
    assert AccessLogEntry.objects.filter(
        action=AccessAction.CHANGE, object_ref=str(request.pk), user=procesregisseur
    ).exists()
    with pytest.raises(ValidationError, match="niet meer open"):
        services.withdraw_request(actor=procesregisseur, information_request=request)


def test_open_request_past_its_deadline_is_overdue(case, ask, ggz):
    request = ask(case, ggz)
    InformationRequest.objects.filter(pk=request.pk).update(
        deadline=TODAY() - datetime.timedelta(days=1)
    )
    request.refresh_from_db()
    assert request.is_overdue
    request.status = RequestStatus.BEANTWOORD
    assert not request.is_overdue
