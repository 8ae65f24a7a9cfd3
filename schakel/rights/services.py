"""Writes of the rights requests: register, link, ask the partners, answer, extend, close.

Each write is one action function that checks who acts, runs in one transaction, writes
the step into the request's trail (RightsEvent) and the access log. The views call these
and nothing else.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import may_answer_rights_task, may_handle_rights_request
from schakel.access.rules import may_handle_rights_requests
from schakel.core.concurrency import claim_version
from schakel.core.fields import max_length
from schakel.persons.bsn import is_valid_bsn, normalise_bsn
from schakel.persons.models import Person
from schakel.rights import deadlines, selectors
from schakel.rights.models import (
    Decision,
    EventKind,
    IdentityCheck,
    RequestKind,
    RequestStatus,
    RightsEvent,
    RightsRequest,
    RightsRequestPerson,
    RightsTask,
    TaskStatus,
)

if TYPE_CHECKING:
    from schakel.accounts.models import User

REQUEST_TEXT_MAX_LENGTH = max_length(RightsRequest, "request_text")
ANSWER_MAX_LENGTH = max_length(RightsTask, "answer")
EXTENSION_REASON_MAX_LENGTH = max_length(RightsRequest, "extension_reason")
DECISION_REASON_MAX_LENGTH = max_length(RightsRequest, "decision_reason")

# The decisions that fit each kind of request; "afgewezen", "gedeeltelijk" and
# "ingetrokken" fit every kind.
DECISIONS_BY_KIND: dict[str, tuple[str, ...]] = {
    RequestKind.INZAGE: (Decision.INZAGE_VERSTREKT,),
    RequestKind.RECTIFICATIE: (Decision.RECTIFICATIE_UITGEVOERD,),
    RequestKind.BEPERKING: (Decision.BEPERKING_TOEGEPAST,),
    RequestKind.VERWIJDERING: (Decision.VERWIJDERING_UITGEVOERD,),
    RequestKind.BEZWAAR: (Decision.BEZWAAR_TOEGEWEZEN,),
}
COMMON_DECISIONS = (Decision.GEDEELTELIJK, Decision.AFGEWEZEN, Decision.INGETROKKEN)
# A refusal, in whole or in part, must say why (AVG art. 12(4)).
DECISIONS_NEEDING_REASON = frozenset({Decision.GEDEELTELIJK, Decision.AFGEWEZEN})

REQUEST = _("het verzoek")
TASK = _("de taak")


def decisions_for(kind: str) -> tuple[str, ...]:
    return (*DECISIONS_BY_KIND.get(kind, ()), *COMMON_DECISIONS)


def purpose_of(rights_request: RightsRequest) -> str:
    """The purpose in the access log of everything done for this request."""
    words: dict[str, str] = {
        RequestKind.INZAGE: "inzageverzoek",
        RequestKind.RECTIFICATIE: "rectificatieverzoek",
        RequestKind.BEPERKING: "verzoek om beperking",
        RequestKind.VERWIJDERING: "verwijderingsverzoek",
        RequestKind.BEZWAAR: "bezwaar",
    }
    return f"{words.get(rights_request.kind, 'verzoek')} {rights_request.reference}"


def _text_error(value: str, *, limit: int | None, empty: str) -> str | None:
    if not value.strip():
        return empty
    if limit is not None and len(value) > limit:
        return _("Gebruik ten hoogste %(max)d tekens (nu %(length)d).") % {
            "max": limit,
            "length": len(value),
        }
    return None


def _event(rights_request: RightsRequest, kind: str, actor: User, text: str = "") -> None:
    RightsEvent.objects.create(request=rights_request, kind=kind, actor=actor, text=text[:1000])


def _require_officer(actor: User, rights_request: RightsRequest) -> None:
    if not may_handle_rights_request(actor, rights_request):
        raise PermissionDenied(_("Alleen de privacy officer van de regio handelt dit verzoek af."))


def _lock(rights_request: RightsRequest) -> RightsRequest:
    return RightsRequest.objects.select_for_update().get(pk=rights_request.pk)


def _require_open(rights_request: RightsRequest) -> None:
    if not rights_request.is_open:
        raise ValidationError(
            _("Dit verzoek is al afgehandeld en kan niet meer worden gewijzigd."), code="closed"
        )


def _log(
    actor: User,
    rights_request: RightsRequest,
    action: str,
    detail: str,
    *,
    persons: Iterable[Person] | None = None,
    obj: object | None = None,
) -> None:
    """One access-log row per linked person (unless `persons` says which), for the purpose
    of this request."""
    record_access(
        actor=actor,
        action=action,
        persons=selectors.linked_persons(rights_request) if persons is None else persons,
        obj=obj or rights_request,
        purpose=purpose_of(rights_request),
        detail=detail,
    )


@transaction.atomic
def register_request(
    *,
    actor: User,
    kind: str,
    first_names: str,
    name_prefix: str = "",
    last_name: str,
    birth_date: datetime.date | None,
    bsn: str = "",
    address: str = "",
    identity_check: str,
    identity_note: str = "",
    received_on: datetime.date | None,
    request_text: str,
) -> RightsRequest:
    """The privacy officer registers a request once, as the person made it."""
    if not may_handle_rights_requests(actor) or actor.region_id is None:
        raise PermissionDenied(_("Alleen de privacy officer van een regio registreert verzoeken."))
    errors: dict[str, list[str]] = {}

    def refuse(name: str, message: str | None) -> None:
        if message:
            errors.setdefault(name, []).append(message)

    today = timezone.localdate()
    if kind not in RequestKind.values:
        refuse("kind", _("Kies de soort verzoek."))
    if not first_names.strip():
        refuse("first_names", _("Vul de voornamen in zoals de verzoeker ze opgaf."))
    if not last_name.strip():
        refuse("last_name", _("Vul de achternaam in zoals de verzoeker die opgaf."))
    if birth_date is None:
        refuse("birth_date", _("Vul de geboortedatum van de verzoeker in."))
    elif birth_date > today:
        refuse("birth_date", _("De geboortedatum ligt in de toekomst."))
    bsn = normalise_bsn(bsn or "")
    if bsn and not is_valid_bsn(bsn):
        refuse(
            "bsn", _("Dit is geen geldig BSN: een BSN heeft 9 cijfers en voldoet aan de 11-proef.")
        )
    if identity_check not in IdentityCheck.values:
        refuse("identity_check", _("Kies hoe de identiteit van de verzoeker is vastgesteld."))
    elif identity_check == IdentityCheck.ANDERS and not identity_note.strip():
        refuse("identity_note", _("Beschrijf hoe de identiteit is vastgesteld."))
    if received_on is None:
        refuse("received_on", _("Vul de datum in waarop het verzoek binnenkwam."))
    elif received_on > today:
        refuse("received_on", _("De datum van ontvangst ligt in de toekomst."))
    refuse(
        "request_text",
        _text_error(
            request_text,
            limit=REQUEST_TEXT_MAX_LENGTH,
            empty=_("Beschrijf wat de verzoeker vraagt."),
        ),
    )
    if errors:
        raise ValidationError(errors)
    assert received_on is not None and birth_date is not None  # checked above

    rights_request = RightsRequest.objects.create(
        region_id=actor.region_id,
        kind=kind,
        first_names=first_names.strip(),
        name_prefix=name_prefix.strip(),
        last_name=last_name.strip(),
        birth_date=birth_date,
        bsn=bsn,
        address=address.strip(),
        identity_check=identity_check,
        identity_note=identity_note.strip(),
        received_on=received_on,
        request_text=request_text.strip(),
        deadline=deadlines.initial_deadline(received_on),
        registered_by=actor,
    )
    _event(
        rights_request,
        EventKind.GEREGISTREERD,
        actor,
        _("%(kind)s, ontvangen op %(date)s; uiterlijk %(deadline)s afhandelen.")
        % {
            "kind": rights_request.get_kind_display(),
            "date": date_format(received_on, "j F Y"),
            "deadline": date_format(rights_request.deadline, "j F Y"),
        },
    )
    _log(actor, rights_request, AccessAction.CREATE, _("Verzoek geregistreerd"), persons=())
    return rights_request


@transaction.atomic
def link_person(*, actor: User, rights_request: RightsRequest, person: Person) -> RightsRequest:
    """Link a Person record of the region to the request: this record is the requester."""
    _require_officer(actor, rights_request)
    locked = _lock(rights_request)
    _require_open(locked)
    if person.region_id != locked.region_id or person.merged_into_id is not None:
        raise ValidationError(
            {"person": [_("Kies een persoon uit de lijst van deze regio.")]}, code="foreign"
        )
    if locked.links.filter(person=person).exists():
        raise ValidationError(
            {"person": [_("Deze persoon is al aan het verzoek gekoppeld.")]}, code="linked"
        )
    RightsRequestPerson.objects.create(request=locked, person=person, linked_by=actor)
    _event(
        locked,
        EventKind.GEKOPPELD,
        actor,
        _("%(name)s (geboren %(date)s) gekoppeld.")
        % {
            "name": person.full_name,
            "date": date_format(person.birth_date, "j F Y") if person.birth_date else "—",
        },
    )
    _log(actor, locked, AccessAction.CHANGE, _("Persoon gekoppeld"), persons=[person])
    return locked


@transaction.atomic
def create_tasks(*, actor: User, rights_request: RightsRequest) -> list[RightsTask]:
    """One task per partner organisation that holds or supplied data on the linked persons.

    Run again (after linking another record, or after new work in a case) it adds the
    organisations not asked yet and brings the holdings of the others up to date; a task
    already answered whose holdings grew is opened again. Never a second task for one
    organisation. The officer's own organisation (the ZVH) is left out: the officer
    answers for it with the inzage document.
    """
    _require_officer(actor, rights_request)
    locked = _lock(rights_request)
    _require_open(locked)
    persons = selectors.linked_persons(locked)
    if not persons:
        raise ValidationError(
            _("Koppel eerst de persoon aan het verzoek; dan zoekt Schakel wie gegevens heeft."),
            code="no_person",
        )
    holdings = selectors.holdings_by_organisation(persons)
    holdings.pop(actor.organisation_id or 0, None)
    existing = {task.organisation_id: task for task in locked.tasks.select_for_update()}
    changed: list[RightsTask] = []
    for organisation_id, rows in holdings.items():
        task = existing.get(organisation_id)
        if task is None:
            task = RightsTask.objects.create(
                request=locked, organisation_id=organisation_id, holdings=rows
            )
            _event(
                locked,
                EventKind.TAAK,
                actor,
                _("Taak voor %(organisation)s: %(cases)s.")
                % {"organisation": task.organisation, "cases": _cases_text(rows)},
            )
            changed.append(task)
        elif task.holdings != rows:
            grew = not task.is_open and _case_kinds(rows) - _case_kinds(task.holdings)
            task.holdings = rows
            if grew:
                task.status = TaskStatus.OPEN
                _event(
                    locked,
                    EventKind.TAAK_HEROPEND,
                    actor,
                    _("Nieuwe gegevens bij %(organisation)s: %(cases)s.")
                    % {"organisation": task.organisation, "cases": _cases_text(rows)},
                )
            task.save(update_fields=["holdings", "status"])
            claim_version(task, expected=None, actor=actor, what=TASK)
            changed.append(task)
    _log(
        actor,
        locked,
        AccessAction.CHANGE,
        _("Taken voor partners: %(count)d nieuw of bijgewerkt") % {"count": len(changed)},
        persons=persons,
    )
    return changed


def _case_kinds(rows: list[dict[str, Any]]) -> set[tuple[int, str]]:
    return {(row["case_id"], kind) for row in rows for kind in row["kinds"]}


def _cases_text(rows: list[dict[str, Any]]) -> str:
    return ", ".join(row["case_ref"] for row in rows)


@transaction.atomic
def answer_task(
    *, actor: User, task: RightsTask, answer: str, expected_version: int | None
) -> RightsTask:
    """A contact of the organisation records what it holds and what it decides."""
    if not may_answer_rights_task(user=actor, task=task):
        if not task.is_open:
            raise ValidationError(_("Deze taak is al beantwoord."), code="answered")
        raise PermissionDenied(_("Alleen de organisatie van deze taak beantwoordt haar."))
    message = _text_error(
        answer, limit=ANSWER_MAX_LENGTH, empty=_("Schrijf wat uw organisatie heeft en besluit.")
    )
    if message:
        raise ValidationError({"answer": [message]})
    rights_request = _lock(task.request)
    _require_open(rights_request)
    claim_version(task, expected=expected_version, actor=actor, what=TASK)
    task.answer = answer.strip()
    task.status = TaskStatus.BEANTWOORD
    task.answered_by = actor
    task.answered_at = timezone.now()
    task.save(update_fields=["answer", "status", "answered_by", "answered_at"])
    _event(
        rights_request,
        EventKind.BEANTWOORD,
        actor,
        _("%(organisation)s: %(answer)s")
        % {"organisation": task.organisation, "answer": task.answer},
    )
    _log(actor, rights_request, AccessAction.CHANGE, _("Taak beantwoord"), obj=task)
    return task


@transaction.atomic
def extend_deadline(
    *, actor: User, rights_request: RightsRequest, reason: str, expected_version: int | None
) -> RightsRequest:
    """Extend the deadline once by two months, with a reason (AVG art. 12(3)).

    The person must be told within the first month, so the extension is refused once the
    first deadline has passed.
    """
    _require_officer(actor, rights_request)
    locked = _lock(rights_request)
    _require_open(locked)
    if locked.is_extended:
        raise ValidationError(
            _("De termijn is al eens verlengd; de AVG staat één verlenging toe."), code="extended"
        )
    if locked.deadline < timezone.localdate():
        raise ValidationError(
            _(
                "De termijn is al verstreken. Verlengen kan alleen binnen de eerste maand, "
                "en de verzoeker moet binnen die maand worden geïnformeerd."
            ),
            code="too_late",
        )
    message = _text_error(
        reason,
        limit=EXTENSION_REASON_MAX_LENGTH,
        empty=_("Geef de reden van de verlenging; die wordt ook aan de verzoeker meegedeeld."),
    )
    if message:
        raise ValidationError({"reason": [message]})
    claim_version(locked, expected=expected_version, actor=actor, what=REQUEST)
    locked.deadline = deadlines.extended_deadline(locked.received_on)
    locked.extension_reason = reason.strip()
    locked.extended_at = timezone.now()
    locked.save(update_fields=["deadline", "extension_reason", "extended_at"])
    _event(
        locked,
        EventKind.VERLENGD,
        actor,
        _("Verlengd tot %(deadline)s: %(reason)s")
        % {"deadline": date_format(locked.deadline, "j F Y"), "reason": locked.extension_reason},
    )
    _log(actor, locked, AccessAction.CHANGE, _("Termijn verlengd"))
    return locked


@transaction.atomic
def close_request(
    *,
    actor: User,
    rights_request: RightsRequest,
    decision: str,
    reason: str,
    expected_version: int | None,
) -> RightsRequest:
    """Record the outcome. Every partner must have answered first, unless the person
    withdrew the request."""
    _require_officer(actor, rights_request)
    locked = _lock(rights_request)
    _require_open(locked)
    errors: dict[str, list[str]] = {}
    if decision not in decisions_for(locked.kind):
        errors["decision"] = [_("Kies een besluit dat bij deze soort verzoek past.")]
    if decision in DECISIONS_NEEDING_REASON:
        message = _text_error(
            reason,
            limit=DECISION_REASON_MAX_LENGTH,
            empty=_("Motiveer het besluit: bij (gedeeltelijke) afwijzing is een reden verplicht."),
        )
        if message:
            errors["reason"] = [message]
    elif len(reason) > DECISION_REASON_MAX_LENGTH:
        errors["reason"] = [
            _("Gebruik ten hoogste %(max)d tekens (nu %(length)d).")
            % {"max": DECISION_REASON_MAX_LENGTH, "length": len(reason)}
        ]
    if decision != Decision.INGETROKKEN:
        waiting = list(
            locked.tasks.filter(status=TaskStatus.OPEN).values_list("organisation__name", flat=True)
        )
        if waiting:
            errors.setdefault("__all__", []).append(
                _("Nog niet alle partners hebben geantwoord: %(names)s.")
                % {"names": ", ".join(waiting)}
            )
    if errors:
        raise ValidationError(errors)
    claim_version(locked, expected=expected_version, actor=actor, what=REQUEST)
    locked.status = RequestStatus.AFGEHANDELD
    locked.decision = decision
    locked.decision_reason = reason.strip()
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "decision", "decision_reason", "closed_at"])
    text = locked.get_decision_display()
    if locked.decision_reason:
        text = f"{text}: {locked.decision_reason}"
    _event(locked, EventKind.AFGEHANDELD, actor, text)
    _log(actor, locked, AccessAction.CHANGE, _("Verzoek afgehandeld"))
    return locked
