"""Rules of Volhouden and Opschalen, on the service functions (real database)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from schakel.access.models import AccessLogEntry
from schakel.accounts.roles import Role
from schakel.followup import services
from schakel.followup.models import (
    Action,
    ActionStatus,
    Escalation,
    EscalationLevel,
    EscalationStatus,
    GoalScore,
    ProgressMeasurement,
)
from schakel.followup.services import goal_field_name
from tests.factories import OrganisationFactory, UserFactory
from tests.followup.helpers import TODAY, create
from tests.helpers import make_action


def errors_of(excinfo):
    return excinfo.value.message_dict


# --- Actions ---------------------------------------------------------------------------


def test_owner_must_take_part_in_the_case(procesregisseur, table_case, outsider_org):
    with pytest.raises(ValidationError) as excinfo:
        create(procesregisseur, table_case, owner_organisation=outsider_org)
    assert errors_of(excinfo)["owner_organisation"] == [
        "Deze organisatie neemt niet deel aan de casus."
    ]
    assert not Action.objects.exists()


def test_procesregie_may_own_an_action_itself(procesregisseur, table_case, zvh):
    action = create(procesregisseur, table_case, owner_organisation=zvh)
    assert action.owner_organisation == zvh


def test_owner_of_other_region_or_without_convenant_is_refused(
    procesregisseur, table_case, other_region
):
    elsewhere = OrganisationFactory(region=other_region, name="Politie Elders")
    unsigned = OrganisationFactory(
        region=table_case.region, name="Buurtvereniging", convenant_signed_on=None
    )
    for organisation, fragment in ((elsewhere, "regio"), (unsigned, "convenant")):
        with pytest.raises(ValidationError) as excinfo:
            create(procesregisseur, table_case, owner_organisation=organisation)
        assert fragment in errors_of(excinfo)["owner_organisation"][0]


def test_owner_person_must_work_for_the_owner_organisation(
    procesregisseur, table_case, politie, ggz_user
):
    with pytest.raises(ValidationError) as excinfo:
        create(procesregisseur, table_case, owner_organisation=politie, owner_user=ggz_user)
    assert "medewerker van Politie Dordrecht" in errors_of(excinfo)["owner_user"][0]


def test_due_date_in_the_past_and_empty_fields_are_refused(procesregisseur, table_case):
    with pytest.raises(ValidationError) as excinfo:
        create(
            procesregisseur,
            table_case,
            description="  ",
            due_on=TODAY() - datetime.timedelta(days=1),
        )
    errors = errors_of(excinfo)
    assert errors["description"] == ["Beschrijf de actie."]
    assert errors["owner_organisation"] == ["Kies de organisatie die de actie uitvoert."]
    assert "verleden" in errors["due_on"][0]


def test_partner_cannot_create_an_action(partner_user, table_case, politie):
    with pytest.raises(PermissionDenied):
        create(partner_user, table_case, owner_organisation=politie)


def test_overdue_means_open_and_past_the_due_date(procesregisseur, table_case, politie):
    yesterday = make_action(
        table_case, politie, procesregisseur, due_on=TODAY() - datetime.timedelta(days=1)
    )
    today = make_action(table_case, politie, procesregisseur, due_on=TODAY())
    done = make_action(
        table_case,
        politie,
        procesregisseur,
        due_on=TODAY() - datetime.timedelta(days=1),
        status=ActionStatus.DONE,
    )
    assert yesterday.is_overdue
    assert not today.is_overdue
    assert not done.is_overdue


def test_owner_organisation_completes_with_result(procesregisseur, partner_user, table_case):
    action = make_action(table_case, partner_user.organisation, procesregisseur)
    with pytest.raises(ValidationError) as excinfo:
        services.complete_action(actor=partner_user, action=action, result="")
    assert "result" in errors_of(excinfo)
    services.complete_action(actor=partner_user, action=action, result="Huisbezoek gedaan")
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.completed_at is not None
    with pytest.raises(ValidationError):
        services.complete_action(actor=partner_user, action=action, result="Nog eens")


def test_only_procesregie_cancels_and_others_cannot_complete(
    procesregisseur, partner_user, ggz_user, table_case
):
    action = make_action(table_case, partner_user.organisation, procesregisseur)
    with pytest.raises(PermissionDenied):
        services.cancel_action(actor=partner_user, action=action, reason="Niet meer nodig")
    with pytest.raises(PermissionDenied):
        services.complete_action(actor=ggz_user, action=action, result="Gedaan")
    services.cancel_action(actor=procesregisseur, action=action, reason="Niet meer nodig")
    action.refresh_from_db()
    assert action.status == ActionStatus.CANCELLED


# --- Escalations -------------------------------------------------------------------------


def escalate(user, case, level, **overrides):
    arguments = {
        "question": "Geen passende woonplek; mandaat nodig voor maatwerk.",
        "addressee": "Tactisch overleg ZVH",
        "raised_on": TODAY(),
    }
    arguments.update(overrides)
    return services.raise_escalation(actor=user, case=case, level=level, **arguments)


def test_strategic_escalation_needs_a_tactical_one_first(procesregisseur, table_case):
    with pytest.raises(ValidationError) as excinfo:
        escalate(procesregisseur, table_case, EscalationLevel.STRATEGISCH)
    assert "eerst op naar het tactische niveau" in errors_of(excinfo)["level"][0]
    escalate(procesregisseur, table_case, EscalationLevel.TACTISCH)
    strategic = escalate(
        procesregisseur, table_case, EscalationLevel.STRATEGISCH, addressee="Burgemeester"
    )
    assert strategic.status == EscalationStatus.LOPEND
    assert Escalation.objects.filter(case=table_case).count() == 2
    assert AccessLogEntry.objects.filter(object_type="Escalation").count() == 2


def test_escalation_fields_are_checked(procesregisseur, table_case, partner_user):
    with pytest.raises(ValidationError) as excinfo:
        escalate(
            procesregisseur,
            table_case,
            "operationeel",
            question="",
            addressee="",
            raised_on=TODAY() + datetime.timedelta(days=1),
        )
    assert set(errors_of(excinfo)) == {"level", "question", "addressee", "raised_on"}
    with pytest.raises(PermissionDenied):
        escalate(partner_user, table_case, EscalationLevel.TACTISCH)


def test_resolving_records_outcome_and_closes(procesregisseur, table_case):
    escalation = escalate(
        procesregisseur,
        table_case,
        EscalationLevel.TACTISCH,
        raised_on=TODAY() - datetime.timedelta(days=3),
    )
    with pytest.raises(ValidationError) as excinfo:
        services.resolve_escalation(
            actor=procesregisseur,
            escalation=escalation,
            outcome="Maatwerk toegestaan",
            resolved_on=TODAY() - datetime.timedelta(days=5),
        )
    assert "vóór de datum van opschalen" in errors_of(excinfo)["resolved_on"][0]
    services.resolve_escalation(
        actor=procesregisseur,
        escalation=escalation,
        outcome="Maatwerk toegestaan",
        resolved_on=TODAY(),
    )
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.AFGEROND
    assert escalation.outcome == "Maatwerk toegestaan"
    with pytest.raises(ValidationError):
        services.resolve_escalation(
            actor=procesregisseur, escalation=escalation, outcome="Nogmaals", resolved_on=TODAY()
        )


# --- Stappenmeter ------------------------------------------------------------------------


def measure(user, case, goals, **overrides):
    arguments = {
        "measured_on": TODAY(),
        "cooperation": 4,
        "main_goal_score": 2,
        "goal_scores": {goal.pk: 3 for goal in goals},
        "note": "Eerste evaluatie",
    }
    arguments.update(overrides)
    return services.record_measurement(actor=user, case=case, **arguments)


def test_measurement_records_a_score_per_goal(procesregisseur, table_case, plan):
    goals = list(plan.goals.all())
    measurement = measure(procesregisseur, table_case, goals)
    assert GoalScore.objects.filter(measurement=measurement).count() == 2
    assert AccessLogEntry.objects.filter(object_type="ProgressMeasurement").exists()


@pytest.mark.parametrize("bad", [0, 6, None])
def test_scores_must_be_one_to_five(procesregisseur, table_case, plan, bad):
    goals = list(plan.goals.all())
    with pytest.raises(ValidationError) as excinfo:
        measure(
            procesregisseur,
            table_case,
            goals,
            cooperation=bad,
            goal_scores={goals[0].pk: bad, goals[1].pk: 3},
        )
    errors = errors_of(excinfo)
    assert "cooperation" in errors
    assert goal_field_name(goals[0].pk) in errors
    assert goal_field_name(goals[1].pk) not in errors
    assert not ProgressMeasurement.objects.exists()


def test_every_goal_must_be_scored_and_no_foreign_goal(procesregisseur, table_case, plan):
    goals = list(plan.goals.all())
    with pytest.raises(ValidationError) as excinfo:
        measure(procesregisseur, table_case, goals, goal_scores={goals[0].pk: 3, 999999: 2})
    errors = errors_of(excinfo)
    assert errors[goal_field_name(goals[1].pk)] == ["Geef dit subdoel een score."]
    assert "Score alleen de subdoelen" in errors["__all__"][0]


def test_measurement_needs_a_plan_and_procesregie(
    procesregisseur, partner_user, table_case, region
):
    with pytest.raises(ValidationError) as excinfo:
        measure(procesregisseur, table_case, [])
    assert "geen plan van aanpak" in errors_of(excinfo)["__all__"][0]
    with pytest.raises(PermissionDenied):
        measure(partner_user, table_case, [])
    other = UserFactory(organisation=partner_user.organisation, roles=[Role.PROCESREGISSEUR])
    with pytest.raises(PermissionDenied):
        measure(other, table_case, [])
