"""Who may use the plan pages, what each scope sees, conflicts through real clients,
versions, PDF and the access log."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import LifeDomain
from schakel.plans import services
from schakel.plans.models import InterventionUpdate, Plan, PlanVersion
from schakel.plans.printing import version_html
from tests.helpers import add_intervention, sign_in
from tests.plans.helpers import general_data, plan_url, plan_writes

# --- plan page and scopes ---------------------------------------------------------------


def test_procesregisseur_opens_the_plan(plan, procesregisseur, signed_in):
    response = signed_in(procesregisseur).get(plan_url(plan.case))
    assert response.status_code == 200
    assert reverse("plans:edit_general", args=[plan.case.pk]) in response.content.decode()
    assert AccessLogEntry.objects.filter(
        user=procesregisseur, action=AccessAction.READ, case=plan.case, person__isnull=False
    ).exists()


@pytest.mark.parametrize("name", ["detail", "edit_general", "edit_analyses"])
def test_reading_the_plan_pages_without_a_plan_writes_nothing(
    plan_case, procesregisseur, signed_in, name
):
    """A case on a table from before plans were created by triage: the pages only read."""
    Plan.objects.filter(case=plan_case).delete()  # such a case never had a plan
    client = signed_in(procesregisseur)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(plan_url(plan_case, name))
    assert response.status_code in (200, 403)
    assert plan_writes(captured.captured_queries) == []
    assert not Plan.objects.exists()
    if name == "detail":
        assert "Er is nog geen plan van aanpak" in response.content.decode()


def test_no_plan_before_the_case_is_on_a_table(case, table, procesregisseur, signed_in):
    case.table = table
    case.save()
    response = signed_in(procesregisseur).get(plan_url(case))
    assert response.status_code == 200
    assert "Er is nog geen plan van aanpak" in response.content.decode()
    assert not Plan.objects.exists()


def test_tafel_partner_sees_whole_plan_but_only_own_progress(
    complete_plan, partner_user, ggz_user, ggz, politie, signed_in
):
    ggz_item = complete_plan.interventions.get(organisation=ggz)
    police_item = complete_plan.interventions.get(organisation=politie)
    services.report_progress(
        intervention=ggz_item, actor=ggz_user, status="lopend", text="GEHEIM-GGZ-VOORTGANG"
    )
    services.report_progress(
        intervention=police_item, actor=partner_user, status="lopend", text="Huisbezoek gedaan"
    )
    response = signed_in(partner_user).get(plan_url(complete_plan.case))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Behandeling bij de FACT-poli" in body  # the other org's intervention itself
    assert "Analyse per leefgebied" in body
    assert "Huisbezoek gedaan" in body
    assert "GEHEIM-GGZ-VOORTGANG" not in body
    assert reverse("plans:edit_general", args=[complete_plan.case.pk]) not in body
    assert AccessLogEntry.objects.filter(user=partner_user, case=complete_plan.case).exists()


def test_intervention_holder_sees_only_shared_part_and_own_intervention(
    complete_plan, ggz_user, signed_in
):
    response = signed_in(ggz_user).get(plan_url(complete_plan.case))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Wonen en zorg op orde" in body  # hoofddoel
    assert "Vaste woonplek binnen drie maanden" in body  # subdoel
    assert "Bij niet-naleving volgt" in body
    assert "Behandeling bij de FACT-poli" in body
    assert "Wekelijks huisbezoek wijkagent" not in body
    assert "Analyse per leefgebied" not in body
    assert "Voortgang melden" in body


def test_partner_reports_progress_on_own_intervention(complete_plan, ggz_user, ggz, signed_in):
    item = complete_plan.interventions.get(organisation=ggz)
    client = signed_in(ggz_user)
    url = plan_url(complete_plan.case, "progress", item.pk)
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "lopend", "text": "Eerste gesprek gevoerd."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "lopend"
    assert InterventionUpdate.objects.get().text == "Eerste gesprek gevoerd."
    assert AccessLogEntry.objects.filter(
        user=ggz_user, action=AccessAction.CHANGE, object_type="InterventionUpdate"
    ).exists()


def test_progress_without_text_keeps_status_and_gets_dutch_message(
    complete_plan, ggz_user, ggz, signed_in
):
    item = complete_plan.interventions.get(organisation=ggz)
    response = signed_in(ggz_user).post(
        plan_url(complete_plan.case, "progress", item.pk), {"status": "gestopt", "text": ""}
    )
    assert response.status_code == 200
    assert "Beschrijf de voortgang." in response.content.decode()
    item.refresh_from_db()
    assert item.status == "gepland"


def test_partner_cannot_update_another_organisations_intervention(
    complete_plan, partner_user, ggz_user, ggz, politie, signed_in
):
    police_item = complete_plan.interventions.get(organisation=politie)
    ggz_item = complete_plan.interventions.get(organisation=ggz)
    # EIGEN (GGZ) does not even see the police intervention.
    response = signed_in(ggz_user).post(
        plan_url(complete_plan.case, "progress", police_item.pk), {"status": "gestopt", "text": "x"}
    )
    assert response.status_code == 404
    # TAFEL (police) sees the GGZ intervention but may not report on it.
    response = sign_in(Client(), partner_user).post(
        plan_url(complete_plan.case, "progress", ggz_item.pk), {"status": "gestopt", "text": "x"}
    )
    assert response.status_code == 403
    assert not InterventionUpdate.objects.exists()
    ggz_item.refresh_from_db()
    assert ggz_item.status == "gepland"


# --- editing ----------------------------------------------------------------------------


def test_procesregisseur_saves_general_part(plan, procesregisseur, signed_in):
    response = signed_in(procesregisseur).post(
        plan_url(plan.case, "edit_general"), general_data(plan)
    )
    assert response.status_code == 302
    saved = Plan.objects.get(pk=plan.pk)
    assert saved.main_goal == "Stabiel wonen zonder overlast"
    assert saved.revision == 1
    assert list(saved.main_goal_domains.values_list("code", flat=True)) == ["wonen"]


def test_analyses_form_saves_all_thirteen_domains(plan, procesregisseur, signed_in):
    domains = list(LifeDomain.objects.all())
    assert len(domains) == 13
    data = {"revision": plan.revision}
    for domain in domains:
        data[f"status_{domain.pk}"] = "stabiel"
        data[f"analysis_{domain.pk}"] = f"Analyse {domain.code}"
    data[f"status_{domains[0].pk}"] = "zorg"
    client = signed_in(procesregisseur)
    assert client.get(plan_url(plan.case, "edit_analyses")).status_code == 200
    assert client.post(plan_url(plan.case, "edit_analyses"), data).status_code == 302
    assert plan.analyses.count() == 13
    assert plan.analyses.get(life_domain=domains[0]).status == "zorg"


def test_add_intervention_through_the_form_makes_holder_participant(
    plan, procesregisseur, ggz, signed_in
):
    data = {
        "revision": plan.revision,
        "line": "zorg",
        "kader": "vrijwillig",
        "description": "Schuldhulpverlening",
        "organisation": ggz.pk,
        "responsible_name": "",
        "goal": "",
        "starts_on": "2030-02-01",
        "ends_on": "2030-01-01",
        "status": "gepland",
    }
    client = signed_in(procesregisseur)
    response = client.post(plan_url(plan.case, "intervention_create"), data)
    assert response.status_code == 200
    assert "De einddatum ligt vóór de startdatum." in response.content.decode()
    assert "Schuldhulpverlening" in response.content.decode()
    data["ends_on"] = "2030-12-31"
    assert client.post(plan_url(plan.case, "intervention_create"), data).status_code == 302
    assert plan.interventions.get().organisation == ggz
    assert plan.case.participants.filter(organisation=ggz, reason="interventie").exists()


def test_second_save_gets_conflict_and_keeps_its_text(
    plan, procesregisseur, second_procesregisseur, signed_in
):
    first = signed_in(procesregisseur)
    second = sign_in(Client(), second_procesregisseur)
    url = plan_url(plan.case, "edit_general")
    # Both open the form at revision 0.
    assert 'name="revision" value="0"' in first.get(url).content.decode()
    assert 'name="revision" value="0"' in second.get(url).content.decode()
    assert first.post(url, general_data(plan, main_goal="Tekst van de eerste")).status_code == 302
    response = second.post(url, general_data(plan, main_goal="Tekst van Sanne"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft het plan intussen gewijzigd" in body
    assert "Uw tekst staat hieronder nog" in body
    assert "Tekst van Sanne" in body  # the second user's typed text is kept
    assert "Tekst van de eerste" in body  # the current version shown next to it
    assert 'name="revision" value="1"' in body  # saving again is a deliberate choice
    saved = Plan.objects.get(pk=plan.pk)
    assert saved.main_goal == "Tekst van de eerste"
    assert saved.revision == 1
    # Saving again after comparing is allowed.
    response = second.post(url, general_data(plan, revision=1, main_goal="Tekst van Sanne"))
    assert response.status_code == 302
    assert Plan.objects.get(pk=plan.pk).main_goal == "Tekst van Sanne"


def test_no_editing_after_closure(plan, procesregisseur, signed_in):
    type(plan.case).objects.filter(pk=plan.case.pk).update(state=CaseState.AFGESLOTEN)
    response = signed_in(procesregisseur).post(
        plan_url(plan.case, "edit_general"), general_data(plan)
    )
    assert response.status_code == 403
    assert Plan.objects.get(pk=plan.pk).revision == 0


# --- agreeing ---------------------------------------------------------------------------


def test_agree_view_sets_version_and_case_in_uitvoering(
    complete_plan, procesregisseur, meeting, signed_in
):
    client = signed_in(procesregisseur)
    url = plan_url(complete_plan.case, "agree")
    page = client.get(f"{url}?overleg={meeting.pk}").content.decode()
    assert f'<option value="{meeting.pk}" selected>' in page
    response = client.post(
        url, {"revision": complete_plan.revision, "meeting": meeting.pk, "confirm": "on"}
    )
    assert response.status_code == 302
    version = PlanVersion.objects.get()
    assert version.meeting == meeting
    complete_plan.case.refresh_from_db()
    assert complete_plan.case.state == CaseState.IN_UITVOERING


def test_agree_view_refuses_incomplete_plan(plan, procesregisseur, meeting, signed_in):
    response = signed_in(procesregisseur).post(
        plan_url(plan.case, "agree"),
        {"revision": plan.revision, "meeting": meeting.pk, "confirm": "on"},
    )
    assert response.status_code == 200
    assert "Het plan heeft nog geen hoofddoel." in response.content.decode()
    assert not PlanVersion.objects.exists()


def test_agree_view_offers_only_meetings_with_the_case(
    complete_plan, procesregisseur, meeting, table, signed_in
):
    other = type(meeting).objects.create(
        table=table, starts_at=meeting.starts_at, ends_at=meeting.ends_at
    )
    response = signed_in(procesregisseur).post(
        plan_url(complete_plan.case, "agree"),
        {"revision": complete_plan.revision, "meeting": other.pk, "confirm": "on"},
    )
    assert response.status_code == 200
    assert "Kies een overleg uit de lijst." in response.content.decode()
    assert not PlanVersion.objects.exists()


# --- versions, compare, PDF -------------------------------------------------------------


def test_versions_list_and_version_page(two_versions, procesregisseur, signed_in):
    client = signed_in(procesregisseur)
    response = client.get(plan_url(two_versions.case, "versions"))
    assert response.status_code == 200
    assert "Versie 2" in response.content.decode()
    response = client.get(plan_url(two_versions.case, "version", 1))
    assert response.status_code == 200
    assert "Wonen en zorg op orde; geen nieuwe incidenten" in response.content.decode()
    assert client.get(plan_url(two_versions.case, "version", 9)).status_code == 404


def test_compare_marks_changes_with_words(two_versions, procesregisseur, signed_in):
    response = signed_in(procesregisseur).get(plan_url(two_versions.case, "compare") + "?a=1&b=2")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<caption>" in body
    assert "<del>nieuwe</del>" in body
    assert "<ins>meer in de straat</ins>" in body
    assert "gewijzigd" in body and "nieuw" in body
    assert "Gebiedsverbod aanvragen" in body
    assert AccessLogEntry.objects.filter(
        user=procesregisseur, detail="Versies 1 en 2 vergeleken"
    ).exists()


def test_compare_for_holder_hides_other_interventions(two_versions, ggz_user, signed_in):
    response = signed_in(ggz_user).get(plan_url(two_versions.case, "compare") + "?a=1&b=2")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Gebiedsverbod aanvragen" not in body
    assert "Wekelijks huisbezoek" not in body
    assert "Analyse per leefgebied" not in body


def test_pdf_for_partner_at_the_table(two_versions, partner_user, signed_in):
    response = signed_in(partner_user).get(plan_url(two_versions.case, "version_pdf", 1))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 5000
    assert AccessLogEntry.objects.filter(
        user=partner_user, action=AccessAction.EXPORT, case=two_versions.case
    ).exists()


def test_pdf_content_comes_from_the_snapshot(two_versions):
    version = two_versions.versions.get(number=1)
    html = version_html(case=two_versions.case, version=version, snapshot=version.snapshot)
    assert "Wonen en zorg op orde; geen nieuwe incidenten" in html
    assert "Gebiedsverbod aanvragen" not in html  # added after version 1
    assert "Vertrouwelijk — uitsluitend voor de partners aan de regietafel" in html
    assert two_versions.case.reference in html
    from weasyprint import HTML

    document = HTML(string=html).render()
    text = "".join(
        box.text
        for page in document.pages
        for box in _descendants(page._page_box)
        if hasattr(box, "text")
    )
    assert "Wonen en zorg op orde" in text


def _descendants(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)


# --- outsiders and wrong roles ----------------------------------------------------------


# --- case section and query counts ------------------------------------------------------


def test_case_page_shows_plan_section(two_versions, partner_user, signed_in):
    body = signed_in(partner_user).get(
        reverse("cases:section", args=[two_versions.case.pk, "aanpak"])
    )
    text = body.content.decode()
    assert "Wonen en zorg op orde; geen incidenten meer" in text
    assert "Versie 2" in text
    assert plan_url(two_versions.case) in text


@pytest.mark.parametrize("user_fixture", ["procesregisseur", "partner_user"])
def test_plan_page_query_count_does_not_grow_with_interventions(
    complete_plan,
    politie,
    ggz,
    ggz_user,
    partner_user,
    signed_in,
    request,
    user_fixture,
    django_assert_max_num_queries,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = request.getfixturevalue(user_fixture)
    client = signed_in(user)
    url = plan_url(complete_plan.case)
    client.get(url)
    with CaptureQueriesContext(connection) as with_two:
        assert client.get(url).status_code == 200
    for number in range(6):
        organisation = politie if number % 2 else ggz
        item = add_intervention(
            complete_plan,
            request.getfixturevalue("procesregisseur"),
            organisation,
            f"Extra {number}",
        )
        services.report_progress(
            intervention=item,
            actor=partner_user if organisation == politie else ggz_user,
            status="lopend",
            text=f"Voortgang {number}",
        )
        complete_plan.revision = Plan.objects.get(pk=complete_plan.pk).revision
    assert complete_plan.interventions.count() == 8
    with django_assert_max_num_queries(len(with_two)):
        assert client.get(url).status_code == 200


def test_editing_a_goal_someone_removed_keeps_the_text(
    complete_plan, procesregisseur, second_procesregisseur, signed_in
):
    goal = complete_plan.goals.get()
    url = plan_url(complete_plan.case, "goal_edit", goal.pk)
    first = signed_in(procesregisseur)
    opened = Plan.objects.get(pk=complete_plan.pk).revision
    assert first.get(url).status_code == 200
    second = sign_in(Client(), second_procesregisseur)
    remove_url = plan_url(complete_plan.case, "goal_remove", goal.pk)
    assert second.post(remove_url, {"revision": opened}).status_code == 302
    response = first.post(
        url, {"revision": opened, "description": "Mijn aangepaste subdoel", "measure": ""}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft het plan intussen gewijzigd" in body
    assert "Mijn aangepaste subdoel" in body
    assert "Dit subdoel is intussen verwijderd." in body
    assert not complete_plan.goals.exists()
    assert first.get(url).status_code == 404
