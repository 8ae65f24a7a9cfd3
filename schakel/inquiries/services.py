"""Writes of the uitvraag (PRODUCT.md section 6): ask, answer, withdraw.

Each write is one action function: the views (and later the API) call these, so the
convenant check, the lifecycle step and the access log cannot be skipped.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.access.confidentiality import apply_marking, marking_errors
from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import (
    can_see_case,
    ensure_processing_allowed,
    may_answer,
    may_request_information,
)
from schakel.cases.lifecycle import OPEN_STATES, CaseState
from schakel.cases.models import CasePerson, ParticipationReason
from schakel.cases.services import add_participant, transition_case
from schakel.core.confidentiality import NOT_CONFIDENTIAL, Marking
from schakel.core.fields import max_length
from schakel.inquiries import signals
from schakel.inquiries.models import InformationRequest, LegalGround, RequestStatus

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.cases.models import Case
    from schakel.organisations.models import Organisation
    from schakel.persons.models import Person

QUESTION_MAX_LENGTH = max_length(InformationRequest, "question")
PURPOSE_MAX_LENGTH = max_length(InformationRequest, "purpose")
ANSWER_MAX_LENGTH = max_length(InformationRequest, "answer")


def organisation_refusal(*, organisation: Organisation, case: Case) -> str | None:
    """Why this organisation may not be asked about this case, or None when it may."""
    if organisation.region_id != case.region_id:
        return _(
            "%(organisation)s hoort niet bij de regio van deze casus en kan niet worden bevraagd."
        ) % {"organisation": organisation}
    if not organisation.is_active:
        return _("%(organisation)s is niet meer actief en kan niet worden bevraagd.") % {
            "organisation": organisation
        }
    if not organisation.has_signed_convenant:
        return _(
            "%(organisation)s heeft het convenant informatiedeling niet ondertekend "
            "en kan niet worden bevraagd."
        ) % {"organisation": organisation}
    return None


def _text_error(value: str, *, max_length: int | None, empty: str) -> str | None:
    if not value.strip():
        return empty
    if max_length is not None and len(value) > max_length:
        return _("Gebruik ten hoogste %(max)d tekens (nu %(length)d).") % {
            "max": max_length,
            "length": len(value),
        }
    return None


@transaction.atomic
def request_information(
    *,
    actor: User,
    case: Case,
    organisation: Organisation,
    persons: Iterable[Person],
    question: str,
    purpose: str,
    legal_ground: str,
    deadline: datetime.date,
) -> InformationRequest:
    """Ask one convenant partner what it knows about persons of a case."""
    if not (can_see_case(actor, case) and may_request_information(actor, case)):
        raise PermissionDenied(_("U mag voor deze casus geen informatie opvragen."))
    persons = list(persons)
    ensure_processing_allowed(persons=persons, case=case)
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str | None) -> None:
        if message:
            errors.setdefault(field, []).append(message)

    if case.state not in OPEN_STATES:
        refuse(
            "__all__",
            _("Voor een casus met status ‘%(state)s’ kan geen informatie worden opgevraagd.")
            % {"state": CaseState(case.state).label},
        )
    refuse("organisation", organisation_refusal(organisation=organisation, case=case))
    if not persons:
        refuse("persons", _("Kies ten minste één betrokkene over wie u informatie vraagt."))
    else:
        in_case = set(
            CasePerson.objects.filter(case=case, person__in=persons).values_list(
                "person_id", flat=True
            )
        )
        strangers = [p for p in persons if p.pk not in in_case]
        if strangers:
            refuse("persons", _("U kunt alleen informatie vragen over betrokkenen van deze casus."))
    refuse(
        "question",
        _text_error(
            question, max_length=QUESTION_MAX_LENGTH, empty=_("Stel de vraag aan de partner.")
        ),
    )
    refuse(
        "purpose",
        _text_error(
            purpose,
            max_length=PURPOSE_MAX_LENGTH,
            empty=_(
                "Geef het doel van het verzoek: zonder doel mag geen informatie worden gedeeld."
            ),
        ),
    )
    if legal_ground not in LegalGround.values:
        refuse("legal_ground", _("Kies de grondslag voor het verzoek."))
    if deadline is None:
        refuse("deadline", _("Geef de uiterste datum voor het antwoord."))
    elif deadline < timezone.localdate():
        refuse("deadline", _("De uiterste datum ligt in het verleden. Kies vandaag of later."))
    if errors:
        raise ValidationError(errors)

    information_request = InformationRequest.objects.create(
        case=case,
        region_id=case.region_id,
        organisation=organisation,
        question=question.strip(),
        purpose=purpose.strip(),
        legal_ground=legal_ground,
        deadline=deadline,
        requested_by=actor,
    )
    information_request.persons.set(persons)
    if case.state == CaseState.AANGEMELD:
        transition_case(
            case=case,
            to_state=CaseState.IN_UITVRAAG,
            actor=actor,
            reason=_("Informatie opgevraagd bij %(organisation)s") % {"organisation": organisation},
        )
    add_participant(case=case, organisation=organisation, reason=ParticipationReason.UITVRAAG)
    record_access(
        actor=actor,
        action=AccessAction.CREATE,
        case=case,
        persons=persons,
        obj=information_request,
        purpose=information_request.purpose,
        detail=_("Informatieverzoek aan %(organisation)s") % {"organisation": organisation},
    )
    signals.information_requested.send(
        sender=InformationRequest, information_request=information_request
    )
    return information_request


def _lock(information_request: InformationRequest) -> InformationRequest:
    return InformationRequest.objects.select_for_update().get(pk=information_request.pk)


@transaction.atomic
def answer_request(
    *,
    actor: User,
    information_request: InformationRequest,
    answer: str,
    marking: Marking | None = None,
) -> InformationRequest:
    """The addressed partner answers; the answer is attached to the case with its source.
    The partner may mark the answer vertrouwelijk (schakel.core.confidentiality)."""
    if not may_answer(user=actor, information_request=information_request):
        raise PermissionDenied(_("Alleen de gevraagde organisatie kan dit verzoek beantwoorden."))
    locked = _lock(information_request)
    if locked.status != RequestStatus.OPEN:
        raise ValidationError(
            _("Dit verzoek is niet meer open (%(status)s) en kan niet meer worden beantwoord.")
            % {"status": locked.get_status_display().lower()},
            code="not_open",
        )
    # An answer adds data on the persons asked about: not while their processing is restricted.
    ensure_processing_allowed(persons=locked.persons.all(), case=locked.case)
    marking = marking or NOT_CONFIDENTIAL
    errors = marking_errors(actor=actor, case=locked.case, marking=marking)
    message = _text_error(answer, max_length=ANSWER_MAX_LENGTH, empty=_("Vul het antwoord in."))
    if message:
        errors["answer"] = [message]
    if errors:
        raise ValidationError(errors)
    locked.answer = answer.strip()
    locked.status = RequestStatus.BEANTWOORD
    locked.answered_by = actor
    locked.answered_at = timezone.now()
    locked.save(update_fields=["answer", "status", "answered_by", "answered_at"])
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        case=locked.case,
        persons=locked.persons.all(),
        obj=locked,
        purpose=locked.purpose,
        detail=_("Informatieverzoek beantwoord"),
    )
    apply_marking(
        item=locked, actor=actor, case=locked.case, marking=marking, persons=locked.persons.all()
    )
    signals.information_answered.send(sender=InformationRequest, information_request=locked)
    return locked


@transaction.atomic
def withdraw_request(
    *,
    actor: User,
    information_request: InformationRequest,
) -> InformationRequest:
    """Whoever may request information on the case can withdraw an open request."""
    case = information_request.case
    if not (can_see_case(actor, case) and may_request_information(actor, case)):
        raise PermissionDenied(_("U mag de informatieverzoeken van deze casus niet intrekken."))
    locked = _lock(information_request)
    if locked.status != RequestStatus.OPEN:
        raise ValidationError(
            _("Dit verzoek is niet meer open (%(status)s) en kan niet worden ingetrokken.")
            % {"status": locked.get_status_display().lower()},
            code="not_open",
        )
    locked.status = RequestStatus.INGETROKKEN
    locked.save(update_fields=["status"])
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        case=case,
        persons=locked.persons.all(),
        obj=locked,
        purpose=locked.purpose,
        detail=_("Informatieverzoek ingetrokken"),
    )
    return locked
