"""Vertrouwelijke onderdelen (PRODUCT.md section 14): an answer, minutes, an analysis and a
progress report marked vertrouwelijk are read only by the organisations the writer named
(always its own) and, by the writer's choice, the procesregie of the ZVH. Everyone else
who may see the item sees that it exists and whom to ask: on the page, in print and PDF,
in the comparison of versions, and never in a message.

One scenario for all four: a case at the table, the police and GGZ invited to its agenda
item of a meeting that has begun, GGZ asked for information and holding an intervention.
"""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.access.policy import confidential_choices, may_read_confidential
from schakel.accounts.roles import Role
from schakel.cases.models import LifeDomain
from schakel.core.confidentiality import ConfidentialMark, Marking
from schakel.inquiries import services as inquiries
from schakel.inquiries.models import InformationRequest
from schakel.meetings import services as meetings
from schakel.notifications.models import Notification
from schakel.plans import services as plans
from schakel.plans.models import DomainAnalysis, InterventionUpdate, Plan
from tests.builders import invited, on_agenda, started_meeting
from tests.factories import UserFactory
from tests.helpers import add_goal, add_intervention, fill_general

ANSWER = "Diagnose: psychotische stoornis, in behandeling sinds maart."
MINUTES = "Politie-informatie uit lopend onderzoek naar de broer."
ANALYSIS = "Medicatie wordt niet ingenomen; crisisdienst twee keer ingeschakeld."
PROGRESS = "Cliënt weigerde de depotinjectie; psychiater overweegt een zorgmachtiging."


@pytest.fixture
def scenario(plan_case, table, procesregisseur, politie, ggz):
    meeting = started_meeting(table)
    item = on_agenda(meeting, plan_case, actor=procesregisseur)
    invited(item, [politie, ggz], actor=procesregisseur)
    item.refresh_from_db()
    plan = Plan.objects.get(case=plan_case)
    plan.case = plan_case
    return SimpleNamespace(case=plan_case, meeting=meeting, item=item, plan=plan)


@pytest.fixture
def politie_user(partner_user):
    return partner_user


def text_of(response) -> str:
    return response.content.decode()


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def marking_rows(user, obj):
    return AccessLogEntry.objects.filter(
        user=user,
        action=AccessAction.CHANGE,
        object_type=type(obj).__name__,
        object_ref=str(obj.pk),
        detail__startswith="Vertrouwelijk",
    )


# --- The rule ----------------------------------------------------------------------------


def test_rule_reads_the_marking(zvh, politie, ggz, procesregisseur, partner_user, ggz_user):
    open_mark = ConfidentialMark()
    for_ggz = ConfidentialMark(
        is_confidential=True, confidential_for_procesregie=False, organisation_ids=(ggz.pk,)
    )
    with_procesregie = ConfidentialMark(
        is_confidential=True, confidential_for_procesregie=True, organisation_ids=(ggz.pk,)
    )
    assert may_read_confidential(partner_user, open_mark)
    assert may_read_confidential(ggz_user, for_ggz)
    assert not may_read_confidential(partner_user, for_ggz)
    assert not may_read_confidential(procesregisseur, for_ggz)
    assert may_read_confidential(procesregisseur, with_procesregie)
    assert not may_read_confidential(partner_user, with_procesregie)
    ggz_user.is_active = False
    assert not may_read_confidential(ggz_user, for_ggz)
    # A manager of the ZVH is no procesregie: a role alone never opens content.
    manager = UserFactory(organisation=zvh, roles=[Role.MANAGER])
    assert not may_read_confidential(manager, with_procesregie)


def test_a_version_from_before_the_marking_reads_as_open():
    assert not ConfidentialMark.from_json(None).is_confidential
    assert not ConfidentialMark.from_json({}).is_confidential


def test_only_involved_convenant_partners_can_be_named(scenario, politie, ggz, outsider_org):
    names = set(confidential_choices(scenario.case))
    assert {politie, ggz} <= names
    assert outsider_org not in names


# --- Answer to an information request -----------------------------------------------------


@pytest.fixture
def request_to_ggz(scenario, ask, ggz):
    return ask(scenario.case, ggz)


def answer_post(**extra):
    return {"answer": ANSWER, "is_confidential": "on", **extra}


def test_answer_for_own_organisation_only(
    request_to_ggz, scenario, ggz_user, procesregisseur, signed_in, client
):
    url = reverse("inquiries:detail", args=[request_to_ggz.pk])
    response = signed_in(ggz_user).post(url, answer_post())
    assert response.status_code == 302
    stored = InformationRequest.objects.get(pk=request_to_ggz.pk)
    assert stored.is_confidential
    assert not stored.confidential_for_procesregie
    assert stored.confidential_organisation_ids == {ggz_user.organisation_id}
    assert marking_rows(ggz_user, stored).get().detail == ("Vertrouwelijk voor: GGZ Drechtsteden")

    assert ANSWER in text_of(client.get(url))

    client.logout()
    signed_in(procesregisseur)
    detail = text_of(client.get(url))
    assert ANSWER not in detail
    assert "Vertrouwelijk" in detail
    assert "Vraag het zo nodig na bij GGZ Drechtsteden" in detail
    assert ggz_user.email in detail
    section = client.get(
        reverse("cases:section", kwargs={"pk": scenario.case.pk, "section": "melding"})
    )
    assert ANSWER[:40] not in text_of(section)
    assert "Vraag het zo nodig na bij GGZ Drechtsteden" in text_of(section)
    # Reading the request (with the placeholder) is logged like any read.
    assert AccessLogEntry.objects.filter(
        user=procesregisseur, action=AccessAction.READ, object_ref=str(stored.pk)
    ).exists()
    # The message about the answer names the reference only.
    texts = list(Notification.objects.values_list("text", flat=True))
    assert texts
    assert all(ANSWER[:20] not in text for text in texts)


def test_answer_shared_with_procesregie_is_read_by_procesregie(
    request_to_ggz, ggz_user, procesregisseur, informatiemakelaar, signed_in, client
):
    url = reverse("inquiries:detail", args=[request_to_ggz.pk])
    signed_in(ggz_user).post(url, answer_post(confidential_for_procesregie="on"))
    client.logout()
    signed_in(procesregisseur)
    assert ANSWER in text_of(client.get(url))
    stored = InformationRequest.objects.get(pk=request_to_ggz.pk)
    assert may_read_confidential(informatiemakelaar, stored)


def test_answer_naming_an_uninvolved_organisation_is_refused_and_nothing_saved(
    request_to_ggz, ggz_user, outsider_org, signed_in
):
    url = reverse("inquiries:detail", args=[request_to_ggz.pk])
    response = signed_in(ggz_user).post(url, answer_post(confidential_for=[outsider_org.pk]))
    assert response.status_code == 200
    assert "kies alleen organisaties die bij deze casus betrokken zijn" in text_of(response)
    assert ANSWER in text_of(response)  # what was typed stays
    stored = InformationRequest.objects.get(pk=request_to_ggz.pk)
    assert stored.is_open and stored.answer == "" and not stored.is_confidential


@pytest.mark.parametrize("value", ["999999999999999999999999", "abc", "-1", "1\x00"])
def test_tampered_organisation_ids_get_a_dutch_message(request_to_ggz, ggz_user, signed_in, value):
    url = reverse("inquiries:detail", args=[request_to_ggz.pk])
    response = signed_in(ggz_user).post(url, answer_post(confidential_for=[value]))
    assert response.status_code == 200
    assert "Kies alleen organisaties die bij deze casus betrokken zijn." in text_of(response)
    assert InformationRequest.objects.get(pk=request_to_ggz.pk).is_open


def test_organisations_without_the_checkbox_are_refused(request_to_ggz, ggz_user, politie):
    with pytest.raises(ValidationError) as refused:
        inquiries.answer_request(
            actor=ggz_user,
            information_request=request_to_ggz,
            answer=ANSWER,
            marking=Marking(is_confidential=False, organisations=(politie,)),
        )
    assert "vinkte ‘Vertrouwelijk’ niet aan" in str(refused.value.message_dict["confidential_for"])
    assert InformationRequest.objects.get(pk=request_to_ggz.pk).is_open


# --- Minutes of an agenda item -------------------------------------------------------------


def minutes_post(item, **extra):
    return {
        "beeldvorming": MINUTES,
        "oordeelvorming": "",
        "besluitvorming": "Politie en GGZ stemmen af.",
        "version": str(item.version),
        **extra,
    }


def test_minutes_for_the_police_only(
    scenario, procesregisseur, politie, politie_user, ggz_user, signed_in, client
):
    item, meeting = scenario.item, scenario.meeting
    url = reverse("meetings:minutes", args=[meeting.pk, item.pk])
    response = signed_in(procesregisseur).post(
        url, minutes_post(item, is_confidential="on", confidential_for=[politie.pk])
    )
    assert response.status_code == 302, text_of(response)
    item.refresh_from_db()
    # The writer is procesregie: its own organisation and procesregie always read it.
    assert item.confidential_organisation_ids == {politie.pk, procesregisseur.organisation_id}
    assert item.confidential_for_procesregie
    assert marking_rows(procesregisseur, item).count() == 1
    page_url = reverse("meetings:item", args=[meeting.pk, item.pk])
    print_url = reverse("meetings:print_minutes", args=[meeting.pk])
    assert MINUTES in text_of(client.get(page_url))

    client.logout()
    signed_in(politie_user)
    assert MINUTES in text_of(client.get(page_url))
    assert MINUTES in text_of(client.get(print_url))

    client.logout()
    signed_in(ggz_user)
    for url_read in (page_url, print_url):
        shown = text_of(client.get(url_read))
        assert MINUTES not in shown
        assert "Politie en GGZ stemmen af." not in shown
        assert "Vraag het zo nodig na bij ZVH Zuid-Holland Zuid" in shown
    assert AccessLogEntry.objects.filter(
        user=ggz_user, action=AccessAction.EXPORT, object_ref=str(meeting.pk)
    ).exists()


def test_lifting_the_marking_is_logged_and_opens_the_minutes(
    scenario, procesregisseur, politie, ggz_user, signed_in, client
):
    item, meeting = scenario.item, scenario.meeting
    url = reverse("meetings:minutes", args=[meeting.pk, item.pk])
    signed_in(procesregisseur)
    client.post(url, minutes_post(item, is_confidential="on", confidential_for=[politie.pk]))
    item.refresh_from_db()
    client.post(url, minutes_post(item))
    item.refresh_from_db()
    assert not item.is_confidential and item.confidential_organisation_ids == set()
    assert AccessLogEntry.objects.filter(
        user=procesregisseur,
        action=AccessAction.CHANGE,
        object_ref=str(item.pk),
        detail="Markering vertrouwelijk opgeheven",
    ).exists()
    client.logout()
    signed_in(ggz_user)
    assert MINUTES in text_of(client.get(reverse("meetings:item", args=[meeting.pk, item.pk])))


def test_saving_the_same_marking_again_logs_no_change(scenario, procesregisseur, politie):
    item = scenario.item
    for _ in range(2):
        item.refresh_from_db()
        meetings.record_minutes(
            item=item,
            actor=procesregisseur,
            beeldvorming=MINUTES,
            oordeelvorming="",
            besluitvorming="",
            expected_version=item.version,
            marking=Marking(is_confidential=True, organisations=(politie,)),
        )
    assert marking_rows(procesregisseur, item).count() == 1


def test_a_stale_minutes_form_changes_no_marking(scenario, procesregisseur, politie, signed_in):
    item, meeting = scenario.item, scenario.meeting
    url = reverse("meetings:minutes", args=[meeting.pk, item.pk])
    client = signed_in(procesregisseur)
    stale = item.version
    client.post(url, minutes_post(item))
    response = client.post(
        url,
        {**minutes_post(item), "version": str(stale), "is_confidential": "on"},
    )
    assert "Iemand anders heeft" in text_of(response)
    item.refresh_from_db()
    assert not item.is_confidential


# --- Analysis per leefgebied ---------------------------------------------------------------


def analyses_post(plan, psychisch, ggz, **extra):
    data = {"revision": str(Plan.objects.get(pk=plan.pk).revision)}
    for domain in LifeDomain.objects.all():
        data[f"status_{domain.pk}"] = "onbekend"
        data[f"analysis_{domain.pk}"] = ""
    data[f"status_{psychisch.pk}"] = "zorg"
    data[f"analysis_{psychisch.pk}"] = ANALYSIS
    data[f"vertrouwelijk_{psychisch.pk}_is_confidential"] = "on"
    data[f"vertrouwelijk_{psychisch.pk}_confidential_for"] = [str(ggz.pk)]
    data.update(extra)
    return data


@pytest.fixture
def psychisch(db):
    return LifeDomain.objects.get(code="psychisch")


@pytest.fixture
def marked_analysis(scenario, procesregisseur, psychisch, ggz, signed_in, client):
    response = signed_in(procesregisseur).post(
        reverse("plans:edit_analyses", args=[scenario.case.pk]),
        analyses_post(scenario.plan, psychisch, ggz),
    )
    assert response.status_code == 302, text_of(response)
    client.logout()
    return DomainAnalysis.objects.get(plan=scenario.plan, life_domain=psychisch)


def test_analysis_for_ggz_on_the_plan_page(
    marked_analysis, scenario, procesregisseur, politie_user, ggz_user, ggz, signed_in, client
):
    assert marked_analysis.is_confidential
    assert marked_analysis.confidential_organisation_ids == {
        ggz.pk,
        procesregisseur.organisation_id,
    }
    assert marking_rows(procesregisseur, marked_analysis).count() == 1
    url = reverse("plans:detail", args=[scenario.case.pk])
    signed_in(ggz_user)
    assert ANALYSIS in text_of(client.get(url))
    client.logout()
    signed_in(politie_user)
    shown = text_of(client.get(url))
    assert ANALYSIS not in shown
    assert "Zorg" in shown  # the status stays visible to the table
    assert "Vraag het zo nodig na bij ZVH Zuid-Holland Zuid" in shown


def test_analysis_stays_confidential_in_versions_comparison_and_pdf(
    marked_analysis,
    scenario,
    procesregisseur,
    politie,
    politie_user,
    ggz_user,
    signed_in,
    client,
):
    plan = scenario.plan
    plan.revision = Plan.objects.get(pk=plan.pk).revision
    fill_general(plan, procesregisseur)
    plan.revision = Plan.objects.get(pk=plan.pk).revision
    goal = add_goal(plan, procesregisseur)
    plan.revision = Plan.objects.get(pk=plan.pk).revision
    add_intervention(plan, procesregisseur, politie, goal=goal)
    for _ in range(2):
        plans.agree_plan(
            plan=plan,
            actor=procesregisseur,
            meeting=scenario.meeting,
            expected_revision=Plan.objects.get(pk=plan.pk).revision,
        )
    case = scenario.case
    version_url = reverse("plans:version", args=[case.pk, 1])
    pdf_url = reverse("plans:version_pdf", args=[case.pk, 1])
    compare_url = reverse("plans:compare", args=[case.pk]) + "?a=1&b=2"

    signed_in(politie_user)
    for url in (version_url, compare_url):
        shown = text_of(client.get(url))
        assert ANALYSIS not in shown
        assert "ZVH Zuid-Holland Zuid" in shown
    police_pdf = pdf_text(client.get(pdf_url).content)
    assert "Medicatie" not in police_pdf
    assert "Vertrouwelijk" in police_pdf and "ZVH Zuid-Holland Zuid" in police_pdf

    client.logout()
    signed_in(ggz_user)
    assert ANALYSIS in text_of(client.get(version_url))
    assert "Medicatie wordt niet ingenomen" in pdf_text(client.get(pdf_url).content)


def test_analysis_marking_naming_a_stranger_saves_nothing(
    scenario, procesregisseur, psychisch, ggz, outsider_org, signed_in
):
    before = Plan.objects.get(pk=scenario.plan.pk).revision
    data = analyses_post(scenario.plan, psychisch, ggz)
    data[f"vertrouwelijk_{psychisch.pk}_confidential_for"] = [str(outsider_org.pk)]
    response = signed_in(procesregisseur).post(
        reverse("plans:edit_analyses", args=[scenario.case.pk]), data
    )
    assert response.status_code == 200
    assert "Woningcorporatie Elders kan niet worden gekozen" in text_of(response)
    assert ANALYSIS in text_of(response)
    assert Plan.objects.get(pk=scenario.plan.pk).revision == before
    assert not DomainAnalysis.objects.filter(plan=scenario.plan).exists()


# --- Progress report on an intervention ----------------------------------------------------


@pytest.fixture
def ggz_intervention(scenario, procesregisseur, ggz):
    return add_intervention(scenario.plan, procesregisseur, ggz)


def test_progress_report_kept_from_procesregie(
    ggz_intervention, scenario, ggz_user, procesregisseur, signed_in, client
):
    case = scenario.case
    response = signed_in(ggz_user).post(
        reverse("plans:progress", args=[case.pk, ggz_intervention.pk]),
        {"status": "lopend", "text": PROGRESS, "is_confidential": "on"},
    )
    assert response.status_code == 302, text_of(response)
    update = InterventionUpdate.objects.get(intervention=ggz_intervention)
    assert update.is_confidential and not update.confidential_for_procesregie
    assert marking_rows(ggz_user, update).count() == 1
    url = reverse("plans:detail", args=[case.pk])
    assert PROGRESS in text_of(client.get(url))
    client.logout()
    signed_in(procesregisseur)
    shown = text_of(client.get(url))
    assert PROGRESS not in shown
    assert "Lopend" in shown  # the intervention's status is the plan's, not the report's
    assert "Vraag het zo nodig na bij GGZ Drechtsteden" in shown
    assert all(PROGRESS[:20] not in t for t in Notification.objects.values_list("text", flat=True))


def test_progress_report_shared_with_procesregie_by_default(
    ggz_intervention, scenario, ggz_user, procesregisseur
):
    update = plans.report_progress(
        intervention=ggz_intervention,
        actor=ggz_user,
        status="lopend",
        text=PROGRESS,
        marking=Marking(is_confidential=True),
    )
    assert may_read_confidential(procesregisseur, update)
    assert update.confidential_organisation_ids == {ggz_user.organisation_id}
