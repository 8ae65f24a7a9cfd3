"""What the retention job removes, what it keeps, and what it records."""

import datetime

import pytest
from django.utils import timezone

from schakel.access.models import AccessLogEntry
from schakel.accounts.models import SecurityEvent, SecurityEventKind
from schakel.cases import services as case_services
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case, CasePerson, CaseTransition
from schakel.closure import services as closure
from schakel.closure.models import CaseEvaluation, Closure
from schakel.followup.models import Action
from schakel.inquiries.models import InformationRequest
from schakel.meetings.models import AgendaItem, Meeting
from schakel.notifications.models import Notification
from schakel.persons.models import Person
from schakel.plans.models import Plan, PlanVersion
from schakel.referrals.models import Referral
from schakel.retention.models import (
    AgeGroup,
    RetainedCaseStatistic,
    RetentionPolicy,
    RetentionRun,
    RunTrigger,
)
from schakel.retention.selectors import cases_per_year, months_before
from schakel.retention.services import apply_retention
from schakel.triage.models import TriageDecision
from tests.builders import case_in_uitvoering, reported_case
from tests.factories import add_person
from tests.retention.helpers import closed_months_ago, stored_rows, worked_case


def run(region, **kwargs):
    return apply_retention(region=region, started_via=RunTrigger.COMMAND, **kwargs)


def test_an_expired_case_goes_with_everything_held_on_it(expired_case, region, table):
    case_pk, reference = expired_case.pk, expired_case.reference
    person = expired_case.case_persons.get().person
    plan_pk = Plan.objects.get(case=expired_case).pk
    meeting_pk = expired_case.agenda_items.get().meeting_id
    assert Notification.objects.filter(case_id=case_pk).exists()

    report = run(region)

    assert not Case.objects.filter(pk=case_pk).exists()
    assert not Person.objects.filter(pk=person.pk).exists()
    for model in (
        CasePerson,
        Referral,
        InformationRequest,
        TriageDecision,
        AgendaItem,
        Action,
        Closure,
        CaseEvaluation,
        CaseTransition,
    ):
        assert not model.objects.filter(case_id=case_pk).exists(), model.__name__
    assert not PlanVersion.objects.filter(plan_id=plan_pk).exists()
    assert not Notification.objects.filter(case_id=case_pk).exists()
    assert not Notification.objects.filter(reference=reference).exists()
    # The sitting itself is the table's, not the case's: it stays without the agenda item.
    assert Meeting.objects.filter(pk=meeting_pk).exists()

    assert report.case_references == [reference]
    assert report.counts["cases"] == 1 and report.counts["persons"] == 1
    assert report.counts["referrals"] == 1 and report.counts["information_requests"] == 1
    assert report.counts["agenda_items"] == 1 and report.counts["plan_versions"] == 1
    assert report.counts["notifications"] >= 1


def test_the_statistic_row_keeps_the_figures_without_the_person(expired_case, region, table):
    main_person = expired_case.case_persons.get().person
    triage = expired_case.triages.get()
    agreed = PlanVersion.objects.get(plan__case=expired_case).agreed_at
    closed_on = timezone.localdate(expired_case.state_changed_at)

    run(region)

    statistic = RetainedCaseStatistic.objects.get()
    assert statistic.region == region and statistic.table == table
    assert statistic.municipality_id == expired_case.municipality_id
    assert statistic.year == timezone.localtime(expired_case.created_at).year
    assert statistic.referral_source == "veldaanmelding"
    assert statistic.received_on == datetime.date(2025, 3, 14)
    assert statistic.triage_outcome == triage.outcome
    assert statistic.triaged_on == timezone.localdate(triage.decided_at)
    assert statistic.plan_agreed_on == timezone.localdate(agreed)
    assert statistic.closed_on == closed_on
    assert statistic.final_state == CaseState.AFGESLOTEN
    assert statistic.main_goal_outcome == "deels_behaald"
    # Born 17 May 1988, reported 14 March 2025: 36 years old.
    assert statistic.age_group == AgeGroup.FROM_30
    assert statistic.gender == main_person.gender
    names = {f.name for f in RetainedCaseStatistic._meta.get_fields()}
    assert not names & {"case", "case_ref", "reference", "person", "person_ref", "title"}


def test_open_and_recently_closed_cases_stay_whole(expired_case, recent_case, case, region):
    open_rows = stored_rows(case)
    recent_rows = stored_rows(recent_case)

    report = run(region)

    assert report.case_references == [expired_case.reference]
    assert stored_rows(case) == open_rows
    assert stored_rows(recent_case) == recent_rows
    assert Case.objects.filter(pk__in=[case.pk, recent_case.pk]).count() == 2


def test_a_person_still_in_a_live_case_stays(expired_case, case, region):
    shared = expired_case.case_persons.get().person
    add_person(case, shared, role="slachtoffer")

    report = run(region)

    assert Person.objects.filter(pk=shared.pk).exists()
    assert CasePerson.objects.filter(person=shared, case=case).exists()
    assert not CasePerson.objects.filter(case_id=expired_case.pk).exists()
    assert report.counts["persons"] == 0


def test_a_person_in_another_closed_case_not_yet_due_stays(expired_case, recent_case, region):
    shared = expired_case.case_persons.get().person
    add_person(recent_case, shared, role="pleger")

    run(region)

    assert Person.objects.filter(pk=shared.pk).exists()
    assert not Case.objects.filter(pk=expired_case.pk).exists()


def test_a_case_reopened_by_a_her_melding_is_not_removed(expired_case, region, procesregisseur):
    case_services.transition_case(
        case=expired_case, to_state=CaseState.AANGEMELD, actor=procesregisseur, reason="Her-melding"
    )

    report = run(region)

    assert report.case_references == []
    assert Case.objects.filter(pk=expired_case.pk).exists()


def test_the_access_log_keeps_its_rows_without_the_links(expired_case, region):
    case_pk = expired_case.pk
    person_pk = expired_case.case_persons.get().person_id
    about_case = set(AccessLogEntry.objects.filter(case_id=case_pk).values_list("pk", flat=True))
    about_person = set(
        AccessLogEntry.objects.filter(person_id=person_pk).values_list("pk", flat=True)
    )
    assert about_case and about_person

    report = run(region)

    rows = AccessLogEntry.objects.filter(pk__in=about_case | about_person)
    assert rows.count() == len(about_case | about_person)
    assert not rows.filter(case_id__isnull=False).exists()
    assert not rows.filter(person_id__isnull=False).exists()
    assert set(rows.filter(case_ref=case_pk).values_list("pk", flat=True)) == about_case
    assert set(rows.filter(person_ref=person_pk).values_list("pk", flat=True)) == about_person
    assert report.counts["access_log_unlinked"] == len(about_case | about_person)


def test_cases_per_year_are_the_same_after_the_removal(
    expired_case, recent_case, case, region, other_region
):
    before = cases_per_year()
    assert sum(before.values()) == 3

    run(region)

    assert Case.objects.count() == 2
    assert cases_per_year() == before
    assert cases_per_year(region_ids=[region.pk]) == before
    assert cases_per_year(region_ids=[other_region.pk]) == {}


def test_a_dry_run_changes_nothing_and_counts_what_would_go(expired_case, recent_case, region):
    before = stored_rows()

    dry = run(region, dry_run=True)

    assert stored_rows() == before
    assert not RetentionRun.objects.exists()
    assert not RetainedCaseStatistic.objects.exists()
    real = run(region)
    assert dry.counts == real.counts
    assert dry.case_references == real.case_references == [expired_case.reference]


def test_a_person_of_two_expired_cases_goes_once_also_in_the_dry_run(
    expired_case, recent_case, region
):
    shared = expired_case.case_persons.get().person
    add_person(recent_case, shared, role="pleger")
    closed_months_ago(recent_case, 26)  # now due first, the shared person still linked

    dry = run(region, dry_run=True)
    real = run(region)

    assert not Person.objects.exists()
    assert dry.counts["persons"] == real.counts["persons"] == 2
    assert dry.counts == real.counts


def test_a_run_is_recorded_with_its_counts_and_a_security_event(expired_case, region):
    report = run(region)

    recorded = RetentionRun.objects.get()
    assert recorded == report.run
    assert recorded.region == region and recorded.started_via == RunTrigger.COMMAND
    assert recorded.finished_at is not None
    assert recorded.case_references == [expired_case.reference]
    assert recorded.counts["cases"] == 1 and recorded.counts["persons"] == 1
    assert (recorded.case_months, recorded.access_log_years) == (24, 5)
    event = SecurityEvent.objects.get(kind=SecurityEventKind.RETENTION_APPLIED)
    assert f"ronde {recorded.pk}" in event.detail and "cases 1" in event.detail
    # The record names no person.
    assert expired_case.case_persons.model.objects.count() == 0
    assert "Fictief-Verlopen" not in str(recorded.counts) + str(recorded.case_references)


def test_an_empty_run_is_recorded_too(region):
    report = run(region)
    assert report.run.counts == {} and report.run.case_references == []


def test_the_region_period_decides(expired_case, recent_case, region):
    RetentionPolicy.objects.create(region=region, case_months=22)
    report = run(region)
    assert sorted(report.case_references) == sorted([expired_case.reference, recent_case.reference])


def test_another_region_is_untouched(expired_case, region, other_region):
    report = apply_retention(region=other_region, started_via=RunTrigger.COMMAND)
    assert report.case_references == []
    assert Case.objects.filter(pk=expired_case.pk).exists()


def test_a_case_merged_into_an_expired_case_goes_with_it(
    partner_user, municipality, table, procesregisseur, region, politie
):
    target = reported_case(reporter=partner_user, municipality=municipality, last_name="Doel")
    target = case_in_uitvoering(target, table=table, actor=procesregisseur, intervention_by=politie)
    duplicate = reported_case(reporter=partner_user, municipality=municipality, last_name="Dubbel")
    case_services.merge_case(
        actor=procesregisseur, case=duplicate, into=target, reason="Zelfde gezin"
    )
    closure.close_case(case=target, actor=procesregisseur, outcome="behaald", reason="Klaar")
    closed_months_ago(target, 30)
    # The merged case was closed (samengevoegd) long ago too, but it goes only with its target.
    assert Case.objects.get(pk=duplicate.pk).state == CaseState.SAMENGEVOEGD

    report = run(region)

    assert sorted(report.case_references) == sorted([target.reference, duplicate.reference])
    assert not Case.objects.filter(pk__in=[target.pk, duplicate.pk]).exists()
    assert not Person.objects.exists()
    assert RetainedCaseStatistic.objects.filter(final_state=CaseState.SAMENGEVOEGD).count() == 1


def test_a_merged_case_of_a_running_case_stays(
    partner_user, municipality, table, procesregisseur, region, politie
):
    target = reported_case(reporter=partner_user, municipality=municipality, last_name="Doel")
    target = case_in_uitvoering(target, table=table, actor=procesregisseur, intervention_by=politie)
    duplicate = reported_case(reporter=partner_user, municipality=municipality, last_name="Dub")
    case_services.merge_case(actor=procesregisseur, case=duplicate, into=target, reason="Zelfde")
    Case.objects.filter(pk=duplicate.pk).update(
        state_changed_at=timezone.now() - datetime.timedelta(days=3650)
    )

    report = run(region)

    assert report.case_references == []
    assert Case.objects.filter(pk__in=[target.pk, duplicate.pk]).count() == 2


@pytest.mark.parametrize(("minutes", "due"), [(1, False), (-1, True)])
def test_the_period_boundary(
    partner_user, municipality, table, procesregisseur, region, minutes, due
):
    case = worked_case(
        reporter=partner_user,
        municipality=municipality,
        table=table,
        procesregisseur=procesregisseur,
        partner=partner_user,
        last_name="Grens",
    )
    closed = months_before(timezone.now(), 24) + datetime.timedelta(minutes=minutes)
    Case.objects.filter(pk=case.pk).update(state_changed_at=closed)
    report = run(region)
    assert (report.case_references == [case.reference]) is due
