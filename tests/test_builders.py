"""The builders leave a case exactly where the application would: with its history."""

from schakel.access.policy import can_see_case
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import CaseParticipant, CaseTransition, ParticipationReason
from schakel.followup.models import Action
from schakel.plans.models import Plan
from schakel.referrals.models import Referral
from schakel.triage.models import TriageDecision
from tests.builders import (
    action_for,
    case_at_table,
    case_in_uitvoering,
    invited,
    on_agenda,
    reported_case,
    started_meeting,
)


def transitions(case):
    return list(
        CaseTransition.objects.filter(case=case)
        .order_by("pk")
        .values_list("from_state", "to_state")
    )


def test_reported_case_has_its_melding_and_melder(partner_user, politie, municipality):
    case = reported_case(reporter=partner_user, municipality=municipality)

    assert case.state == CaseState.AANGEMELD
    assert Referral.objects.get(case=case).reported_by == partner_user
    assert CaseParticipant.objects.filter(
        case=case, organisation=politie, reason=ParticipationReason.MELDER
    ).exists()
    assert can_see_case(partner_user, case)


def test_case_at_table_has_its_decision_transitions_and_plan(case, table, procesregisseur):
    case_at_table(case, table=table, actor=procesregisseur)

    assert (case.state, case.table, case.procesregisseur) == (
        CaseState.GEAGENDEERD,
        table,
        procesregisseur,
    )
    assert TriageDecision.objects.get(case=case).table == table
    assert transitions(case)[-2:] == [
        (CaseState.AANGEMELD, CaseState.IN_TRIAGE),
        (CaseState.IN_TRIAGE, CaseState.GEAGENDEERD),
    ]
    assert Plan.objects.filter(case=case).exists()


def test_invited_organisation_reads_the_case_it_is_invited_for(
    case, table, procesregisseur, ggz, ggz_user
):
    case_at_table(case, table=table, actor=procesregisseur)
    item = on_agenda(started_meeting(table), case, actor=procesregisseur)
    assert not can_see_case(ggz_user, case)

    invited(item, [ggz], actor=procesregisseur)

    assert list(item.invited_organisations.all()) == [ggz]
    assert can_see_case(ggz_user, case)


def test_case_in_uitvoering_has_an_agreed_plan_and_an_intervention_holder(
    case, table, procesregisseur, ggz
):
    case_in_uitvoering(case, table=table, actor=procesregisseur, intervention_by=ggz)

    assert case.state == CaseState.IN_UITVOERING
    assert Plan.objects.get(case=case).versions.count() == 1
    assert transitions(case)[-1] == (CaseState.GEAGENDEERD, CaseState.IN_UITVOERING)
    assert CaseParticipant.objects.filter(
        case=case, organisation=ggz, reason=ParticipationReason.INTERVENTIE, ended_at=None
    ).exists()


def test_action_for_goes_through_the_followup_service(case, table, procesregisseur, ggz):
    case_in_uitvoering(case, table=table, actor=procesregisseur, intervention_by=ggz)

    action = action_for(case, ggz, actor=procesregisseur)

    assert Action.objects.get() == action
    assert action.created_by == procesregisseur
    assert CaseParticipant.objects.filter(
        case=case, organisation=ggz, reason=ParticipationReason.ACTIE
    ).exists()
