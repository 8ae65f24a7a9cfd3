"""Writes of retention: the region's periods, and the removal of personal data whose
period has ended (PRODUCT.md section 14).

What goes when a closed case's period has ended: the case itself with everything the
apps below hold on it (persons' links, meldingen, information requests and answers,
triage, the plan with its versions, agenda items with their minutes, actions,
escalations, progress reports, de-escalation, closure and evaluation, messages that
name it), and every person no remaining case names. What stays: one anonymous
RetainedCaseStatistic row per removed case, and the access log, whose rows lose their
link to the removed case or person but keep case_ref and person_ref. Access-log rows
older than the log period are deleted by the same job; the database triggers (access
migration 0005) allow exactly that and refuse every other delete.
"""

from __future__ import annotations

import datetime
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.access import partitions
from schakel.access.log import record_access
from schakel.access.models import AccessAction, AccessLogEntry
from schakel.access.policy import require_role
from schakel.access.rules import RETENTION_POLICY_ROLES
from schakel.accounts.models import SecurityEventKind
from schakel.accounts.services import record_security_event
from schakel.cases.lifecycle import CLOSED_STATES
from schakel.cases.models import Case, CasePerson, PersonRole
from schakel.closure.models import CaseEvaluation, Closure, DeEscalation
from schakel.core.concurrency import claim_version
from schakel.followup.models import Action, Escalation, ProgressMeasurement
from schakel.inquiries.models import InformationRequest
from schakel.meetings.models import AgendaItem
from schakel.organisations.models import Region
from schakel.persons.models import Person
from schakel.plans.models import InterventionUpdate, Plan, PlanVersion
from schakel.referrals.models import Referral
from schakel.retention import selectors, signals
from schakel.retention.models import (
    MAX_ACCESS_LOG_YEARS,
    MAX_CASE_MONTHS,
    MIN_ACCESS_LOG_YEARS,
    MIN_CASE_MONTHS,
    AgeGroup,
    RetainedCaseStatistic,
    RetentionPolicy,
    RetentionRun,
    RunTrigger,
)
from schakel.triage.models import TriageDecision

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from schakel.accounts.models import User

POLICY = gettext_lazy("de bewaartermijnen")

# Every kind of data the job counts, in the order the reports show them.
KIND_LABELS: dict[str, StrOrPromise] = {
    "cases": gettext_lazy("Casussen"),
    "persons": gettext_lazy("Betrokkenen"),
    "case_persons": gettext_lazy("Koppelingen van betrokkenen aan casussen"),
    "referrals": gettext_lazy("Meldingen"),
    "information_requests": gettext_lazy("Informatieverzoeken en antwoorden"),
    "triage_decisions": gettext_lazy("Triagebesluiten"),
    "plans": gettext_lazy("Plannen van aanpak"),
    "plan_versions": gettext_lazy("Vastgestelde versies van plannen"),
    "progress_reports": gettext_lazy("Voortgangsrapportages"),
    "agenda_items": gettext_lazy("Agendapunten met verslag"),
    "actions": gettext_lazy("Acties"),
    "escalations": gettext_lazy("Opschalingen"),
    "measurements": gettext_lazy("Stappenmetingen"),
    "deescalations": gettext_lazy("Afschaalchecklists"),
    "closures": gettext_lazy("Afsluitingen"),
    "evaluations": gettext_lazy("Evaluaties"),
    "notifications": gettext_lazy("Berichten in de app"),
    "access_log_unlinked": gettext_lazy("Toegangslogregels losgekoppeld (blijven bewaard)"),
    "access_log_deleted": gettext_lazy("Toegangslogregels verwijderd (termijn verstreken)"),
}


# --- the region's periods ------------------------------------------------------------------


def _check_range(name: str, value: int, low: int, high: int, unit: str) -> None:
    if not low <= value <= high:
        raise ValidationError(
            {
                name: _("Kies een termijn van %(low)s tot en met %(high)s %(unit)s.")
                % {"low": low, "high": high, "unit": unit}
            }
        )


@transaction.atomic
def set_retention_policy(
    *,
    actor: User,
    case_months: int,
    access_log_years: int,
    expected_version: int | None = None,
) -> RetentionPolicy:
    """The beheerder records the periods of the region's convenant. A change is logged in
    the access log (as every beheer change) and as a security event: a shorter period
    removes data sooner, so it must never pass unseen."""
    require_role(actor, *RETENTION_POLICY_ROLES)
    if actor.region_id is None:
        raise ValidationError(_("Uw account hoort niet bij een regio."))
    _check_range("case_months", case_months, MIN_CASE_MONTHS, MAX_CASE_MONTHS, _("maanden"))
    _check_range(
        "access_log_years",
        access_log_years,
        MIN_ACCESS_LOG_YEARS,
        MAX_ACCESS_LOG_YEARS,
        _("jaar"),
    )
    policy, _created = RetentionPolicy.objects.select_for_update().get_or_create(
        region_id=actor.region_id
    )
    before = (policy.case_months, policy.access_log_years)
    claim_version(policy, expected=expected_version, actor=actor, what=POLICY)
    policy.case_months, policy.access_log_years = case_months, access_log_years
    policy.save(update_fields=["case_months", "access_log_years"])
    if before != (case_months, access_log_years):
        change = (
            f"casusgegevens {before[0]} -> {case_months} maanden, "
            f"toegangslog {before[1]} -> {access_log_years} jaar"
        )
        record_access(
            actor=actor, action=AccessAction.CHANGE, obj=policy, detail=f"gewijzigd: {change}"
        )
        record_security_event(
            kind=SecurityEventKind.RETENTION_CHANGED,
            user=actor,
            actor=actor,
            detail=f"{policy.region.code}: {change}",
        )
    return policy


# --- what is due ----------------------------------------------------------------------------


@dataclass
class RegionReport:
    """What one region's run removed (or, on a dry run, would remove)."""

    region: Region
    dry_run: bool
    case_months: int
    access_log_years: int
    cases_closed_before: datetime.datetime
    counts: Counter[str] = field(default_factory=Counter)
    case_references: list[str] = field(default_factory=list)
    run: RetentionRun | None = None
    # The cases this run removed so far (on a dry run: would have removed). A person they
    # shared with a later case goes with that later case, on a dry run as in a real one.
    removed_case_ids: set[int] = field(default_factory=set)

    def lines(self) -> list[tuple[str, int]]:
        """(label, number) for every kind with something in it, in a fixed order."""
        return [
            (str(label), self.counts[kind])
            for kind, label in KIND_LABELS.items()
            if self.counts[kind]
        ]


def _merged_group(root: Case) -> list[Case]:
    """The case and every case merged into it, directly or through another: they go
    together (a samengevoegd case lives on in its target and has nothing of its own). In
    breadth-first order, so reversed it lists every case before the one it was merged into."""
    group, queue = [root], deque([root.pk])
    while queue:
        merged = list(Case.objects.filter(merged_into_id=queue.popleft()).order_by("pk"))
        group.extend(merged)
        queue.extend(case.pk for case in merged)
    return group


def _persons_of(case_ids: list[int]) -> set[int]:
    named = set(CasePerson.objects.filter(case_id__in=case_ids).values_list("person_id", flat=True))
    named |= set(
        InformationRequest.persons.through.objects.filter(
            informationrequest__case_id__in=case_ids
        ).values_list("person_id", flat=True)
    )
    return named


def _with_merged_records(person_id: int) -> list[int]:
    """The person and the records merged into it (directly or through another), each
    merged record before the one it was merged into: the order they can be deleted in."""
    family, queue = [person_id], deque([person_id])
    while queue:
        merged = list(
            Person.objects.filter(merged_into_id=queue.popleft()).values_list("pk", flat=True)
        )
        family.extend(merged)
        queue.extend(merged)
    return list(reversed(family))


def _linked_outside(person_ids: set[int], case_ids: list[int]) -> set[int]:
    """Of these persons, those a case outside `case_ids` names (as betrokkene or in an
    information request): they stay."""
    linked = set(
        CasePerson.objects.filter(person_id__in=person_ids)
        .exclude(case_id__in=case_ids)
        .values_list("person_id", flat=True)
    )
    linked |= set(
        InformationRequest.persons.through.objects.filter(person_id__in=person_ids)
        .exclude(informationrequest__case_id__in=case_ids)
        .values_list("person_id", flat=True)
    )
    return linked


def _removable_persons(case_ids: list[int], gone: set[int]) -> list[int]:
    """The persons of these cases whom no other case (but those in `gone`) names, with the
    person records merged into them, in an order that deletes a merged record first."""
    candidates = _persons_of(case_ids)
    going = [*case_ids, *gone]
    removable: list[int] = []
    for person_id in sorted(candidates - _linked_outside(candidates, going)):
        if person_id in removable:
            continue
        family = _with_merged_records(person_id)
        if _linked_outside(set(family), going):
            continue  # a merged record is still named elsewhere: keep the whole family
        removable.extend(pk for pk in family if pk not in removable)
    return removable


def _count(case_ids: list[int], person_ids: list[int]) -> Counter[str]:
    """What removing these cases and persons takes away, per kind."""
    by_case = Q(case_id__in=case_ids)
    plans = Plan.objects.filter(by_case)
    return Counter(
        {
            "cases": len(case_ids),
            "persons": len(person_ids),
            "case_persons": CasePerson.objects.filter(by_case).count(),
            "referrals": Referral.objects.filter(by_case).count(),
            "information_requests": InformationRequest.objects.filter(by_case).count(),
            "triage_decisions": TriageDecision.objects.filter(by_case).count(),
            "plans": plans.count(),
            "plan_versions": PlanVersion.objects.filter(plan__in=plans).count(),
            "progress_reports": InterventionUpdate.objects.filter(
                intervention__plan__in=plans
            ).count(),
            "agenda_items": AgendaItem.objects.filter(by_case).count(),
            "actions": Action.objects.filter(by_case).count(),
            "escalations": Escalation.objects.filter(by_case).count(),
            "measurements": ProgressMeasurement.objects.filter(by_case).count(),
            "deescalations": DeEscalation.objects.filter(by_case).count(),
            "closures": Closure.objects.filter(by_case).count(),
            "evaluations": CaseEvaluation.objects.filter(by_case).count(),
            "access_log_unlinked": AccessLogEntry.objects.filter(
                Q(case_id__in=case_ids) | Q(person_id__in=person_ids)
            ).count(),
        }
    )


def _age_group(birth_date: datetime.date | None, on: datetime.date) -> str:
    if birth_date is None:
        return AgeGroup.UNKNOWN
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    for limit, group in (
        (12, AgeGroup.UNDER_12),
        (18, AgeGroup.FROM_12),
        (24, AgeGroup.FROM_18),
        (30, AgeGroup.FROM_24),
        (50, AgeGroup.FROM_30),
    ):
        if age < limit:
            return group
    return AgeGroup.FROM_50


def _statistic(case: Case, run: RetentionRun) -> RetainedCaseStatistic:
    """What the reports still count of this case once it is gone: no person, no reference."""
    first_referral = (
        Referral.objects.filter(Q(case=case, merged_from__isnull=True) | Q(merged_from=case))
        .order_by("received_on", "pk")
        .first()
    )
    triage = TriageDecision.objects.filter(case=case).order_by("-decided_at", "-pk").first()
    first_version = PlanVersion.objects.filter(plan__case=case).order_by("agreed_at", "pk").first()
    closure = Closure.objects.filter(case=case).order_by("-closed_at", "-pk").first()
    main = (
        CasePerson.objects.filter(case=case, role=PersonRole.HOOFDPERSOON)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    received_on = first_referral.received_on if first_referral else None
    came_in = received_on or timezone.localdate(case.created_at)
    return RetainedCaseStatistic(
        region_id=case.region_id,
        municipality_id=case.municipality_id,
        table_id=case.table_id,
        case_kind=case.kind,
        final_state=case.state,
        year=timezone.localtime(case.created_at).year,
        referral_source=first_referral.source if first_referral else "",
        triage_outcome=triage.outcome if triage else "",
        received_on=received_on,
        triaged_on=timezone.localdate(triage.decided_at) if triage else None,
        plan_agreed_on=timezone.localdate(first_version.agreed_at) if first_version else None,
        closed_on=timezone.localdate(case.state_changed_at),
        main_goal_outcome=closure.outcome if closure else "",
        age_group=_age_group(main.person.birth_date, came_in) if main else AgeGroup.UNKNOWN,
        gender=main.person.gender if main else "",
        removed_in=run,
    )


def _delete_group(group: list[Case], person_ids: list[int]) -> None:
    case_ids = [case.pk for case in group]
    # Agenda items protect their case (a meeting's agenda must not lose a case by
    # accident), and a melding protects the case it was merged from: both go first.
    AgendaItem.objects.filter(case_id__in=case_ids).delete()
    Referral.objects.filter(case_id__in=case_ids).delete()
    # Every case before the one it was merged into. The access log's rows lose their link
    # (on_delete=SET_NULL, the one update its triggers allow) and keep case_ref.
    for case in reversed(group):
        Case.objects.filter(pk=case.pk).delete()
    for person_id in person_ids:
        Person.objects.filter(pk=person_id).delete()


def _remove_case(root_pk: int, report: RegionReport) -> None:
    """Remove one due case with the cases merged into it, in one transaction: a failure
    leaves it whole. Checked again under the row lock: a her-melding may have reopened it."""
    with transaction.atomic():
        root = (
            Case.objects.select_for_update()
            .filter(
                pk=root_pk,
                state__in=CLOSED_STATES,
                state_changed_at__lt=report.cases_closed_before,
            )
            .first()
        )
        if root is None:
            return
        group = _merged_group(root)
        case_ids = [case.pk for case in group]
        person_ids = _removable_persons(case_ids, report.removed_case_ids)
        counts = _count(case_ids, person_ids)
        for _receiver, removed in signals.removing_case_data.send(
            sender=Case, cases=group, dry_run=report.dry_run
        ):
            counts.update(removed or {})
        report.counts.update(counts)
        report.case_references.extend(case.reference for case in group)
        report.removed_case_ids.update(case_ids)
        if report.dry_run:
            return
        assert report.run is not None
        RetainedCaseStatistic.objects.bulk_create([_statistic(case, report.run) for case in group])
        _delete_group(group, person_ids)


def _delete_expired_log(
    report: RegionReport, policy: RetentionPolicy, now: datetime.datetime
) -> None:
    expired = selectors.expired_log_entries(
        region=report.region, written_before=selectors.access_log_written_before(policy, now)
    )
    if report.dry_run:
        report.counts["access_log_deleted"] += expired.count()
        return
    with transaction.atomic():
        # A queryset delete: AccessLogEntry.delete() refuses one row at a time on purpose.
        deleted, _per_model = expired.delete()
    report.counts["access_log_deleted"] += deleted


def apply_retention(
    *,
    region: Region,
    started_via: RunTrigger | str,
    started_by: User | None = None,
    dry_run: bool = False,
    log_rows_dropped: int = 0,
) -> RegionReport:
    """Remove the region's personal data whose period has ended, and record the run.

    A dry run counts what would go and writes nothing. A real run removes case by case,
    each in its own transaction, records a RetentionRun with the counts and the removed
    case references, and a security event. `log_rows_dropped` are the region's access-log
    rows already removed with their month (apply_retention_everywhere).
    """
    now = timezone.now()
    policy = selectors.policy_for(region)
    report = RegionReport(
        region=region,
        dry_run=dry_run,
        case_months=policy.case_months,
        access_log_years=policy.access_log_years,
        cases_closed_before=selectors.cases_closed_before(policy, now),
    )
    report.counts["access_log_deleted"] += log_rows_dropped
    if not dry_run:
        report.run = RetentionRun.objects.create(
            region=region,
            started_via=started_via,
            started_by=started_by,
            case_months=policy.case_months,
            access_log_years=policy.access_log_years,
            cases_closed_before=report.cases_closed_before,
        )
    due = selectors.due_cases(region=region, closed_before=report.cases_closed_before)
    try:
        for pk in list(due.values_list("pk", flat=True)):
            _remove_case(pk, report)
        _delete_expired_log(report, policy, now)
    finally:
        if report.run is not None:
            _finish(report)
    return report


def _finish(report: RegionReport) -> None:
    run = report.run
    assert run is not None
    run.finished_at = timezone.now()
    run.counts = {kind: report.counts[kind] for kind in KIND_LABELS if report.counts[kind]}
    run.case_references = report.case_references
    run.save(update_fields=["finished_at", "counts", "case_references"])
    summary = ", ".join(f"{kind} {number}" for kind, number in run.counts.items()) or "niets"
    record_security_event(
        kind=SecurityEventKind.RETENTION_APPLIED,
        actor=run.started_by,
        username=run.started_by.username if run.started_by else "",
        detail=f"{report.region.code}, ronde {run.pk}: {summary}",
    )


def apply_retention_everywhere(
    *,
    started_via: RunTrigger | str,
    started_by: User | None = None,
    dry_run: bool = False,
    region_code: str | None = None,
) -> list[RegionReport]:
    """apply_retention for every region, or for the one with this code.

    A real run for every region first drops the access log's months that are past every
    region's period (on PostgreSQL, see schakel.access.partitions), which is what deleting
    their rows one by one would come to; each region's report counts its own rows among
    them. Afterwards the months ahead are made ready."""
    regions = Region.objects.order_by("name")
    if region_code:
        regions = regions.filter(code=region_code)
        if not regions.exists():
            raise ValidationError(
                _("Er is geen regio met de code %(code)s.") % {"code": region_code}
            )
    dropped = partitions.drop_expired_partitions() if not (dry_run or region_code) else {}
    reports = [
        apply_retention(
            region=region,
            started_via=started_via,
            started_by=started_by,
            dry_run=dry_run,
            log_rows_dropped=dropped.get(region.pk, 0),
        )
        for region in regions
    ]
    if not dry_run:
        partitions.ensure_partitions()
    return reports
