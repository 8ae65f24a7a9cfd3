"""The demo's privacy examples, so the privacy officer's screens are not empty.

Made through the real services by the demo's own users, after the cases exist: an open
inzageverzoek with tasks for the partners, a beperkingsverzoek the partners answered and
the privacy officer granted (so one person's processing is restricted), and a noodtoegang
a procesregisseur ended that waits for the privacy officer's review. The demo has one
region, so there is no transfer proposal to another region.

The persons and cases are chosen in a fixed order from what the generator made, so a
seed gives the same examples; the example cases of the walk-throughs are left alone.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection

from django.db.models import Count, Q

from schakel.access.policy import can_see_case
from schakel.access.services import end_emergency_access, start_emergency_access
from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case, PersonRole
from schakel.persons.models import Person
from schakel.persons.services import restrict_processing
from schakel.rights import services as rights
from schakel.rights.models import Decision, IdentityCheck, RequestKind, RightsRequest
from schakel.rights.selectors import holdings_by_organisation

OFFICER = "privacy"
BREAK_GLASS_USER = "procesregisseur"
OPEN_RECEIVED_DAYS_AGO = 6
CLOSED_RECEIVED_DAYS_AGO = 45


def create_privacy_examples(*, today: datetime.date, leave_alone: Collection[int]) -> None:
    """`leave_alone`: the pks of the walk-through cases, whose persons stay as they are."""
    officer = User.objects.get(username=OFFICER)
    restricted = _granted_restriction(officer, today=today, leave_alone=leave_alone)
    _open_access_request(
        officer, today=today, leave_alone=leave_alone, skip=[restricted] if restricted else []
    )
    _ended_emergency_access(User.objects.get(username=BREAK_GLASS_USER), leave_alone=leave_alone)


def _hoofdpersonen(*, states: Collection[str], leave_alone: Collection[int]):
    """Hoofdpersonen of cases in `states` and of no other case, in a fixed order, so an
    example touches one case only."""
    return (
        Person.objects.filter(
            case_links__role=PersonRole.HOOFDPERSOON,
            case_links__case__state__in=list(states),
            merged_into__isnull=True,
            birth_date__isnull=False,
        )
        .exclude(case_links__case_id__in=list(leave_alone))
        .annotate(links=Count("case_links", distinct=True))
        .filter(links=1)
        .order_by("pk")
    )


def _registered(
    officer: User, person: Person, *, kind: str, received_on: datetime.date, text: str
) -> RightsRequest:
    assert person.birth_date is not None  # chosen with a birth date
    request = rights.register_request(
        actor=officer,
        kind=kind,
        first_names=person.first_names,
        name_prefix=person.name_prefix,
        last_name=person.last_name,
        birth_date=person.birth_date,
        bsn=person.bsn,
        address=", ".join(part for part in (person.street_address, person.city) if part),
        identity_check=IdentityCheck.BALIE,
        received_on=received_on,
        request_text=text,
    )
    request = rights.link_person(actor=officer, rights_request=request, person=person)
    rights.create_tasks(actor=officer, rights_request=request)
    return request


def _answerer(organisation_id: int) -> User | None:
    return (
        User.objects.filter(
            organisation_id=organisation_id,
            is_active=True,
            role_assignments__role=Role.KETENPARTNER,
        )
        .order_by("pk")
        .first()
    )


def _granted_restriction(
    officer: User, *, today: datetime.date, leave_alone: Collection[int]
) -> Person | None:
    """A beperkingsverzoek of someone whose case was closed: every partner answered, the
    officer restricted the processing and closed the request."""
    closed = [CaseState.AFGESLOTEN, CaseState.NIET_IN_BEHANDELING, CaseState.AFGESCHAALD]
    for person in _hoofdpersonen(states=closed, leave_alone=leave_alone)[:50]:
        # The tasks create_tasks will make: one per partner holding data, not the ZVH.
        holders = set(holdings_by_organisation([person])) - {officer.organisation_id}
        # Only a person whose partners all have a demo user to answer the task.
        if not holders or any(_answerer(pk) is None for pk in holders):
            continue
        request = _registered(
            officer,
            person,
            kind=RequestKind.BEPERKING,
            received_on=today - datetime.timedelta(days=CLOSED_RECEIVED_DAYS_AGO),
            text=(
                "Betrokkene betwist dat de melding over hem juist is en vraagt de verwerking "
                "te beperken tot dat is uitgezocht."
            ),
        )
        for task in request.tasks.order_by("organisation__name"):
            answerer = _answerer(task.organisation_id)
            assert answerer is not None
            rights.answer_task(
                actor=answerer,
                task=task,
                answer="Wij hebben alleen de gegevens uit deze casus; geen bezwaar tegen beperking.",
                expected_version=task.version,
            )
        restrict_processing(
            actor=officer,
            person=person,
            reason="Betrokkene betwist de juistheid van de melding (verzoek van de betrokkene).",
        )
        request.refresh_from_db()
        rights.close_request(
            actor=officer,
            rights_request=request,
            decision=Decision.BEPERKING_TOEGEPAST,
            reason="",
            expected_version=request.version,
        )
        return person
    return None


def _open_access_request(
    officer: User, *, today: datetime.date, leave_alone: Collection[int], skip: list[Person]
) -> None:
    """An inzageverzoek of someone in a running case: the partners' tasks are still open."""
    person = (
        _hoofdpersonen(states=[CaseState.IN_UITVOERING], leave_alone=leave_alone)
        .exclude(pk__in=[p.pk for p in skip])
        .first()
    )
    if person is None:
        return
    _registered(
        officer,
        person,
        kind=RequestKind.INZAGE,
        received_on=today - datetime.timedelta(days=OPEN_RECEIVED_DAYS_AGO),
        text="Betrokkene wil weten welke gegevens het Zorg- en Veiligheidshuis over hem heeft.",
    )


def _ended_emergency_access(regisseur: User, *, leave_alone: Collection[int]) -> None:
    """A procesregisseur opened a case outside need-to-know at night and ended it."""
    candidates = (
        Case.objects.filter(
            Q(state=CaseState.IN_UITVOERING) | Q(state=CaseState.GEAGENDEERD),
            region_id=regisseur.region_id,
            merged_into__isnull=True,
        )
        .exclude(pk__in=list(leave_alone))
        .order_by("pk")
    )
    case = next((c for c in candidates if not can_see_case(regisseur, c)), None)
    if case is None:
        return
    access = start_emergency_access(
        actor=regisseur,
        case_number=str(case.pk),
        reason=(
            "Politie belt buiten kantoortijd over een acute dreiging; de regisseur van deze "
            "tafel is niet bereikbaar."
        ),
    )
    end_emergency_access(actor=regisseur, access=access)
