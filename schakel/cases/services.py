"""Writes on cases: the lifecycle and who takes part."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.cases import signals
from schakel.cases.lifecycle import OPEN_STATES, CaseState, is_allowed
from schakel.cases.models import (
    Case,
    CaseParticipant,
    CasePerson,
    CaseTransition,
    ParticipationReason,
    PersonRole,
)
from schakel.cases.selectors import persons_in_case

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.organisations.models import Municipality, Organisation, Region
    from schakel.persons.models import Person


class CaseTransitionError(ValidationError):
    """An illegal step in the lifecycle; the message is shown to the user as it is."""


@transaction.atomic
def transition_case(
    *, case: Case, to_state: str, actor: User, reason: str, merged_into: Case | None = None
) -> CaseTransition:
    """Move a case along the lifecycle graph, recording who, when and why.

    The step to samengevoegd names the case the melding went into (`merged_into`); use
    merge_case, which also moves the melding.
    """
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if not is_allowed(locked.state, to_state):
        raise CaseTransitionError(
            _("Een casus met status ‘%(source)s’ kan niet naar ‘%(target)s’.")
            % {
                "source": CaseState(locked.state).label,
                "target": CaseState(to_state).label,
            },
            code="illegal_transition",
        )
    if not reason.strip():
        raise CaseTransitionError(_("Geef een reden voor deze stap."), code="reason_required")
    merges = to_state == CaseState.SAMENGEVOEGD
    if merges and merged_into is None:
        raise CaseTransitionError(
            _("Kies de casus waarmee deze casus wordt samengevoegd."), code="target_required"
        )
    transition = CaseTransition.objects.create(
        case=locked, from_state=locked.state, to_state=to_state, by=actor, reason=reason.strip()
    )
    now = timezone.now()
    changes = {"state": to_state, "state_changed_at": now}
    if merges:
        changes["merged_into"] = merged_into
    Case.objects.filter(pk=case.pk).update(**changes)
    case.state, case.state_changed_at = to_state, now
    if merges:
        case.merged_into = merged_into
    return transition


def restart_intake_after_transfer(*, case: Case, actor: User, reason: str) -> None:
    """The receiving region of a region transfer starts with the case in its own intake
    (see cases.lifecycle): from any open state back to aangemeld, recorded like any step."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.state not in OPEN_STATES:
        raise CaseTransitionError(_("Alleen een lopende casus kan worden overgedragen."))
    if locked.state == CaseState.AANGEMELD:
        return
    CaseTransition.objects.create(
        case=locked,
        from_state=locked.state,
        to_state=CaseState.AANGEMELD,
        by=actor,
        reason=reason.strip(),
    )
    now = timezone.now()
    Case.objects.filter(pk=case.pk).update(state=CaseState.AANGEMELD, state_changed_at=now)
    case.state, case.state_changed_at = CaseState.AANGEMELD, now


def _move_case_persons(*, source: Case, target: Case) -> None:
    """The persons of `source` join `target`; a link `target` already has goes."""
    taken = set(CasePerson.objects.filter(case=target).values_list("person_id", "role"))
    links = list(CasePerson.objects.filter(case=source).values_list("pk", "person_id", "role"))
    redundant = [pk for pk, person_id, role in links if (person_id, role) in taken]
    CasePerson.objects.filter(pk__in=redundant).delete()
    CasePerson.objects.filter(case=source).update(case=target)


@transaction.atomic
def merge_case(
    *,
    actor: User,
    case: Case,
    into: Case,
    reason: str,
    melder_follows: bool = True,
) -> CaseTransition:
    """Close a case in intake as samengevoegd into another, running case of the region.

    Its meldingen and persons move to `into`, so nothing of what was reported is lost and
    the procesregisseur works in one place. The melder of a moved melding is a melder of
    `into` (it reported on that case: need-to-know), unless `melder_follows` is False —
    the her-melding of a closed case, whose history is not the reporting partner's to
    read. The melder keeps its own involvement in `case`, which it keeps seeing as
    samengevoegd with its own melding, and without the other case's content.
    """
    from schakel.access.log import record_access
    from schakel.access.models import AccessAction
    from schakel.access.policy import ensure_processing_allowed, may_direct_case, require_role
    from schakel.accounts.roles import Role

    require_role(actor, Role.PROCESREGISSEUR)
    if not (may_direct_case(actor, case) and may_direct_case(actor, into)):
        raise PermissionDenied(
            _("Alleen de procesregisseur van beide casussen kan ze samenvoegen.")
        )
    if case.pk == into.pk:
        raise ValidationError(
            _("Een casus kan niet met zichzelf worden samengevoegd."), code="same_case"
        )
    # Both locked, in a fixed order, so two merges of one pair cannot cross.
    locked = {
        c.pk: c for c in Case.objects.select_for_update().filter(pk__in=sorted([case.pk, into.pk]))
    }
    target = locked[into.pk]
    if target.region_id != locked[case.pk].region_id:
        raise PermissionDenied(
            _("Alleen de procesregisseur van beide casussen kan ze samenvoegen.")
        )
    if target.state not in OPEN_STATES:
        raise ValidationError(
            _(
                "Casus %(reference)s loopt niet (status ‘%(state)s’). Samenvoegen kan alleen "
                "met een lopende casus; bij een afgesloten casus is dit een her-melding."
            )
            % {"reference": target.reference, "state": CaseState(target.state).label},
            code="target_not_open",
        )
    # Merging links every person of `case` into `target`: new processing, refused for a
    # person under restriction (AVG art. 18) and for the case of a restricted hoofdpersoon.
    ensure_processing_allowed(
        persons=[
            link.person for link in CasePerson.objects.filter(case=case).select_related("person")
        ],
        case=target,
    )
    transition = transition_case(
        case=case, to_state=CaseState.SAMENGEVOEGD, actor=actor, reason=reason, merged_into=target
    )
    # The meldingen move along: referrals does that on this signal (it sits above cases).
    signals.case_merged.send(sender=Case, case=case, into=target)
    _move_case_persons(source=case, target=target)
    if melder_follows:
        melders = CaseParticipant.objects.filter(
            case=case, reason=ParticipationReason.MELDER, ended_at__isnull=True
        ).select_related("organisation")
        for participant in melders:
            add_participant(
                case=target,
                organisation=participant.organisation,
                reason=ParticipationReason.MELDER,
            )
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        case=target,
        persons=persons_in_case(target),
        obj=case,
        purpose=_("Samenvoegen"),
        detail=_("Casus %(source)s samengevoegd met casus %(target)s")
        % {"source": case.reference, "target": target.reference},
    )
    return transition


@transaction.atomic
def add_participant(
    *,
    case: Case,
    organisation: Organisation,
    reason: str,
    visible_from: datetime.datetime | None = None,
) -> CaseParticipant:
    """Let an organisation take part in a case (need-to-know), for a recorded reason.

    An involvement that had ended starts again; one that is already running keeps the
    earliest moment from which it reads the case.
    """
    if organisation.region_id != case.region_id:
        raise ValidationError(
            _("%(organisation)s hoort niet bij de regio van deze casus.")
            % {"organisation": organisation},
            code="other_region",
        )
    participant, created = CaseParticipant.objects.select_for_update().get_or_create(
        case=case, organisation=organisation, reason=reason, defaults={"visible_from": visible_from}
    )
    if created:
        return participant
    if participant.ended_at is not None:
        participant.ended_at, participant.visible_from = None, visible_from
        participant.save(update_fields=["ended_at", "visible_from"])
    elif participant.visible_from is not None and (
        visible_from is None or visible_from < participant.visible_from
    ):
        participant.visible_from = visible_from
        participant.save(update_fields=["visible_from"])
    return participant


def end_participation(*, case_id: int, organisation_id: int, reason: str) -> None:
    """End one involvement: from now on it no longer opens the case. The row stays as history."""
    CaseParticipant.objects.filter(
        case_id=case_id, organisation_id=organisation_id, reason=reason, ended_at__isnull=True
    ).update(ended_at=timezone.now())


@transaction.atomic
def sync_involvements(*, case: Case, reason: str, organisation_ids: Iterable[int | None]) -> None:
    """Make the case's running involvements of one reason exactly these organisations:
    new ones start, the others end (their rows stay as history)."""
    from schakel.organisations.models import Organisation

    wanted = {pk for pk in organisation_ids if pk is not None}
    running = set(
        CaseParticipant.objects.filter(case=case, reason=reason, ended_at__isnull=True).values_list(
            "organisation_id", flat=True
        )
    )
    for organisation_id in running - wanted:
        end_participation(case_id=case.pk, organisation_id=organisation_id, reason=reason)
    # An organisation of another region takes part in nothing here: after a region transfer
    # the plan may still name the sending region's partners, as history, but they no longer
    # read the case.
    for organisation in Organisation.objects.filter(
        pk__in=wanted - running, region_id=case.region_id
    ):
        add_participant(case=case, organisation=organisation, reason=reason)


# Who holds the regie on a case is decided by the apps above cases: the plan's
# casusregisseur (plans), the partner the regie is handed back to at afschalen
# (closure). Each registers its source in its AppConfig.ready(), so cases imports
# neither of them.
RegieSource = Callable[[Case], Iterable[int | None]]
_regie_sources: dict[str, RegieSource] = {}


def register_regie_source(name: str, source: RegieSource) -> None:
    # Keyed by name: registering again (a second ready()) replaces, never doubles.
    _regie_sources[name] = source


def regie_holders(case: Case) -> set[int]:
    """The organisations that hold the regie on the case now."""
    return set(
        CaseParticipant.objects.filter(
            case=case, reason=ParticipationReason.REGIE, ended_at__isnull=True
        ).values_list("organisation_id", flat=True)
    )


def sync_regie_holders(*, case: Case) -> None:
    """The organisation that holds the regie on the case itself — the plan's casusregisseur,
    or the partner the regie was handed back to at afschalen — is involved in the case."""
    before = regie_holders(case)
    holders: set[int | None] = set()
    for source in _regie_sources.values():
        holders |= set(source(case))
    sync_involvements(case=case, reason=ParticipationReason.REGIE, organisation_ids=holders)
    signals.regie_holders_changed.send(sender=Case, case=case, before=before)


def open_case(
    *,
    region: Region,
    municipality: Municipality,
    kind: str,
    title: str,
    actor: User,
    reason: str,
) -> Case:
    """Start a case in state aangemeld, with its first transition (from nothing) recorded.

    Only called inside the transaction of the write that brings the case in (a melding).
    """
    if municipality.region_id != region.pk:
        raise ValidationError(
            {"municipality": _("Deze gemeente hoort niet bij de regio van deze casus.")},
            code="other_region",
        )
    case = Case.objects.create(
        region=region,
        municipality=municipality,
        kind=kind,
        title=title.strip(),
        state=CaseState.AANGEMELD,
    )
    CaseTransition.objects.create(
        case=case, from_state="", to_state=CaseState.AANGEMELD, by=actor, reason=reason
    )
    return case


@transaction.atomic
def register_person_in_case(
    *,
    actor: User,
    case: Case,
    role: str,
    ignored_duplicates: Sequence[Person] = (),
    **person_fields: Any,
) -> Person:
    """Register a new betrokkene (persons.services.create_person) and link it into `case`
    with `role`, in one transaction: a refused case or role leaves no person behind.

    Raises ValidationError with a Dutch message per field, those of the person included.
    """
    from schakel.access.log import record_access
    from schakel.access.models import AccessAction
    from schakel.access.policy import ensure_processing_allowed, may_request_information
    from schakel.persons.services import create_person

    errors: dict[str, list[str]] = {}
    if case.region_id != actor.region_id:
        errors.setdefault("case", []).append(
            _("Deze casus hoort niet bij de regio van deze betrokkene.")
        )
    elif not may_request_information(actor, case):
        errors.setdefault("case", []).append(_("U kunt aan deze casus geen betrokkenen toevoegen."))
    if role not in PersonRole.values:
        errors.setdefault("role", []).append(_("Kies een rol uit de lijst."))
    person = None
    if "case" not in errors:  # the person is registered in the region of the case
        try:
            person = create_person(
                actor=actor,
                region=case.region,
                ignored_duplicates=ignored_duplicates,
                **person_fields,
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors or person is None:
        # Raising rolls back the person created above, with its log entry.
        raise ValidationError(errors)
    # No one is added to the case of a hoofdpersoon under restriction (AVG art. 18).
    ensure_processing_allowed(case=case)

    CasePerson.objects.create(case=case, person=person, role=role)
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        case=case,
        persons=[person],
        obj=case,
        detail=_("Betrokkene aan de casus toegevoegd als %(role)s")
        % {"role": PersonRole(role).label},
    )
    return person
