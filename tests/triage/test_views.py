"""Who may use the triage pages, what they show, and what the access log holds afterwards."""

from django.template.loader import render_to_string
from django.urls import reverse

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.cases.lifecycle import CaseState
from schakel.triage.models import TriageDecision
from schakel.triage.selectors import decisions_for_case
from tests.factories import OrganisationFactory, TableFactory
from tests.triage.helpers import agenda_data, decide_url

# --- start -----------------------------------------------------------------------------


def test_start_moves_case_to_triage(case, procesregisseur, signed_in):
    response = signed_in(procesregisseur).post(reverse("triage:start", args=[case.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:section", args=[case.pk, "melding"])
    case.refresh_from_db()
    assert case.state == CaseState.IN_TRIAGE
    assert AccessLogEntry.objects.filter(
        user=procesregisseur, action=AccessAction.CHANGE, case=case
    ).exists()


# --- decide ----------------------------------------------------------------------------


def test_decision_form_shows_the_criteria_in_fieldsets(triage_case, procesregisseur, signed_in):
    response = signed_in(procesregisseur).get(decide_url(triage_case))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Criteria van het Landelijk Kader" in html
    assert "op meer dan één leefgebied" in html
    assert "impact heeft op de lokale of" in html
    assert "O3MP-toets" in html
    assert "Ondoorgrondelijk" in html
    assert html.count('class="schakel-fieldset"') == 6
    assert AccessLogEntry.objects.filter(
        user=procesregisseur, action=AccessAction.READ, case=triage_case
    ).exists()


def test_decision_form_offers_only_active_tables_and_convenant_partners_of_the_region(
    triage_case, procesregisseur, signed_in, region, other_region, ggz
):
    TableFactory(region=region, name="Opgeheven tafel", is_active=False)
    TableFactory(region=other_region, name="Jeugd Haaglanden")
    OrganisationFactory(region=region, name="Buurthuis Zonder Convenant", convenant_signed_on=None)
    html = signed_in(procesregisseur).get(decide_url(triage_case)).content.decode()
    assert "Volwassenen" in html
    assert "Opgeheven tafel" not in html
    assert "Jeugd Haaglanden" not in html
    assert "GGZ Drechtsteden" in html
    assert "Buurthuis Zonder Convenant" not in html


def test_decide_agenderen(triage_case, procesregisseur, signed_in, table, ggz):
    response = signed_in(procesregisseur).post(
        decide_url(triage_case), agenda_data(table, required_partners=[ggz.pk])
    )
    assert response.status_code == 302
    triage_case.refresh_from_db()
    assert triage_case.state == CaseState.GEAGENDEERD
    assert triage_case.table == table
    decision = TriageDecision.objects.get()
    assert list(decision.required_partners.all()) == [ggz]
    assert AccessLogEntry.objects.filter(
        user=procesregisseur, action=AccessAction.CHANGE, object_ref=str(decision.pk)
    ).exists()


def test_decide_without_purpose_keeps_what_was_typed(
    triage_case, procesregisseur, signed_in, table
):
    response = signed_in(procesregisseur).post(
        decide_url(triage_case), agenda_data(table, purpose="", reason="Mijn eigen motivering")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Zonder doel van de bespreking kan een casus niet worden geagendeerd" in html
    assert "Mijn eigen motivering" in html
    assert not TriageDecision.objects.exists()
    triage_case.refresh_from_db()
    assert triage_case.state == CaseState.IN_TRIAGE


def test_decide_with_tampered_table_of_another_region(
    triage_case, procesregisseur, signed_in, other_region
):
    elsewhere = TableFactory(region=other_region, name="Jeugd Haaglanden")
    response = signed_in(procesregisseur).post(decide_url(triage_case), agenda_data(elsewhere))
    assert response.status_code == 200
    assert "Deze regietafel hoort niet bij de regio van de casus." in response.content.decode()
    assert not TriageDecision.objects.exists()


def test_decide_missing_ratings_and_outcome_gives_dutch_messages(
    triage_case, procesregisseur, signed_in
):
    response = signed_in(procesregisseur).post(decide_url(triage_case), {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Geef aan hoe complex de casus is." in html
    assert "Kies een besluit." in html
    assert "Motiveer het besluit." in html


def test_decide_niet_in_behandeling(triage_case, procesregisseur, signed_in):
    response = signed_in(procesregisseur).post(
        decide_url(triage_case),
        {
            "complexity": "laag",
            "risk": "laag",
            "unrest": "laag",
            "outcome": "niet_in_behandeling",
            "reason": "Geen multiproblematiek.",
        },
    )
    assert response.status_code == 302
    triage_case.refresh_from_db()
    assert triage_case.state == CaseState.NIET_IN_BEHANDELING


def test_decide_page_outside_triage_shows_no_form(case, procesregisseur, signed_in):
    response = signed_in(procesregisseur).get(decide_url(case))
    assert response.status_code == 200
    assert "Deze casus is niet in triage" in response.content.decode()
    assert 'name="outcome"' not in response.content.decode()


def test_decide_post_outside_triage_is_refused(case, procesregisseur, signed_in, table):
    response = signed_in(procesregisseur).post(decide_url(case), agenda_data(table))
    assert response.status_code == 200
    assert not TriageDecision.objects.exists()
    case.refresh_from_db()
    assert case.state == CaseState.AANGEMELD


def test_decide_page_query_count_is_bounded(
    triage_case, procesregisseur, signed_in, region, django_assert_max_num_queries
):
    for number in range(10):
        TableFactory(region=region, name=f"Tafel {number}")
        OrganisationFactory(region=region, name=f"Partner {number}")
    client = signed_in(procesregisseur)
    client.get(decide_url(triage_case))
    with django_assert_max_num_queries(14):
        assert client.get(decide_url(triage_case)).status_code == 200


# --- the section on the case page ------------------------------------------------------


def section(case, may_direct):
    return render_to_string(
        "triage/_case_section.html",
        {
            "case": case,
            "triage_decisions": list(decisions_for_case(case=case)),
            "may_direct": may_direct,
        },
    )


def test_section_offers_naar_triage_during_intake(case):
    html = section(case, may_direct=True)
    assert reverse("triage:start", args=[case.pk]) in html
    assert "Naar triage" in html
    assert reverse("triage:start", args=[case.pk]) not in section(case, may_direct=False)


def test_section_links_to_the_decision_form_in_triage(triage_case):
    assert decide_url(triage_case) in section(triage_case, may_direct=True)
    assert decide_url(triage_case) not in section(triage_case, may_direct=False)


def test_section_shows_previous_decisions(triage_case, procesregisseur, signed_in, table, ggz):
    signed_in(procesregisseur).post(
        decide_url(triage_case), agenda_data(table, required_partners=[ggz.pk])
    )
    triage_case.refresh_from_db()
    html = section(triage_case, may_direct=True)
    assert "Agenderen op een regietafel" in html
    assert "Eén gezamenlijk plan van aanpak" in html
    assert "GGZ Drechtsteden" in html
    assert decide_url(triage_case) not in html


def test_case_page_offers_naar_triage(case, procesregisseur, signed_in):
    page = reverse("cases:section", args=[case.pk, "melding"])
    html = signed_in(procesregisseur).get(page).content.decode()
    assert reverse("triage:start", args=[case.pk]) in html
