"""Afschalen, afsluiten and evaluatie as services: the lifecycle and nothing half-saved."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import CaseParticipant, ParticipationReason
from schakel.cases.services import transition_case
from schakel.closure import services
from schakel.closure.models import CaseEvaluation, Closure, DeEscalation, Outcome
from schakel.closure.services import ChecklistInput, EvaluationInput
from schakel.followup.models import ActionStatus
from schakel.followup.services import sync_action_holders
from schakel.referrals.services import register_rereport
from tests.factories import OrganisationFactory, RegionFactory
from tests.helpers import complete_checklist, make_action, set_state


@pytest.fixture
def wijkteam(region):
    return OrganisationFactory(region=region, name="Wijkteam Dordrecht-West", kind="wijkteam")


# --- afschalen ------------------------------------------------------------------------


def test_de_escalate_with_complete_checklist_records_the_transition(
    plan_case, procesregisseur, wijkteam
):
    transition = services.de_escalate(
        case=plan_case, actor=procesregisseur, checklist=complete_checklist(wijkteam)
    )
    plan_case.refresh_from_db()
    assert plan_case.state == CaseState.AFGESCHAALD
    assert transition.from_state == CaseState.GEAGENDEERD
    assert transition.to_state == CaseState.AFGESCHAALD
    assert transition.reason == "Afgeschaald; regie teruggelegd bij Wijkteam Dordrecht-West"
    deescalation = DeEscalation.objects.get(case=plan_case)
    assert deescalation.completed_by == procesregisseur
    assert deescalation.completed_at is not None
    assert AccessLogEntry.objects.filter(
        user=procesregisseur, case=plan_case, action=AccessAction.CHANGE
    ).exists()


def test_de_escalate_from_in_uitvoering_with_saved_concept(plan_case, procesregisseur, wijkteam):
    transition_case(
        case=plan_case, to_state=CaseState.IN_UITVOERING, actor=procesregisseur, reason="Plan"
    )
    services.save_deescalation(
        actor=procesregisseur, case=plan_case, checklist=complete_checklist(wijkteam)
    )
    services.de_escalate(case=plan_case, actor=procesregisseur)
    plan_case.refresh_from_db()
    assert plan_case.state == CaseState.AFGESCHAALD


def test_concept_may_be_partial_and_is_not_completed(plan_case, procesregisseur):
    services.save_deescalation(
        actor=procesregisseur,
        case=plan_case,
        checklist=ChecklistInput(risks_checked=True, risks_note="Risico's besproken."),
    )
    deescalation = DeEscalation.objects.get(case=plan_case)
    assert deescalation.risks_note == "Risico's besproken."
    assert deescalation.completed_at is None
    plan_case.refresh_from_db()
    assert plan_case.state == CaseState.GEAGENDEERD


def test_incomplete_checklist_refuses_de_escalate_and_saves_nothing(
    plan_case, procesregisseur, wijkteam
):
    checklist = complete_checklist(wijkteam, regie_contact="", reescalation_agreements="")
    with pytest.raises(ValidationError) as refused:
        services.de_escalate(case=plan_case, actor=procesregisseur, checklist=checklist)
    assert set(refused.value.message_dict) == {"regie_contact", "reescalation_agreements"}
    plan_case.refresh_from_db()
    assert plan_case.state == CaseState.GEAGENDEERD
    assert not DeEscalation.objects.filter(case=plan_case).exists()
    assert not plan_case.transitions.filter(to_state=CaseState.AFGESCHAALD).exists()


def test_incomplete_saved_concept_refuses_de_escalate(plan_case, procesregisseur):
    services.save_deescalation(
        actor=procesregisseur, case=plan_case, checklist=ChecklistInput(risks_checked=True)
    )
    with pytest.raises(ValidationError):
        services.de_escalate(case=plan_case, actor=procesregisseur)
    assert DeEscalation.objects.get(case=plan_case).completed_at is None
    plan_case.refresh_from_db()
    assert plan_case.state == CaseState.GEAGENDEERD


@pytest.mark.parametrize(
    "state", [CaseState.AANGEMELD, CaseState.IN_TRIAGE, CaseState.AFGESCHAALD, CaseState.AFGESLOTEN]
)
def test_de_escalate_refused_from_the_wrong_state(plan_case, procesregisseur, wijkteam, state):
    set_state(plan_case, state, procesregisseur)
    with pytest.raises(ValidationError) as refused:
        services.de_escalate(
            case=plan_case, actor=procesregisseur, checklist=complete_checklist(wijkteam)
        )
    assert "kan niet worden afgeschaald" in refused.value.messages[0]
    plan_case.refresh_from_db()
    assert plan_case.state == state
    assert not DeEscalation.objects.filter(case=plan_case).exists()


def test_regie_only_to_a_convenant_partner_of_the_region(plan_case, procesregisseur):
    elsewhere = OrganisationFactory(region=RegionFactory(), name="Wijkteam elders")
    no_convenant = OrganisationFactory(
        region=plan_case.region, name="Zonder convenant", convenant_signed_on=None
    )
    for organisation in (elsewhere, no_convenant):
        with pytest.raises(ValidationError) as refused:
            services.de_escalate(
                case=plan_case, actor=procesregisseur, checklist=complete_checklist(organisation)
            )
        assert (
            "geen actieve convenantpartner" in refused.value.message_dict["regie_organisation"][0]
        )
    plan_case.refresh_from_db()
    assert plan_case.state == CaseState.GEAGENDEERD


def test_only_procesregie_of_the_case_may_de_escalate(
    plan_case, partner_user, other_table_procesregisseur, wijkteam
):
    for user in (partner_user, other_table_procesregisseur):
        with pytest.raises(PermissionDenied):
            services.de_escalate(case=plan_case, actor=user, checklist=complete_checklist(wijkteam))
    plan_case.refresh_from_db()
    assert plan_case.state == CaseState.GEAGENDEERD


# --- afsluiten en evaluatie ---------------------------------------------------------------


@pytest.mark.parametrize(
    "state", [CaseState.GEAGENDEERD, CaseState.IN_UITVOERING, CaseState.AFGESCHAALD]
)
def test_closing_records_closure_evaluation_and_transition(plan_case, procesregisseur, state):
    if state != CaseState.GEAGENDEERD:
        set_state(plan_case, state, procesregisseur)
    closure = services.close_case(
        case=plan_case,
        actor=procesregisseur,
        outcome=Outcome.DEELS,
        reason="Woonsituatie stabiel; schulden nog niet opgelost.",
        evaluation=EvaluationInput(
            chain_worked_well=False,
            leerpunten="Schuldhulp eerder aan tafel.",
            verbetervoorstellen="Snellere toegang tot schuldhulpverlening.",
        ),
    )
    plan_case.refresh_from_db()
    assert plan_case.state == CaseState.AFGESLOTEN
    assert Closure.objects.get(case=plan_case) == closure
    assert closure.closed_by == procesregisseur
    last = plan_case.transitions.last()
    assert last.to_state == CaseState.AFGESLOTEN
    assert "deels behaald" in last.reason
    evaluation = CaseEvaluation.objects.get(case=plan_case)
    assert evaluation.chain_worked_well is False
    assert evaluation.verbetervoorstellen == "Snellere toegang tot schuldhulpverlening."


def test_closing_requires_reason_and_outcome(plan_case, procesregisseur):
    with pytest.raises(ValidationError) as refused:
        services.close_case(case=plan_case, actor=procesregisseur, outcome="gewonnen", reason="  ")
    assert set(refused.value.message_dict) == {"outcome", "reason"}
    assert refused.value.message_dict["reason"] == ["Geef de reden van afsluiten."]
    plan_case.refresh_from_db()
    assert plan_case.state == CaseState.GEAGENDEERD
    assert not Closure.objects.exists()


def test_closing_with_failing_chain_requires_leerpunten_and_saves_nothing(
    plan_case, procesregisseur
):
    with pytest.raises(ValidationError) as refused:
        services.close_case(
            case=plan_case,
            actor=procesregisseur,
            outcome=Outcome.NIET,
            reason="Betrokkene verhuisd naar een andere regio.",
            evaluation=EvaluationInput(chain_worked_well=False),
        )
    assert "leerpunten" in refused.value.message_dict
    plan_case.refresh_from_db()
    assert plan_case.state == CaseState.GEAGENDEERD
    assert not Closure.objects.exists()
    assert not CaseEvaluation.objects.exists()


@pytest.mark.parametrize("state", [CaseState.IN_TRIAGE, CaseState.AFGESLOTEN])
def test_closing_refused_from_the_wrong_state(plan_case, procesregisseur, state):
    set_state(plan_case, state, procesregisseur)
    with pytest.raises(ValidationError):
        services.close_case(
            case=plan_case, actor=procesregisseur, outcome=Outcome.BEHAALD, reason="Klaar."
        )
    assert not Closure.objects.exists()


def test_closing_lets_open_actions_lapse_and_leaves_the_finished_ones(
    plan_case, procesregisseur, wijkteam
):
    open_action = make_action(plan_case, wijkteam, procesregisseur)
    done = make_action(plan_case, wijkteam, procesregisseur, status=ActionStatus.DONE)
    sync_action_holders(case=plan_case)

    services.close_case(
        case=plan_case, actor=procesregisseur, outcome=Outcome.BEHAALD, reason="Doel behaald."
    )

    open_action.refresh_from_db()
    done.refresh_from_db()
    assert open_action.status == ActionStatus.CANCELLED
    assert open_action.result == "Vervallen: casus afgesloten."
    assert open_action.completed_at is not None
    assert done.status == ActionStatus.DONE
    # The owner held the action while the case ran: it stays involved in the closed case.
    assert CaseParticipant.objects.filter(
        case=plan_case, organisation=wijkteam, reason=ParticipationReason.ACTIE, ended_at=None
    ).exists()


def test_a_refused_closing_leaves_the_open_actions_open(plan_case, procesregisseur, wijkteam):
    action = make_action(plan_case, wijkteam, procesregisseur)
    with pytest.raises(ValidationError):
        services.close_case(case=plan_case, actor=procesregisseur, outcome="", reason="")
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_evaluation_later_only_on_a_closed_case(plan_case, procesregisseur):
    evaluation = EvaluationInput(chain_worked_well=True, leerpunten="Vroeg de school betrekken.")
    with pytest.raises(ValidationError):
        services.add_evaluation(case=plan_case, actor=procesregisseur, evaluation=evaluation)
    services.close_case(
        case=plan_case, actor=procesregisseur, outcome=Outcome.BEHAALD, reason="Doel behaald."
    )
    created = services.add_evaluation(case=plan_case, actor=procesregisseur, evaluation=evaluation)
    assert created.leerpunten == "Vroeg de school betrekken."
    assert AccessLogEntry.objects.filter(
        case=plan_case, object_type="CaseEvaluation", action=AccessAction.CHANGE
    ).exists()


# --- her-melding ------------------------------------------------------------------------


def test_rereport_reopens_a_closed_case_keeping_its_history(plan_case, procesregisseur, wijkteam):
    services.de_escalate(
        case=plan_case, actor=procesregisseur, checklist=complete_checklist(wijkteam)
    )
    services.close_case(
        case=plan_case,
        actor=procesregisseur,
        outcome=Outcome.BEHAALD,
        reason="Regie ligt stabiel bij het wijkteam.",
        evaluation=EvaluationInput(chain_worked_well=True),
    )
    before = list(plan_case.transitions.values_list("to_state", flat=True))

    register_rereport(
        actor=procesregisseur,
        case=plan_case,
        description="Nieuwe meldingen van overlast.",
        question="Kan de casus opnieuw worden opgepakt?",
    )

    plan_case.refresh_from_db()
    assert plan_case.state == CaseState.AANGEMELD
    after = list(plan_case.transitions.values_list("to_state", flat=True))
    assert after[: len(before)] == before
    assert after[-3:] == [CaseState.AFGESCHAALD, CaseState.AFGESLOTEN, CaseState.AANGEMELD]
    assert Closure.objects.filter(case=plan_case).count() == 1
    assert CaseEvaluation.objects.filter(case=plan_case).count() == 1
    assert DeEscalation.objects.get(case=plan_case).completed_at is not None
