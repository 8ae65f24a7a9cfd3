"""The case pages of afschalen, afsluiten and evaluatie: who may, what they show, the log."""

from django.urls import reverse

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.cases.lifecycle import CaseState
from schakel.closure import services
from schakel.closure.models import CaseEvaluation, Closure, DeEscalation, Outcome
from schakel.closure.services import EvaluationInput
from schakel.plans.models import Plan
from tests.closure.helpers import read_rows, url
from tests.factories import OrganisationFactory, RegionFactory
from tests.helpers import checklist_post, complete_checklist, set_state

# --- access -----------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(plan_case, client):
    response = client.get(url("de_escalate", plan_case))
    assert response.status_code == 302
    assert plan_case.reference not in response["Location"]


# --- afschalen --------------------------------------------------------------------------


def test_regie_choices_are_convenant_partners_of_the_region_only(
    plan_case, procesregisseur, signed_in
):
    OrganisationFactory(region=RegionFactory(), name="Wijkteam Anderswaard")
    OrganisationFactory(region=plan_case.region, name="Stichting Zonder", convenant_signed_on=None)
    html = signed_in(procesregisseur).get(url("de_escalate", plan_case)).content.decode()
    assert "Wijkteam Anderswaard" not in html
    assert "Stichting Zonder" not in html


def test_concept_saves_a_partial_checklist(plan_case, procesregisseur, signed_in):
    data = checklist_post(None, actie="concept", cooperation_checked=None, consult_agreements="")
    response = signed_in(procesregisseur).post(url("de_escalate", plan_case), data)
    assert response.status_code == 302
    deescalation = DeEscalation.objects.get(case=plan_case)
    assert deescalation.risks_checked and not deescalation.cooperation_checked
    assert deescalation.completed_at is None
    plan_case.refresh_from_db()
    assert plan_case.state == CaseState.GEAGENDEERD
    # The concept comes back in the form.
    html = signed_in(procesregisseur).get(url("de_escalate", plan_case)).content.decode()
    assert "Bij terugval opnieuw aan tafel." in html


def test_de_escalate_incomplete_shows_a_message_per_part_and_keeps_the_input(
    plan_case, procesregisseur, signed_in
):
    data = checklist_post(None, risks_checked=None, reescalation_agreements="")
    response = signed_in(procesregisseur).post(url("de_escalate", plan_case), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vink aan dat de laatste check op risico" in html
    assert "Kies de partner bij wie de regie wordt teruggelegd." in html
    assert "Leg vast wanneer de casus opnieuw wordt opgeschaald." in html
    assert "De partners werken goed samen." in html
    assert not DeEscalation.objects.filter(case=plan_case).exists()
    plan_case.refresh_from_db()
    assert plan_case.state == CaseState.GEAGENDEERD


def test_de_escalate_complete_moves_the_case(plan_case, procesregisseur, signed_in, wijkteam):
    response = signed_in(procesregisseur).post(
        url("de_escalate", plan_case), checklist_post(wijkteam), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse(
        "cases:section", args=[plan_case.pk, "afsluiting"]
    )
    plan_case.refresh_from_db()
    assert plan_case.state == CaseState.AFGESCHAALD
    assert DeEscalation.objects.get(case=plan_case).completed_by == procesregisseur
    history = signed_in(procesregisseur).get(
        reverse("cases:section", args=[plan_case.pk, "historie"])
    )
    assert "regie teruggelegd bij Wijkteam Dordrecht-West" in history.content.decode()
    assert AccessLogEntry.objects.filter(
        user=procesregisseur, case=plan_case, action=AccessAction.CHANGE
    ).exists()


def test_tampered_regie_organisation_gets_a_message(plan_case, procesregisseur, signed_in):
    elsewhere = OrganisationFactory(region=RegionFactory(), name="Wijkteam elders")
    response = signed_in(procesregisseur).post(
        url("de_escalate", plan_case), checklist_post(elsewhere)
    )
    assert response.status_code == 200
    assert "Kies een convenantpartner van deze regio uit de lijst." in response.content.decode()
    plan_case.refresh_from_db()
    assert plan_case.state == CaseState.GEAGENDEERD


def test_de_escalate_page_in_the_wrong_state_sends_back(plan_case, procesregisseur, signed_in):
    set_state(plan_case, CaseState.AFGESLOTEN, procesregisseur)
    response = signed_in(procesregisseur).get(url("de_escalate", plan_case), follow=True)
    assert "kan niet worden afgeschaald" in response.content.decode()


# --- afsluiten --------------------------------------------------------------------------


def close_post(**overrides):
    data = {
        "outcome": Outcome.BEHAALD,
        "reason": "Hoofddoel behaald; regie bij het wijkteam.",
        "chain_worked_well": "nee",
        "leerpunten": "Eerder de woningcorporatie betrekken.",
        "verbetervoorstellen": "Vaste plek voor de woningcorporatie aan tafel.",
    }
    data.update(overrides)
    return data


def test_close_page_shows_the_main_goal_and_logs(plan_case, procesregisseur, signed_in):
    Plan.objects.filter(case=plan_case).update(main_goal="Stabiele woonsituatie zonder overlast.")
    response = signed_in(procesregisseur).get(url("close", plan_case))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Stabiele woonsituatie zonder overlast." in html
    assert "zonder namen, BSN of andere" in html
    assert read_rows(procesregisseur, plan_case).count() == 1


def test_close_records_closure_evaluation_and_transition(plan_case, procesregisseur, signed_in):
    response = signed_in(procesregisseur).post(url("close", plan_case), close_post())
    assert response.status_code == 302
    plan_case.refresh_from_db()
    assert plan_case.state == CaseState.AFGESLOTEN
    assert Closure.objects.get(case=plan_case).outcome == Outcome.BEHAALD
    assert CaseEvaluation.objects.get(case=plan_case).chain_worked_well is False
    assert plan_case.transitions.last().to_state == CaseState.AFGESLOTEN


def test_close_requires_the_reason_and_keeps_the_input(plan_case, procesregisseur, signed_in):
    response = signed_in(procesregisseur).post(url("close", plan_case), close_post(reason=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Geef de reden van afsluiten." in html
    assert "Vaste plek voor de woningcorporatie aan tafel." in html
    assert not Closure.objects.exists()


def test_close_with_failing_chain_requires_leerpunten(plan_case, procesregisseur, signed_in):
    data = close_post(leerpunten="", verbetervoorstellen="")
    response = signed_in(procesregisseur).post(url("close", plan_case), data)
    assert response.status_code == 200
    assert "De keten werkte niet goed samen" in response.content.decode()
    plan_case.refresh_from_db()
    assert plan_case.state == CaseState.GEAGENDEERD
    assert not Closure.objects.exists()


# --- evaluatie achteraf ------------------------------------------------------------------


def test_evaluation_later_on_a_closed_case(plan_case, procesregisseur, signed_in):
    services.close_case(
        case=plan_case, actor=procesregisseur, outcome=Outcome.BEHAALD, reason="Doel behaald."
    )
    client = signed_in(procesregisseur)
    page = client.get(url("evaluation", plan_case))
    assert page.status_code == 200
    assert read_rows(procesregisseur, plan_case).count() == 1
    response = client.post(
        url("evaluation", plan_case),
        {"chain_worked_well": "ja", "leerpunten": "", "verbetervoorstellen": "Eén loket nazorg."},
    )
    assert response.status_code == 302
    assert CaseEvaluation.objects.get(case=plan_case).verbetervoorstellen == "Eén loket nazorg."


def test_evaluation_on_an_open_case_sends_back(plan_case, procesregisseur, signed_in):
    response = signed_in(procesregisseur).post(
        url("evaluation", plan_case), {"chain_worked_well": "ja"}, follow=True
    )
    assert "alleen bij een afgesloten casus" in response.content.decode()
    assert not CaseEvaluation.objects.exists()


# --- the section on the case page ----------------------------------------------------------


def test_case_page_shows_missing_parts_and_buttons_to_procesregie(
    plan_case, procesregisseur, signed_in
):
    services.save_deescalation(
        actor=procesregisseur,
        case=plan_case,
        checklist=complete_checklist(None, consult_agreements=""),
    )
    html = (
        signed_in(procesregisseur)
        .get(reverse("cases:section", args=[plan_case.pk, "afsluiting"]))
        .content.decode()
    )
    assert "Afschalen, afsluiten en evaluatie" in html
    assert "Kies de partner bij wie de regie wordt teruggelegd." in html
    assert "opnieuw consulteert" in html
    assert url("de_escalate", plan_case) in html
    assert url("close", plan_case) in html


def test_partner_at_the_table_reads_the_section_without_buttons(
    plan_case, procesregisseur, partner_user, signed_in, wijkteam
):
    services.de_escalate(
        case=plan_case, actor=procesregisseur, checklist=complete_checklist(wijkteam)
    )
    services.close_case(
        case=plan_case,
        actor=procesregisseur,
        outcome=Outcome.DEELS,
        reason="Overlast gestopt, schulden lopen nog.",
        evaluation=EvaluationInput(chain_worked_well=True, leerpunten="Korte lijnen werkten."),
    )
    response = signed_in(partner_user).get(
        reverse("cases:section", args=[plan_case.pk, "afsluiting"])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Overlast gestopt, schulden lopen nog." in html
    assert "Korte lijnen werkten." in html
    assert "Wijkteam Dordrecht-West" in html
    assert url("close", plan_case) not in html
    assert url("evaluation", plan_case) not in html


def test_melder_only_partner_does_not_see_the_section(
    plan_case, procesregisseur, ggz, ggz_user, signed_in
):
    from tests.factories import add_participant

    add_participant(plan_case, ggz, reason="interventie")
    services.close_case(
        case=plan_case, actor=procesregisseur, outcome=Outcome.BEHAALD, reason="Geheime reden."
    )
    response = signed_in(ggz_user).get(reverse("cases:section", args=[plan_case.pk, "afsluiting"]))
    assert response.status_code == 200
    assert "Geheime reden." not in response.content.decode()
