"""Writes of nazorg en re-integratie: the detentiemelding, its re-integratieofficier, its
release date, the quickscan, and the one-step outcome (nazorgtafel or no case needed).

Every write runs in one transaction and takes the actor; register_detention_notice is
called by the form and, once per row, by the bulk import (schakel/nazorg/importers.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.access import rules
from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import (
    ensure_processing_allowed,
    may_direct_nazorg,
    may_fill_quickscan,
    reintegration_officers,
    require_role,
)
from schakel.accounts.typing import organisation_of
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case, CaseKind, PersonRole
from schakel.core.concurrency import claim_version
from schakel.core.fields import max_length
from schakel.nazorg.deadlines import discuss_before
from schakel.nazorg.models import (
    Condition,
    ConditionStatus,
    DetentionNotice,
    NoticeEvent,
    NoticeStatus,
    Quickscan,
    QuickscanCondition,
    YesNoUnknown,
)
from schakel.organisations.models import Municipality, Organisation
from schakel.persons.bsn import is_valid_bsn, normalise_bsn
from schakel.referrals.models import ReferralSource
from schakel.referrals.services import PersonDetails, ReferredPerson, submit_referral
from schakel.triage.models import Rating, TriageOutcome
from schakel.triage.services import TRIAGE_SOURCE_STATES, decide_triage, start_triage

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.persons.models import Person
    from schakel.tables.models import Table

MAX_REFERENCE = max_length(DetentionNotice, "source_reference")
MAX_NOTE = max_length(QuickscanCondition, "note")
MAX_CONCERNS = max_length(Quickscan, "concerns")
MAX_REASON = max_length(NoticeEvent, "reason")
THE_NOTICE = gettext_lazy("de detentiemelding")
THE_QUICKSCAN = gettext_lazy("de quickscan")


def _require_regie(actor: User, notice: DetentionNotice) -> None:
    require_role(actor, *rules.NAZORG_REGIE_ROLES)
    if not may_direct_nazorg(actor, notice):
        raise PermissionDenied(_("Alleen het Zorg- en Veiligheidshuis voert hier de regie."))


def _event(notice: DetentionNotice, actor: User, description: str, **extra: object) -> None:
    NoticeEvent.objects.create(notice=notice, actor=actor, description=description[:300], **extra)


def _log(actor: User, notice: DetentionNotice, action: str, detail: str) -> None:
    record_access(
        actor=actor,
        action=action,
        case=notice.case,
        persons=[notice.person],
        obj=notice,
        purpose=_("Nazorg en re-integratie"),
        detail=detail,
    )


def _day(value: datetime.date) -> str:
    return date_format(value, "j F Y")


# --- Registering a detentiemelding -------------------------------------------------------


def _duplicate(reference: str) -> ValidationError:
    return ValidationError(
        {
            "source_reference": ValidationError(
                _(
                    "Er is al een detentiemelding met kenmerk %(reference)s in deze regio; "
                    "ze wordt niet nog eens geregistreerd."
                )
                % {"reference": reference},
                code="duplicate",
            )
        }
    )


def _notice_errors(
    *,
    actor: User,
    person: PersonDetails,
    institution: Organisation,
    detention_started_on: datetime.date,
    expected_release_on: datetime.date,
    return_municipality: Municipality,
    reference: str,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if institution.region_id != actor.region_id or not institution.is_active:
        errors["institution"] = [_("Kies een actieve organisatie van uw eigen regio.")]
    if return_municipality.region_id != actor.region_id:
        errors["return_municipality"] = [
            _("Onbekende gemeente: %(name)s hoort niet bij de gemeenten van deze regio.")
            % {"name": return_municipality}
        ]
    if detention_started_on > timezone.localdate():
        errors["detention_started_on"] = [
            _("Het begin van de detentie kan niet in de toekomst liggen.")
        ]
    if expected_release_on < detention_started_on:
        errors["expected_release_on"] = [
            _("De verwachte invrijheidstelling kan niet vóór het begin van de detentie liggen.")
        ]
    bsn = normalise_bsn(person.bsn or "")
    if bsn and not is_valid_bsn(bsn):
        errors["bsn"] = [
            _("Dit is geen geldig BSN: een BSN heeft 9 cijfers en voldoet aan de 11-proef.")
        ]
    if not person.last_name.strip():
        errors["last_name"] = [_("Geef de achternaam van de gedetineerde.")]
    if len(reference) > MAX_REFERENCE:
        errors["source_reference"] = [
            _("Het kenmerk is ten hoogste %(max)d tekens lang.") % {"max": MAX_REFERENCE}
        ]
    return errors


@transaction.atomic
def register_detention_notice(
    *,
    actor: User,
    person: PersonDetails,
    institution: Organisation,
    detention_started_on: datetime.date,
    expected_release_on: datetime.date,
    return_municipality: Municipality,
    source_reference: str = "",
    existing_person: Person | None = None,
) -> DetentionNotice:
    """Register a detentiemelding: a melding of source detentiemelding that opens a case in
    intake (so uitvraag and triage work as for every case), the notice, and an empty
    quickscan (every condition unknown).

    `source_reference` is the institution's own reference, unique per region: a known one
    is refused with code "duplicate", so a re-run of an import creates nothing twice.
    `existing_person` is the known person the ZVH chose after the duplicate check (only
    ZVH staff may link; the referral service refuses anyone else). Raises
    ValidationError with a Dutch message per field; nothing is saved on a refusal.
    """
    require_role(actor, *rules.NAZORG_REGIE_ROLES)
    reference = (source_reference or "").strip()
    person = replace(person, bsn=normalise_bsn(person.bsn or ""))
    errors = _notice_errors(
        actor=actor,
        person=person,
        institution=institution,
        detention_started_on=detention_started_on,
        expected_release_on=expected_release_on,
        return_municipality=return_municipality,
        reference=reference,
    )
    if errors:
        raise ValidationError(errors)
    if (
        reference
        and DetentionNotice.objects.filter(
            region_id=organisation_of(actor).region_id, source_reference=reference
        ).exists()
    ):
        raise _duplicate(reference)
    # A detentiemelding on a known person under restriction is refused whole (AVG art. 18).
    if existing_person is not None:
        ensure_processing_allowed(persons=[existing_person])
    try:
        referral = submit_referral(
            actor=actor,
            source=ReferralSource.DETENTIEMELDING,
            received_on=timezone.localdate(),
            municipality=return_municipality,
            kind=CaseKind.PERSOON,
            # The title names no person: it shows in lists.
            title=_("Detentiemelding %(institution)s") % {"institution": institution},
            description=_(
                "Detentiemelding van %(institution)s: in detentie sinds %(start)s, verwachte "
                "invrijheidstelling %(release)s, terugkeer naar %(municipality)s."
            )
            % {
                "institution": institution,
                "start": _day(detention_started_on),
                "release": _day(expected_release_on),
                "municipality": return_municipality,
            },
            question=_(
                "Quickscan van de basisvoorwaarden voor een veilige terugkeer; "
                "zo nodig bespreken aan de nazorgtafel."
            ),
            persons=[
                ReferredPerson(
                    role=PersonRole.HOOFDPERSOON, details=person, existing=existing_person
                )
            ],
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise  # a refusal of the whole melding names no field
        # The referral names a person's fields "person-0-<field>": here there is one person.
        raise ValidationError(
            {
                key.removeprefix("person-0-"): messages
                for key, messages in error.message_dict.items()
            }
        ) from error
    case = referral.case
    linked = case.case_persons.select_related("person").get().person
    notice = DetentionNotice(
        region_id=case.region_id,
        case=case,
        person=linked,
        institution=institution,
        detention_started_on=detention_started_on,
        expected_release_on=expected_release_on,
        return_municipality=return_municipality,
        source_reference=reference,
        registered_by=actor,
    )
    try:
        # Two imports of the same file at once: the constraint gives the same answer.
        with transaction.atomic():
            notice.save()
    except IntegrityError as error:
        raise _duplicate(reference) from error
    quickscan = Quickscan.objects.create(notice=notice)
    QuickscanCondition.objects.bulk_create(
        QuickscanCondition(quickscan=quickscan, condition=code) for code in Condition.values
    )
    _event(notice, actor, _("Detentiemelding geregistreerd"))
    _log(actor, notice, AccessAction.CREATE, _("Detentiemelding geregistreerd"))
    return notice


# --- Re-integratieofficier and release date ------------------------------------------------


@transaction.atomic
def assign_reintegration_officer(
    *,
    actor: User,
    notice: DetentionNotice,
    officer: User | None,
    expected_version: int | None,
) -> DetentionNotice:
    """Assign (or withdraw, with None) the re-integratieofficier of this detainee: from now
    on only they, besides the ZVH, see the detainee."""
    _require_regie(actor, notice)
    if (
        officer is not None
        and not reintegration_officers(region_id=notice.region_id).filter(pk=officer.pk).exists()
    ):
        raise ValidationError(
            {
                "reintegration_officer": [
                    _(
                        "Kies een ketenpartner van een gemeentelijke organisatie van deze regio "
                        "die het convenant heeft getekend."
                    )
                ]
            }
        )
    claim_version(notice, expected=expected_version, actor=actor, what=THE_NOTICE)
    previous = notice.reintegration_officer
    notice.reintegration_officer = officer
    notice.save(update_fields=["reintegration_officer"])
    if officer is None:
        description = _("Re-integratieofficier %(name)s teruggetrokken") % {"name": previous}
    else:
        description = _("Re-integratieofficier: %(name)s (%(organisation)s)") % {
            "name": officer.get_full_name() or officer.username,
            "organisation": officer.organisation,
        }
    _event(notice, actor, description)
    _log(actor, notice, AccessAction.CHANGE, description)
    return notice


@transaction.atomic
def change_release_date(
    *,
    actor: User,
    notice: DetentionNotice,
    expected_release_on: datetime.date,
    reason: str,
    expected_version: int | None,
) -> DetentionNotice:
    """A new expected release date. Everything that hangs on it (quickscan due, bespreken
    vóór, the warning) is derived from the date and moves with it; the history keeps who,
    the old and the new date, and why."""
    _require_regie(actor, notice)
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if expected_release_on < notice.detention_started_on:
        errors["expected_release_on"] = [
            _("De verwachte invrijheidstelling kan niet vóór het begin van de detentie liggen.")
        ]
    elif expected_release_on == notice.expected_release_on:
        errors["expected_release_on"] = [_("Dit is al de verwachte datum van invrijheidstelling.")]
    if not reason:
        errors["reason"] = [_("Geef aan waarom de datum verandert.")]
    elif len(reason) > MAX_REASON:
        errors["reason"] = [_("Gebruik ten hoogste %(max)d tekens.") % {"max": MAX_REASON}]
    if errors:
        raise ValidationError(errors)
    claim_version(notice, expected=expected_version, actor=actor, what=THE_NOTICE)
    old = notice.expected_release_on
    notice.expected_release_on = expected_release_on
    notice.save(update_fields=["expected_release_on"])
    description = _("Verwachte invrijheidstelling verplaatst van %(old)s naar %(new)s") % {
        "old": _day(old),
        "new": _day(expected_release_on),
    }
    _event(
        notice,
        actor,
        description,
        old_release_on=old,
        new_release_on=expected_release_on,
        reason=reason,
    )
    _log(actor, notice, AccessAction.CHANGE, description)
    return notice


# --- The quickscan ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConditionAnswer:
    status: str
    note: str = ""


@transaction.atomic
def save_quickscan(
    *,
    actor: User,
    notice: DetentionNotice,
    expected_version: int | None,
    conditions: Mapping[str, ConditionAnswer],
    already_known: str,
    concerns: str,
    to_be_discussed: bool,
) -> Quickscan:
    """Fill in the quickscan: the ZVH or the detainee's own re-integratieofficier.

    Version-checked: two people filling in the same quickscan never overwrite each other.
    """
    if not may_fill_quickscan(actor, notice):
        raise PermissionDenied(
            _(
                "Alleen het Zorg- en Veiligheidshuis en de eigen re-integratieofficier vullen de "
                "quickscan in."
            )
        )
    errors: dict[str, list[str]] = {}
    for code in Condition.values:
        answer = conditions.get(code)
        if answer is None or answer.status not in ConditionStatus.values:
            errors[f"{code}_status"] = [_("Kies op orde, niet op orde of onbekend.")]
        elif len(answer.note) > MAX_NOTE:
            errors[f"{code}_note"] = [_("Gebruik ten hoogste %(max)d tekens.") % {"max": MAX_NOTE}]
    if already_known not in YesNoUnknown.values:
        errors["already_known"] = [_("Kies ja, nee of onbekend.")]
    if len(concerns) > MAX_CONCERNS:
        errors["concerns"] = [_("Gebruik ten hoogste %(max)d tekens.") % {"max": MAX_CONCERNS}]
    if errors:
        raise ValidationError(errors)
    quickscan = Quickscan.objects.get(notice=notice)
    claim_version(quickscan, expected=expected_version, actor=actor, what=THE_QUICKSCAN)
    quickscan.already_known = already_known
    quickscan.concerns = concerns.strip()
    quickscan.to_be_discussed = to_be_discussed
    quickscan.save(update_fields=["already_known", "concerns", "to_be_discussed"])
    rows = list(quickscan.conditions.all())
    for row in rows:
        answer = conditions[row.condition]
        row.status, row.note = answer.status, answer.note.strip()
    QuickscanCondition.objects.bulk_update(rows, ["status", "note"])
    _event(notice, actor, _("Quickscan bijgewerkt"))
    _log(actor, notice, AccessAction.CHANGE, _("Quickscan bijgewerkt"))
    return quickscan


def open_conditions(quickscan: Quickscan) -> list[QuickscanCondition]:
    """The conditions not in order (niet op orde or onbekend), in the quickscan's order."""
    return [row for row in _ordered(quickscan) if row.status != ConditionStatus.OP_ORDE]


def _ordered(quickscan: Quickscan) -> list[QuickscanCondition]:
    from schakel.nazorg.models import CONDITION_ORDER

    return sorted(quickscan.conditions.all(), key=lambda row: CONDITION_ORDER[row.condition])


def shows_problems(quickscan: Quickscan) -> bool:
    """Any condition niet op orde, concerns, or marked to be discussed: a nazorg case."""
    return (
        any(row.status == ConditionStatus.NIET_OP_ORDE for row in quickscan.conditions.all())
        or bool(quickscan.concerns.strip())
        or quickscan.to_be_discussed
    )


def all_in_order(quickscan: Quickscan) -> bool:
    """Every condition op orde, no concerns, nothing to discuss: no nazorg case needed."""
    return (
        all(row.status == ConditionStatus.OP_ORDE for row in quickscan.conditions.all())
        and not quickscan.concerns.strip()
        and not quickscan.to_be_discussed
    )


# --- The outcome in one step ----------------------------------------------------------------


def _ready_for_triage(*, actor: User, notice: DetentionNotice) -> Case:
    """The notice's case, in triage: started here when it is still in intake."""
    case = Case.objects.select_for_update().get(pk=notice.case_id)
    if notice.status != NoticeStatus.OPEN:
        raise ValidationError(
            _("Over deze detentiemelding is al besloten: %(status)s.")
            % {"status": NoticeStatus(notice.status).label},
            code="decided",
        )
    if case.state in TRIAGE_SOURCE_STATES:
        start_triage(actor=actor, case=case)
        case.refresh_from_db()
    elif case.state != CaseState.IN_TRIAGE:
        raise ValidationError(
            _(
                "De casus van deze detentiemelding heeft de status ‘%(state)s’; er kan geen "
                "triagebesluit meer worden genomen."
            )
            % {"state": CaseState(case.state).label},
            code="wrong_state",
        )
    return case


@transaction.atomic
def put_on_nazorg_table(
    *,
    actor: User,
    notice: DetentionNotice,
    table: Table,
    expected_quickscan_version: int | None,
    meets_multiple_domains: bool,
    needs_multiple_chains: bool,
    impacts_system: bool,
    impacts_local_safety: bool,
    complexity: str = Rating.MIDDEN,
    risk: str = Rating.MIDDEN,
    unrest: str = Rating.LAAG,
) -> DetentionNotice:
    """Put a detainee whose quickscan shows problems on a regietafel in one step: triage is
    started when needed and decided (agenderen) through the triage service, with the
    purpose and questions taken from the quickscan. The quickscan version is the one the
    procesregisseur saw: a quickscan changed since is a conflict, not a silent decision."""
    _require_regie(actor, notice)
    quickscan = Quickscan.objects.select_for_update().get(notice=notice)
    claim_version(quickscan, expected=expected_quickscan_version, actor=actor, what=THE_QUICKSCAN)
    if not shows_problems(quickscan):
        raise ValidationError(
            _(
                "De quickscan toont geen basisvoorwaarde die niet op orde is, geen zorgen en geen "
                "wens tot bespreken; sluit de melding af als er geen nazorgcasus nodig is."
            ),
            code="no_problems",
        )
    case = _ready_for_triage(actor=actor, notice=notice)
    problems = [
        str(row.get_condition_display()).lower()
        for row in open_conditions(quickscan)
        if row.status == ConditionStatus.NIET_OP_ORDE
    ]
    release = _day(notice.expected_release_on)
    findings = _("niet op orde: %(list)s") % {"list": ", ".join(problems)} if problems else ""
    if quickscan.concerns.strip():
        findings = "; ".join(
            part for part in (findings, _("zorgen: %(c)s") % {"c": quickscan.concerns}) if part
        )
    decide_triage(
        actor=actor,
        case=case,
        meets_multiple_domains=meets_multiple_domains,
        needs_multiple_chains=needs_multiple_chains,
        impacts_system=impacts_system,
        impacts_local_safety=impacts_local_safety,
        o3mp_applied=False,
        o3mp_ondoorgrondelijk=False,
        o3mp_ongrijpbaar=False,
        o3mp_ontwrichtend=False,
        complexity=complexity,
        risk=risk,
        unrest=unrest,
        outcome=TriageOutcome.AGENDEREN,
        reason=(_("Quickscan nazorg: %(findings)s.") % {"findings": findings or _("bespreken")})[
            :2000
        ],
        table=table,
        purpose=_(
            "Nazorg en re-integratie: de basisvoorwaarden op orde vóór de invrijheidstelling "
            "op %(release)s (niet met lege handen naar buiten)."
        )
        % {"release": release},
        questions=(
            _("Wie regelt wat vóór %(release)s? Bespreken vóór %(discuss)s. %(findings)s")
            % {
                "release": release,
                "discuss": _day(discuss_before(notice.expected_release_on)),
                "findings": findings.capitalize(),
            }
        ).strip()[:2000],
    )
    notice.status = NoticeStatus.NAZORGTAFEL
    notice.save(update_fields=["status"])
    description = _("Op %(table)s gezet") % {"table": table}
    _event(notice, actor, description)
    _log(actor, notice, AccessAction.CHANGE, description)
    return notice


@transaction.atomic
def close_without_aftercare(
    *, actor: User, notice: DetentionNotice, expected_quickscan_version: int | None
) -> DetentionNotice:
    """Close, in one step, a detainee whose quickscan is all in order with no concerns:
    triage decides 'niet in behandeling' (geen nazorgcasus nodig)."""
    _require_regie(actor, notice)
    quickscan = Quickscan.objects.select_for_update().get(notice=notice)
    claim_version(quickscan, expected=expected_quickscan_version, actor=actor, what=THE_QUICKSCAN)
    if not all_in_order(quickscan):
        raise ValidationError(
            _(
                "Alleen een quickscan met alle basisvoorwaarden op orde, zonder zorgen en "
                "zonder wens tot bespreken kan zonder nazorgcasus worden afgesloten."
            ),
            code="not_in_order",
        )
    case = _ready_for_triage(actor=actor, notice=notice)
    decide_triage(
        actor=actor,
        case=case,
        meets_multiple_domains=False,
        needs_multiple_chains=False,
        impacts_system=False,
        impacts_local_safety=False,
        o3mp_applied=False,
        o3mp_ondoorgrondelijk=False,
        o3mp_ongrijpbaar=False,
        o3mp_ontwrichtend=False,
        complexity=Rating.LAAG,
        risk=Rating.LAAG,
        unrest=Rating.LAAG,
        outcome=TriageOutcome.NIET_IN_BEHANDELING,
        reason=_(
            "Quickscan nazorg: alle basisvoorwaarden op orde, geen zorgen; geen nazorgcasus nodig."
        ),
    )
    notice.status = NoticeStatus.GEEN_NAZORG
    notice.save(update_fields=["status"])
    _event(notice, actor, _("Afgesloten: geen nazorgcasus nodig"))
    _log(actor, notice, AccessAction.CHANGE, _("Afgesloten: geen nazorgcasus nodig"))
    return notice
