"""Rules of the weegoverleg (PRODUCT.md section 7), tested on the service functions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import CaseParticipant, CaseTransition
from schakel.cases.services import transition_case
from schakel.plans.models import Plan
from schakel.triage import services
from schakel.triage.models import TriageDecision, TriageOutcome
from tests.factories import OrganisationFactory, TableFactory, UserFactory

NO_CRITERIA = {
    "meets_multiple_domains": False,
    "needs_multiple_chains": False,
    "impacts_system": False,
    "impacts_local_safety": False,
    "o3mp_applied": False,
    "o3mp_ondoorgrondelijk": False,
    "o3mp_ongrijpbaar": False,
    "o3mp_ontwrichtend": False,
}
KADER_1_2_3 = {
    **NO_CRITERIA,
    "meets_multiple_domains": True,
    "needs_multiple_chains": True,
    "impacts_system": True,
}


def decision_kwargs(**overrides):
    kwargs = {
        **KADER_1_2_3,
        "complexity": "hoog",
        "risk": "midden",
        "unrest": "laag",
        "outcome": TriageOutcome.AGENDEREN,
        "reason": "Meerdere ketens lopen vast; regie nodig.",
        "table": None,
        "purpose": "Gezamenlijk beeld en één plan van aanpak",
        "questions": "Wie neemt de casusregie? Is er zicht op huisvesting?",
        "referred_to": "",
        "required_partners": [],
    }
    kwargs.update(overrides)
    return kwargs


def decide(user, case, **overrides):
    return services.decide_triage(actor=user, case=case, **decision_kwargs(**overrides))


def assert_refused(user, case, field, text, **overrides):
    with pytest.raises(ValidationError) as refused:
        decide(user, case, **overrides)
    messages = refused.value.message_dict[field]
    assert any(text in message for message in messages), messages
    # Nothing half-saved.
    assert not TriageDecision.objects.exists()
    case.refresh_from_db()
    assert case.state == CaseState.IN_TRIAGE
    assert case.table is None
    assert not AccessLogEntry.objects.filter(action=AccessAction.CHANGE).exists()


# --- the criteria ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("criteria", "meets"),
    [
        ({}, False),
        ({"meets_multiple_domains": True, "needs_multiple_chains": True}, False),
        ({"meets_multiple_domains": True, "impacts_system": True}, False),
        ({"needs_multiple_chains": True, "impacts_system": True}, False),
        (
            {
                "meets_multiple_domains": True,
                "needs_multiple_chains": True,
                "impacts_system": True,
            },
            True,
        ),
        ({"impacts_local_safety": True}, True),
        ({"meets_multiple_domains": True, "impacts_local_safety": True}, True),
    ],
)
def test_landelijk_kader_is_1_and_2_and_3_or_4(criteria, meets):
    assert TriageDecision(**{**NO_CRITERIA, **criteria}).meets_landelijk_kader is meets


@pytest.mark.parametrize(
    ("answers", "meets"),
    [
        ({"o3mp_applied": True}, False),
        ({"o3mp_applied": True, "o3mp_ondoorgrondelijk": True, "o3mp_ongrijpbaar": True}, False),
        (
            {"o3mp_ondoorgrondelijk": True, "o3mp_ongrijpbaar": True, "o3mp_ontwrichtend": True},
            False,
        ),
        (
            {
                "o3mp_applied": True,
                "o3mp_ondoorgrondelijk": True,
                "o3mp_ongrijpbaar": True,
                "o3mp_ontwrichtend": True,
            },
            True,
        ),
    ],
)
def test_o3mp_needs_the_test_applied_and_all_three(answers, meets):
    assert TriageDecision(**{**NO_CRITERIA, **answers}).meets_o3mp is meets


# --- start -----------------------------------------------------------------------------


@pytest.mark.parametrize("source", [CaseState.AANGEMELD, CaseState.IN_UITVRAAG])
def test_start_triage_from_intake(case, procesregisseur, source):
    if source == CaseState.IN_UITVRAAG:
        transition_case(case=case, to_state=source, actor=procesregisseur, reason="Uitvraag")
    services.start_triage(actor=procesregisseur, case=case)
    case.refresh_from_db()
    assert case.state == CaseState.IN_TRIAGE
    assert CaseTransition.objects.filter(case=case, to_state=CaseState.IN_TRIAGE).exists()
    assert AccessLogEntry.objects.filter(
        user=procesregisseur, action=AccessAction.CHANGE, case=case
    ).exists()


def test_start_triage_twice_is_refused(triage_case, procesregisseur):
    with pytest.raises(ValidationError, match="kan niet naar triage"):
        services.start_triage(actor=procesregisseur, case=triage_case)


@pytest.mark.parametrize("user_fixture", ["partner_user", "informatiemakelaar"])
def test_only_procesregisseur_starts_triage(case, request, user_fixture):
    with pytest.raises(PermissionDenied):
        services.start_triage(actor=request.getfixturevalue(user_fixture), case=case)
    case.refresh_from_db()
    assert case.state == CaseState.AANGEMELD


def test_procesregisseur_of_another_region_may_not_decide(
    triage_case, other_region_procesregisseur
):
    with pytest.raises(PermissionDenied):
        decide(other_region_procesregisseur, triage_case)
    assert not TriageDecision.objects.exists()


# --- agenderen -------------------------------------------------------------------------


def test_agenderen_puts_case_on_table_and_opens_it_to_nobody_yet(
    triage_case, procesregisseur, table, region, politie, ggz
):
    unsigned = OrganisationFactory(
        region=region, name="Niet-ondertekenaar", convenant_signed_on=None
    )
    jeugdteam = OrganisationFactory(region=region, name="Jeugdteam Dordrecht")
    table.fixed_participants.add(ggz, unsigned)

    decision = decide(procesregisseur, triage_case, table=table, required_partners=[jeugdteam])

    triage_case.refresh_from_db()
    assert triage_case.state == CaseState.GEAGENDEERD
    assert triage_case.table == table
    assert triage_case.procesregisseur == procesregisseur
    assert decision.purpose == "Gezamenlijk beeld en één plan van aanpak"
    assert list(decision.required_partners.all()) == [jeugdteam]
    # The decision opens the case to nobody: the table's standing members and the partners
    # named here are the default invitees of its agenda item, and read from that meeting on.
    assert not CaseParticipant.objects.filter(
        case=triage_case, organisation__in=[ggz, unsigned, jeugdteam]
    ).exists()
    transition = CaseTransition.objects.get(case=triage_case, to_state=CaseState.GEAGENDEERD)
    assert "Volwassenen" in transition.reason
    entry = AccessLogEntry.objects.get(action=AccessAction.CHANGE, object_ref=str(decision.pk))
    assert entry.user == procesregisseur
    assert entry.case == triage_case


def test_agenderen_starts_the_plan_van_aanpak(triage_case, procesregisseur, table):
    assert not Plan.objects.filter(case=triage_case).exists()
    decide(procesregisseur, triage_case, table=table)
    plan = Plan.objects.get(case=triage_case)
    assert plan.main_goal == ""
    assert plan.revision == 0


def test_refused_agenderen_starts_no_plan(triage_case, procesregisseur):
    with pytest.raises(ValidationError):
        decide(procesregisseur, triage_case, table=None)
    assert not Plan.objects.exists()


def test_other_triage_outcomes_start_no_plan(triage_case, procesregisseur):
    decide(
        procesregisseur,
        triage_case,
        outcome=TriageOutcome.NIET_IN_BEHANDELING,
        reason="Past niet bij de criteria.",
    )
    triage_case.refresh_from_db()
    assert triage_case.state == CaseState.NIET_IN_BEHANDELING
    assert not Plan.objects.exists()


def test_agenderen_keeps_an_existing_procesregisseur(triage_case, procesregisseur, table, zvh):
    from schakel.accounts.roles import Role

    colleague = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR])
    triage_case.procesregisseur = colleague
    triage_case.save(update_fields=["procesregisseur"])
    decide(procesregisseur, triage_case, table=table)
    triage_case.refresh_from_db()
    assert triage_case.procesregisseur == colleague


def test_agenderen_on_o3mp_alone(triage_case, procesregisseur, table):
    o3mp = {
        **NO_CRITERIA,
        "o3mp_applied": True,
        "o3mp_ondoorgrondelijk": True,
        "o3mp_ongrijpbaar": True,
        "o3mp_ontwrichtend": True,
    }
    decide(procesregisseur, triage_case, table=table, **o3mp)
    triage_case.refresh_from_db()
    assert triage_case.state == CaseState.GEAGENDEERD


def test_agenderen_on_criterion_4_alone(triage_case, procesregisseur, table):
    decide(
        procesregisseur, triage_case, table=table, **{**NO_CRITERIA, "impacts_local_safety": True}
    )
    triage_case.refresh_from_db()
    assert triage_case.state == CaseState.GEAGENDEERD


def test_agenderen_without_purpose_is_refused_for_doelbinding(triage_case, procesregisseur, table):
    assert_refused(
        procesregisseur,
        triage_case,
        "purpose",
        "Zonder doel van de bespreking kan een casus niet worden geagendeerd",
        table=table,
        purpose="   ",
    )


def test_agenderen_without_questions_is_refused(triage_case, procesregisseur, table):
    assert_refused(procesregisseur, triage_case, "questions", "vragen", table=table, questions="")


def test_agenderen_without_table_is_refused(triage_case, procesregisseur):
    assert_refused(procesregisseur, triage_case, "table", "Kies de regietafel", table=None)


def test_agenderen_on_inactive_table_is_refused(triage_case, procesregisseur, region):
    closed = TableFactory(region=region, name="Opgeheven tafel", is_active=False)
    assert_refused(procesregisseur, triage_case, "table", "niet actief", table=closed)


def test_agenderen_on_table_of_another_region_is_refused(
    triage_case, procesregisseur, other_region
):
    elsewhere = TableFactory(region=other_region, name="Jeugd Haaglanden")
    assert_refused(procesregisseur, triage_case, "table", "niet bij de regio", table=elsewhere)


@pytest.mark.parametrize(
    "criteria",
    [
        NO_CRITERIA,
        {**NO_CRITERIA, "meets_multiple_domains": True, "needs_multiple_chains": True},
        {
            **NO_CRITERIA,
            "o3mp_applied": True,
            "o3mp_ondoorgrondelijk": True,
            "o3mp_ongrijpbaar": True,
        },
        # The O3MP answers without the test applied do not count.
        {
            **NO_CRITERIA,
            "o3mp_ondoorgrondelijk": True,
            "o3mp_ongrijpbaar": True,
            "o3mp_ontwrichtend": True,
        },
    ],
)
def test_agenderen_without_the_criteria_is_refused(triage_case, procesregisseur, table, criteria):
    assert_refused(
        procesregisseur,
        triage_case,
        "outcome",
        "voldoet niet aan de criteria van het Landelijk Kader",
        table=table,
        **criteria,
    )


def test_required_partner_without_convenant_is_refused(triage_case, procesregisseur, table, region):
    unsigned = OrganisationFactory(region=region, name="Buurthuis", convenant_signed_on=None)
    assert_refused(
        procesregisseur,
        triage_case,
        "required_partners",
        "Buurthuis is geen actieve convenantpartner",
        table=table,
        required_partners=[unsigned],
    )


def test_required_partner_of_another_region_is_refused(
    triage_case, procesregisseur, table, other_region
):
    elsewhere = OrganisationFactory(region=other_region, name="GGZ Den Haag")
    assert_refused(
        procesregisseur,
        triage_case,
        "required_partners",
        "geen actieve convenantpartner van deze regio",
        table=table,
        required_partners=[elsewhere],
    )


# --- the other outcomes ----------------------------------------------------------------


@pytest.mark.parametrize(
    "outcome",
    [
        TriageOutcome.ADVIES,
        TriageOutcome.DOORVERWIJZEN,
        TriageOutcome.ZSM_ADVIES,
        TriageOutcome.NIET_IN_BEHANDELING,
    ],
)
def test_other_outcomes_take_the_case_out_with_the_reason(
    triage_case, procesregisseur, table, outcome
):
    decision = decide(
        procesregisseur,
        triage_case,
        outcome=outcome,
        reason="Past beter bij het wijkteam.",
        referred_to="Wijkteam Dordrecht-West",
        table=table,  # filled in, but not for this outcome: dropped
        **NO_CRITERIA,
    )
    triage_case.refresh_from_db()
    assert triage_case.state == CaseState.NIET_IN_BEHANDELING
    assert triage_case.table is None
    assert decision.table is None
    assert decision.purpose == ""
    assert decision.referred_to == "Wijkteam Dordrecht-West"
    transition = CaseTransition.objects.get(
        case=triage_case, to_state=CaseState.NIET_IN_BEHANDELING
    )
    assert "Past beter bij het wijkteam." in transition.reason
    assert AccessLogEntry.objects.filter(
        action=AccessAction.CHANGE, object_ref=str(decision.pk)
    ).exists()


def test_doorverwijzen_needs_referred_to(triage_case, procesregisseur):
    assert_refused(
        procesregisseur,
        triage_case,
        "referred_to",
        "naar welke partner",
        outcome=TriageOutcome.DOORVERWIJZEN,
        referred_to=" ",
    )


@pytest.mark.parametrize("outcome", list(TriageOutcome.values))
def test_reason_is_always_required(triage_case, procesregisseur, table, outcome):
    assert_refused(
        procesregisseur,
        triage_case,
        "reason",
        "Motiveer het besluit",
        outcome=outcome,
        reason="",
        table=table,
        referred_to="Wijkteam",
    )


def test_ratings_are_required(triage_case, procesregisseur, table):
    with pytest.raises(ValidationError) as refused:
        decide(procesregisseur, triage_case, table=table, complexity="", risk="", unrest="extreem")
    assert {"complexity", "risk", "unrest"} <= set(refused.value.message_dict)
    assert not TriageDecision.objects.exists()


@pytest.mark.parametrize("state", [CaseState.AANGEMELD, CaseState.IN_UITVRAAG])
def test_decision_only_in_triage(case, procesregisseur, table, state):
    if state == CaseState.IN_UITVRAAG:
        transition_case(case=case, to_state=state, actor=procesregisseur, reason="Uitvraag")
    with pytest.raises(ValidationError, match="niet ‘In triage’"):
        decide(procesregisseur, case, table=table)
    assert not TriageDecision.objects.exists()


def test_second_decision_after_agenderen_is_refused(triage_case, procesregisseur, table):
    decide(procesregisseur, triage_case, table=table)
    with pytest.raises(ValidationError, match="Geagendeerd"):
        decide(procesregisseur, triage_case, table=table)
    assert TriageDecision.objects.count() == 1
