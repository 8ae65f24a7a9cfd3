"""Writes on meldingen: a new melding (which opens a case) and a her-melding (which reopens one)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.access import rules
from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import (
    convenant_partners,
    ensure_processing_allowed,
    may_be_rereport,
    may_direct_case,
    require_role,
)
from schakel.accounts.roles import Role
from schakel.accounts.typing import organisation_of
from schakel.cases.lifecycle import CaseState, is_allowed
from schakel.cases.models import (
    Case,
    CaseKind,
    CasePerson,
    LifeDomain,
    ParticipationReason,
    PersonRole,
)
from schakel.cases.selectors import PersonInCase, attach_possible_duplicates, persons_in_case
from schakel.cases.services import add_participant, merge_case, open_case, transition_case
from schakel.core.fields import max_length
from schakel.persons.models import Gender, Person
from schakel.persons.services import create_person, merge_persons
from schakel.referrals.models import KeptApart, Referral, ReferralSource, Urgency

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.organisations.models import Municipality, Organisation

# ZVH staff see the duplicate candidates and choose. A ketenpartner's melding stands on
# what the partner typed: it is never linked to a known person, not even on an exact BSN,
# because the partner would then read that person's record (an oracle on the region's
# persons). The procesregisseur sees the match on the case page and merges.
NEW_REFERRAL_SOURCES = tuple(s for s in ReferralSource if s != ReferralSource.HERMELDING)
MAX_DESCRIPTION = max_length(Referral, "description")
MAX_QUESTION = max_length(Referral, "question")


@dataclass(frozen=True)
class PersonDetails:
    """What a melder typed about one person."""

    first_names: str
    last_name: str
    name_prefix: str = ""
    bsn: str = ""
    birth_date: datetime.date | None = None
    gender: str = Gender.ONBEKEND
    street_address: str = ""
    postal_code: str = ""
    city: str = ""


@dataclass(frozen=True)
class ReferredPerson:
    """One person of a melding, with their role in the case.

    `existing` is the known person a procesregisseur or informatiemakelaar chose to link
    to after the duplicate check; None means: register a new person from what was typed.
    """

    role: str
    details: PersonDetails
    existing: Person | None = None


def main_person_error(*, kind: str, roles: Sequence[str]) -> str | None:
    """The rule on hoofdpersonen, shared by the form (per field) and the service."""
    if kind != CaseKind.PERSOON:
        return None
    count = sum(1 for role in roles if role == PersonRole.HOOFDPERSOON)
    if count == 1:
        return None
    if count == 0:
        return _(
            "Een persoonsgerichte melding heeft precies één hoofdpersoon; kies die rol bij één betrokkene."
        )
    return _(
        "Een persoonsgerichte melding heeft precies één hoofdpersoon; nu zijn het er %(count)d."
    ) % {"count": count}


def _check_referral(
    *,
    actor: User,
    received_on: datetime.date,
    municipality: Municipality,
    source: str,
    kind: str,
    title: str,
    description: str,
    question: str,
    urgency: str,
    persons: Sequence[ReferredPerson],
    on_behalf_of: Organisation | None = None,
) -> None:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if source not in NEW_REFERRAL_SOURCES:
        add(
            "source",
            _("Kies een bron uit de lijst; een her-melding registreert u bij de casus zelf."),
        )
    if kind not in CaseKind.values:
        add("kind", _("Kies een soort casus uit de lijst."))
    if urgency not in Urgency.values:
        add("urgency", _("Kies een urgentie uit de lijst."))
    if received_on > timezone.localdate():
        add("received_on", _("De datum van de melding kan niet in de toekomst liggen."))
    if municipality.region_id != actor.region_id:
        add("municipality", _("Kies een gemeente van uw eigen regio."))
    if on_behalf_of is not None:
        if not rules.may_report_on_behalf(actor):
            raise PermissionDenied(
                _("Alleen het Zorg- en Veiligheidshuis registreert een melding namens een partner.")
            )
        region_id = actor.region_id or 0
        if not convenant_partners(region_id=region_id).filter(pk=on_behalf_of.pk).exists():
            add(
                "on_behalf_of",
                _(
                    "Kies een partnerorganisatie van uw regio die het convenant "
                    "informatiedeling heeft ondertekend."
                ),
            )
    if not title.strip():
        add("title", _("Geef een korte omschrijving, zonder namen."))
    if not description.strip():
        add("description", _("Beschrijf waarover de melding gaat."))
    elif len(description) > MAX_DESCRIPTION:
        add("description", _("De omschrijving mag ten hoogste 5000 tekens lang zijn."))
    if not question.strip():
        add("question", _("Geef aan wat de melder van het Zorg- en Veiligheidshuis vraagt."))
    elif len(question) > MAX_QUESTION:
        add("question", _("De vraag mag ten hoogste 2000 tekens lang zijn."))
    if not persons:
        add("persons", _("Een melding heeft ten minste één betrokkene."))
    elif (message := main_person_error(kind=kind, roles=[p.role for p in persons])) is not None:
        add("persons", message)
    if any(p.role not in PersonRole.values for p in persons):
        add("persons", _("Kies voor elke betrokkene een rol uit de lijst."))
    chosen = [p.existing for p in persons if p.existing is not None]
    if chosen and not rules.may_choose_duplicates(actor):
        raise PermissionDenied(
            _("Alleen het Zorg- en Veiligheidshuis koppelt aan bekende personen.")
        )
    if any(p.region_id != actor.region_id or p.merged_into_id is not None for p in chosen):
        add("persons", _("Deze bekende persoon kan niet aan deze melding worden gekoppeld."))
    if errors:
        raise ValidationError(errors)


def _link_persons(*, actor: User, case: Case, persons: Sequence[ReferredPerson]) -> list[Person]:
    linked: list[Person] = []
    seen: set[tuple[int, str]] = set()
    for index, referred in enumerate(persons):
        existing = referred.existing
        if existing is None:
            try:
                person = create_person(actor=actor, region=case.region, **asdict(referred.details))
            except ValidationError as error:
                raise ValidationError(
                    {
                        f"person-{index}-{field}": messages
                        for field, messages in error.message_dict.items()
                    }
                ) from error
        else:
            person = existing
            if (person.pk, referred.role) in seen:
                raise ValidationError(
                    {
                        "persons": [
                            _("Dezelfde persoon staat twee keer met dezelfde rol in de melding.")
                        ]
                    }
                )
        CasePerson.objects.create(case=case, person=person, role=referred.role)
        seen.add((person.pk, referred.role))
        linked.append(person)
    return linked


@transaction.atomic
def submit_referral(
    *,
    actor: User,
    source: str,
    received_on: datetime.date,
    municipality: Municipality,
    kind: str,
    title: str,
    description: str,
    life_domains: Iterable[LifeDomain] = (),
    urgency: str = Urgency.NORMAAL,
    question: str,
    reporter_contact: str = "",
    persons: Sequence[ReferredPerson],
    on_behalf_of: Organisation | None = None,
) -> Referral:
    """Register a melding: a new case (aangemeld), its persons, the melding and the melder.

    All or nothing: any error rolls the whole melding back. Raises ValidationError with a
    Dutch message per field ("persons" for the persons as a whole, "person-<n>-<field>"
    for one person), PermissionDenied for a role that may not report.

    ``on_behalf_of``: the ZVH registers a melding a partner made elsewhere (a ZSM melding
    read from a file). That partner is then the reporting organisation and the melder of
    the case, so it must be a convenant partner of the region; the ZVH user stays the one
    who registered it. Its persons are registered as typed, like any partner's melding.
    """
    require_role(actor, *rules.REPORTING_ROLES)
    _check_referral(
        actor=actor,
        received_on=received_on,
        municipality=municipality,
        source=source,
        kind=kind,
        title=title,
        description=description,
        question=question,
        urgency=urgency,
        persons=persons,
        on_behalf_of=on_behalf_of,
    )
    # A known person the ZVH linked the melding to may be under restriction (AVG art. 18).
    ensure_processing_allowed(persons=[p.existing for p in persons if p.existing is not None])
    reporter = on_behalf_of if on_behalf_of is not None else organisation_of(actor)
    case = open_case(
        region=municipality.region,
        municipality=municipality,
        kind=kind,
        title=title,
        actor=actor,
        reason=_("Melding ontvangen"),
    )
    referral = Referral.objects.create(
        case=case,
        source=source,
        reporting_organisation=reporter,
        reported_by=actor,
        reporter_contact=reporter_contact.strip(),
        received_on=received_on,
        description=description.strip(),
        urgency=urgency,
        question=question.strip(),
    )
    referral.life_domains.set(life_domains)
    linked = _link_persons(actor=actor, case=case, persons=persons)
    add_participant(case=case, organisation=reporter, reason=ParticipationReason.MELDER)
    detail = _("Melding ontvangen; casus %(reference)s aangemaakt") % {"reference": case.reference}
    if on_behalf_of is not None:
        detail = _("Melding van %(organisation)s geregistreerd; casus %(reference)s aangemaakt") % {
            "organisation": on_behalf_of,
            "reference": case.reference,
        }
    record_access(
        actor=actor,
        action=AccessAction.CREATE,
        case=case,
        persons=linked,
        obj=referral,
        purpose=_("Melding"),
        detail=detail,
    )
    return referral


def rereport_refusal(*, state: str) -> str | None:
    """Why a her-melding cannot be registered on a case in this state, or None if it can."""
    if is_allowed(state, CaseState.AANGEMELD):
        return None
    return _(
        "Een her-melding kan alleen bij een afgesloten of niet in behandeling genomen "
        "casus. Deze casus heeft de status ‘%(state)s’ en loopt dus nog: voeg de "
        "nieuwe informatie toe aan de lopende casus."
    ) % {"state": CaseState(state).label}


@transaction.atomic
def register_rereport(
    *,
    actor: User,
    case: Case,
    description: str,
    question: str,
    urgency: str = Urgency.NORMAAL,
    life_domains: Iterable[LifeDomain] = (),
) -> Referral:
    """A her-melding on a closed case: a new melding, and the case is reopened (aangemeld).

    The caller has already fetched the case through the policy (404 for outsiders).
    """
    require_role(actor, Role.PROCESREGISSEUR)
    if case.region_id != actor.region_id or not may_direct_case(actor, case):
        raise PermissionDenied(
            _("Alleen de procesregisseur van deze casus registreert een her-melding.")
        )
    locked = Case.objects.select_for_update().get(pk=case.pk)
    refusal = rereport_refusal(state=locked.state)
    if refusal is not None:
        raise ValidationError(refusal, code="case_still_open")
    # Reopening the case of a restricted hoofdpersoon is new processing (AVG art. 18).
    ensure_processing_allowed(case=locked)
    errors: dict[str, list[str]] = {}
    if not description.strip():
        errors["description"] = [_("Beschrijf waarover de her-melding gaat.")]
    elif len(description) > MAX_DESCRIPTION:
        errors["description"] = [_("De omschrijving mag ten hoogste 5000 tekens lang zijn.")]
    if not question.strip():
        errors["question"] = [_("Geef aan wat de melder van het Zorg- en Veiligheidshuis vraagt.")]
    elif len(question) > MAX_QUESTION:
        errors["question"] = [_("De vraag mag ten hoogste 2000 tekens lang zijn.")]
    if urgency not in Urgency.values:
        errors["urgency"] = [_("Kies een urgentie uit de lijst.")]
    if errors:
        raise ValidationError(errors)

    referral = Referral.objects.create(
        case=locked,
        source=ReferralSource.HERMELDING,
        reporting_organisation=organisation_of(actor),
        reported_by=actor,
        reporter_contact=", ".join(v for v in (str(actor), actor.email, actor.phone) if v),
        received_on=timezone.localdate(),
        description=description.strip(),
        urgency=urgency,
        question=question.strip(),
    )
    referral.life_domains.set(life_domains)
    transition_case(
        case=case, to_state=CaseState.AANGEMELD, actor=actor, reason=_("Her-melding ontvangen")
    )
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        case=case,
        persons=persons_in_case(case),
        obj=referral,
        purpose=_("Her-melding"),
        detail=_("Casus heropend door een her-melding"),
    )
    return referral


def _rereport_pair(*, actor: User, case: Case, closed_case: Case) -> None:
    """Who decides on a her-melding candidate: the procesregisseur of the new case, while it
    is in intake. 403 otherwise; the caller fetched both cases through the policy."""
    require_role(actor, Role.PROCESREGISSEUR)
    if not may_be_rereport(user=actor, case=case):
        raise PermissionDenied(
            _("Alleen de procesregisseur van een nieuwe melding beslist over een her-melding.")
        )


def _not_a_candidate(closed_case: Case) -> ValidationError:
    return ValidationError(
        _(
            "Deze melding is geen mogelijke her-melding van casus %(reference)s (meer); "
            "er is niets gewijzigd."
        )
        % {"reference": closed_case.reference},
        code="no_candidate",
    )


@transaction.atomic
def attach_rereport(*, actor: User, case: Case, closed_case: Case) -> Case:
    """Take a new melding in as a her-melding of a closed case, in one transaction.

    The closed case reopens (aangemeld) with its history; the new melding and its persons
    move onto it, each person the partner typed merged into the known person it matches
    (logged as a merge); the new case is closed as samengevoegd. The reporting partner is
    not made a melder of the reopened case: it never sees anything of the closed case,
    not even that it exists. Raises ValidationError (Dutch) when the pair is no candidate.
    """
    from schakel.referrals.selectors import rereport_candidates

    _rereport_pair(actor=actor, case=case, closed_case=closed_case)
    if not may_direct_case(actor, closed_case):
        raise PermissionDenied(
            _("Alleen de procesregisseur van de afgesloten casus kan die heropenen.")
        )
    locked = {
        c.pk: c
        for c in Case.objects.select_for_update().filter(pk__in=sorted([case.pk, closed_case.pk]))
    }
    case, closed_case = locked[case.pk], locked[closed_case.pk]
    refusal = rereport_refusal(state=closed_case.state)
    if refusal is not None:
        raise ValidationError(refusal, code="case_still_open")
    persons = [
        PersonInCase(person=link.person, role_label="")
        for link in case.case_persons.select_related("person")
    ]
    attach_possible_duplicates(case=case, persons=persons)
    candidates = rereport_candidates(user=actor, case=case, persons=persons)
    if closed_case.pk not in {c.case_id for c in candidates}:
        raise _not_a_candidate(closed_case)
    # The new melding's persons join the closed case, which reopens: new processing, for
    # them and for its hoofdpersoon (AVG art. 18).
    ensure_processing_allowed(persons=[entry.person for entry in persons], case=closed_case)

    known_there = set(closed_case.case_persons.values_list("person_id", flat=True))
    for entry in persons:
        if entry.person.pk in known_there:
            continue
        matches = [d.person for d in entry.possible_duplicates if d.person.pk in known_there]
        # Only an unambiguous match is merged; otherwise the person joins the case as typed
        # and the procesregisseur compares the records on the person page.
        if len(matches) == 1:
            merge_persons(actor=actor, keep=matches[0], remove=entry.person)

    transition_case(
        case=closed_case,
        to_state=CaseState.AANGEMELD,
        actor=actor,
        reason=_("Her-melding ontvangen: melding van casus %(reference)s toegevoegd")
        % {"reference": case.reference},
    )
    merge_case(
        actor=actor,
        case=case,
        into=closed_case,
        # The melder reads this reason on its own case: it names no other case.
        reason=_("Samengevoegd met een andere casus"),
        melder_follows=False,
    )
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        case=closed_case,
        persons=persons_in_case(closed_case),
        obj=closed_case,
        purpose=_("Her-melding"),
        detail=_("Casus heropend door een her-melding (melding van casus %(reference)s)")
        % {"reference": case.reference},
    )
    return closed_case


@transaction.atomic
def keep_rereport_apart(*, actor: User, case: Case, closed_case: Case) -> KeptApart:
    """Record that the new case is no her-melding of the closed case: not offered again."""
    _rereport_pair(actor=actor, case=case, closed_case=closed_case)
    decision, _created = KeptApart.objects.get_or_create(
        case=case, closed_case=closed_case, defaults={"decided_by": actor}
    )
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        case=case,
        obj=decision,
        purpose=_("Her-melding"),
        detail=_("Geen her-melding van casus %(reference)s; casussen blijven gescheiden")
        % {"reference": closed_case.reference},
    )
    return decision
