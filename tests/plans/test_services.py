"""Rules of the plan van aanpak: optimistic locking, versioning, agreeing, progress."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import CaseParticipant, CaseTransition, ParticipationReason
from schakel.plans import services
from schakel.plans.models import Intervention, InterventionUpdate, Plan, PlanVersion
from tests.factories import OrganisationFactory
from tests.helpers import add_goal, add_intervention, fill_general

# --- optimistic locking -----------------------------------------------------------------


def test_every_change_raises_the_revision_by_one(plan, procesregisseur):
    assert plan.revision == 0
    fill_general(plan, procesregisseur)
    add_goal(plan, procesregisseur)
    assert Plan.objects.get(pk=plan.pk).revision == 2
    assert plan.revision == 2


def test_stale_revision_raises_conflict_and_writes_nothing(
    plan, procesregisseur, second_procesregisseur
):
    opened_at = plan.revision
    fill_general(plan, second_procesregisseur, main_goal="Versie van Sanne")
    stale = Plan.objects.get(pk=plan.pk)
    stale.revision = opened_at
    stale.case = plan.case
    with pytest.raises(services.PlanConflict) as conflict:
        fill_general(stale, procesregisseur, main_goal="Versie van de eerste")
    saved = Plan.objects.get(pk=plan.pk)
    assert saved.main_goal == "Versie van Sanne"
    assert saved.revision == opened_at + 1
    assert conflict.value.current.updated_by == second_procesregisseur
    assert "Iemand anders heeft het plan intussen gewijzigd" in conflict.value.message
    assert "Sanne" in conflict.value.message


@pytest.mark.parametrize("write", ["goal", "intervention", "remove_goal"])
def test_conflict_applies_to_every_write(plan, procesregisseur, politie, write):
    goal = add_goal(plan, procesregisseur)
    stale_revision = plan.revision
    fill_general(plan, procesregisseur)
    goals_before = list(plan.goals.values_list("description", flat=True))
    with pytest.raises(services.PlanConflict):
        if write == "goal":
            services.save_goal(
                plan=plan,
                actor=procesregisseur,
                expected_revision=stale_revision,
                description="Overschreven",
                measure="",
                life_domains=[],
                goal=goal,
            )
        elif write == "intervention":
            services.save_intervention(
                plan=plan,
                actor=procesregisseur,
                expected_revision=stale_revision,
                line="straf",
                kader="dwang",
                description="Nieuw",
                organisation=politie,
                responsible_name="",
                goal=None,
                starts_on=None,
                ends_on=None,
                status="gepland",
            )
        else:
            services.remove_goal(
                plan=plan, actor=procesregisseur, expected_revision=stale_revision, goal=goal
            )
    assert list(plan.goals.values_list("description", flat=True)) == goals_before
    assert not Intervention.objects.filter(plan=plan).exists()


def test_partner_progress_moves_the_revision_so_a_stale_editor_cannot_overwrite_it(
    complete_plan, procesregisseur, ggz_user, ggz
):
    intervention = complete_plan.interventions.get(organisation=ggz)
    opened_at = Plan.objects.get(pk=complete_plan.pk).revision
    services.report_progress(
        intervention=intervention, actor=ggz_user, status="lopend", text="Eerste afspraak gehad."
    )
    with pytest.raises(services.PlanConflict):
        services.save_intervention(
            plan=complete_plan,
            actor=procesregisseur,
            expected_revision=opened_at,
            intervention=intervention,
            line="zorg",
            kader="drang",
            description=intervention.description,
            organisation=ggz,
            responsible_name="",
            goal=None,
            starts_on=None,
            ends_on=None,
            status="gepland",
        )
    assert Intervention.objects.get(pk=intervention.pk).status == "lopend"


# --- interventions ----------------------------------------------------------------------


def test_intervention_holder_becomes_participant(plan, procesregisseur, ggz):
    add_intervention(plan, procesregisseur, ggz)
    assert CaseParticipant.objects.filter(
        case=plan.case, organisation=ggz, reason=ParticipationReason.INTERVENTIE
    ).exists()
    assert AccessLogEntry.objects.filter(
        user=procesregisseur, action=AccessAction.CHANGE, case=plan.case
    ).exists()


def test_intervention_refuses_end_before_start_and_bad_organisations(
    plan, procesregisseur, other_region
):
    unsigned = OrganisationFactory(region=plan.case.region, convenant_signed_on=None)
    elsewhere = OrganisationFactory(region=other_region)
    for organisation, field in ((unsigned, "organisation"), (elsewhere, "organisation")):
        with pytest.raises(ValidationError) as error:
            add_intervention(plan, procesregisseur, organisation)
        assert field in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.save_intervention(
            plan=plan,
            actor=procesregisseur,
            expected_revision=plan.revision,
            line="zorg",
            kader="vrijwillig",
            description="Iets",
            organisation=plan.case.participants.first().organisation,
            responsible_name="",
            goal=None,
            starts_on=datetime.date(2030, 5, 1),
            ends_on=datetime.date(2030, 4, 1),
            status="gepland",
        )
    assert error.value.message_dict["ends_on"] == ["De einddatum ligt vóór de startdatum."]
    assert not Intervention.objects.exists()
    assert Plan.objects.get(pk=plan.pk).revision == 0
    assert not CaseParticipant.objects.filter(organisation__in=[unsigned, elsewhere]).exists()


def test_only_procesregie_edits_and_only_in_an_open_state(plan, partner_user, procesregisseur):
    with pytest.raises(PermissionDenied):
        fill_general(plan, partner_user)
    plan.case.state = CaseState.AFGESLOTEN
    with pytest.raises(ValidationError):
        fill_general(plan, procesregisseur)
    assert Plan.objects.get(pk=plan.pk).revision == 0


# --- progress ---------------------------------------------------------------------------


def test_partner_reports_progress_on_own_intervention_only(
    complete_plan, partner_user, ggz_user, ggz, politie
):
    own = complete_plan.interventions.get(organisation=ggz)
    other = complete_plan.interventions.get(organisation=politie)
    update = services.report_progress(
        intervention=own, actor=ggz_user, status="lopend", text="Intake gedaan."
    )
    assert Intervention.objects.get(pk=own.pk).status == "lopend"
    assert update.by == ggz_user
    with pytest.raises(PermissionDenied):
        services.report_progress(intervention=other, actor=ggz_user, status="gestopt", text="x")
    assert Intervention.objects.get(pk=other.pk).status == "gepland"
    assert InterventionUpdate.objects.count() == 1


# --- agreeing and versions --------------------------------------------------------------


def test_agree_refuses_incomplete_plan(plan, procesregisseur, meeting):
    with pytest.raises(ValidationError) as error:
        services.agree_plan(
            plan=plan, actor=procesregisseur, meeting=meeting, expected_revision=plan.revision
        )
    assert error.value.messages == [
        "Het plan heeft nog geen hoofddoel.",
        "Het plan heeft nog geen subdoel.",
        "Het plan heeft nog geen interventie.",
    ]
    assert not PlanVersion.objects.exists()
    plan.case.refresh_from_db()
    assert plan.case.state == CaseState.GEAGENDEERD


def test_agree_moves_case_in_uitvoering_and_freezes_snapshot(
    complete_plan, procesregisseur, meeting
):
    version = services.agree_plan(
        plan=complete_plan,
        actor=procesregisseur,
        meeting=meeting,
        expected_revision=complete_plan.revision,
    )
    assert version.number == 1
    assert version.based_on_revision == complete_plan.revision
    assert version.snapshot["main_goal"] == "Wonen en zorg op orde; geen nieuwe incidenten"
    assert len(version.snapshot["interventions"]) == 2
    assert version.snapshot["goals"][0]["life_domains"] == ["Wonen / huisvesting"]
    complete_plan.case.refresh_from_db()
    assert complete_plan.case.state == CaseState.IN_UITVOERING
    transition = CaseTransition.objects.filter(case=complete_plan.case).last()
    assert transition.to_state == CaseState.IN_UITVOERING
    assert transition.reason.startswith("Plan van aanpak vastgesteld in overleg")
    assert AccessLogEntry.objects.filter(
        action=AccessAction.CREATE, case=complete_plan.case, object_type="PlanVersion"
    ).exists()


def test_versions_number_up_and_earlier_versions_stay_as_agreed(
    complete_plan, procesregisseur, meeting
):
    first = services.agree_plan(
        plan=complete_plan,
        actor=procesregisseur,
        meeting=meeting,
        expected_revision=complete_plan.revision,
    )
    fill_general(complete_plan, procesregisseur, main_goal="Aangescherpt hoofddoel")
    complete_plan.case.refresh_from_db()
    second = services.agree_plan(
        plan=complete_plan,
        actor=procesregisseur,
        meeting=meeting,
        expected_revision=complete_plan.revision,
    )
    assert [v.number for v in PlanVersion.objects.filter(plan=complete_plan)] == [2, 1]
    first.refresh_from_db()
    assert first.snapshot["main_goal"] == "Wonen en zorg op orde; geen nieuwe incidenten"
    assert second.snapshot["main_goal"] == "Aangescherpt hoofddoel"
    # The second agreement happens in uitvoering: no second transition.
    assert (
        CaseTransition.objects.filter(
            case=complete_plan.case, to_state=CaseState.IN_UITVOERING
        ).count()
        == 1
    )


def test_agree_with_stale_revision_is_a_conflict(complete_plan, procesregisseur, meeting):
    with pytest.raises(services.PlanConflict):
        services.agree_plan(
            plan=complete_plan,
            actor=procesregisseur,
            meeting=meeting,
            expected_revision=complete_plan.revision - 1,
        )
    assert not PlanVersion.objects.exists()


def test_agree_refuses_meeting_without_the_case(complete_plan, procesregisseur, meeting):
    meeting.items.all().delete()
    with pytest.raises(ValidationError) as error:
        services.agree_plan(
            plan=complete_plan,
            actor=procesregisseur,
            meeting=meeting,
            expected_revision=complete_plan.revision,
        )
    assert "meeting" in error.value.message_dict
