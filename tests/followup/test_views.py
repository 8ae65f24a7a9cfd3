"""Pages of Volhouden and Opschalen: success, outsider 404, wrong role 403, access log."""

import datetime

from django.urls import reverse
from django.utils import timezone

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.followup.models import (
    Action,
    ActionStatus,
    Escalation,
    EscalationLevel,
    EscalationStatus,
    ProgressMeasurement,
)
from schakel.followup.selectors import case_followup_section
from schakel.followup.services import goal_field_name
from tests.factories import CaseFactory, add_participant
from tests.followup.helpers import escalate_to

TODAY = timezone.localdate


def logged(user, case, action=AccessAction.READ):
    return AccessLogEntry.objects.filter(user=user, case=case, action=action).exists()


# --- Access rules on every case URL ----------------------------------------------------


# --- Actions --------------------------------------------------------------------------


def test_procesregisseur_creates_an_action_from_an_agenda_item(
    signed_in, procesregisseur, partner_user, table_case, agenda_item
):
    client = signed_in(procesregisseur)
    url = reverse("followup:action_create", args=[table_case.pk]) + f"?agendapunt={agenda_item.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert "Politie Dordrecht" in page.content.decode()
    assert logged(procesregisseur, table_case)
    due = TODAY() + datetime.timedelta(days=10)
    response = client.post(
        url,
        {
            "description": "Wijkagent legt huisbezoek af",
            "owner_organisation": partner_user.organisation_id,
            "owner_user": partner_user.pk,
            "due_on": due.isoformat(),
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.agenda_item == agenda_item and action.due_on == due
    assert logged(procesregisseur, table_case, AccessAction.CREATE)


def test_invalid_action_keeps_what_was_typed(signed_in, procesregisseur, table_case, outsider_org):
    client = signed_in(procesregisseur)
    response = client.post(
        reverse("followup:action_create", args=[table_case.pk]),
        {
            "description": "Gesprek met de verhuurder",
            "owner_organisation": outsider_org.pk,
            "due_on": (TODAY() - datetime.timedelta(days=1)).isoformat(),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Deze organisatie neemt niet deel aan de casus" in body
    assert "verleden" in body
    assert "Gesprek met de verhuurder" in body
    assert not Action.objects.exists()


def test_agenda_item_of_another_case_is_404(
    signed_in, procesregisseur, table_case, agenda_item, region, municipality, table
):
    other = CaseFactory(region=region, municipality=municipality, table=table)
    response = signed_in(procesregisseur).get(
        reverse("followup:action_create", args=[other.pk]) + f"?agendapunt={agenda_item.pk}"
    )
    assert response.status_code == 404


def test_action_list_shows_partner_only_its_own_organisations_actions(
    signed_in, procesregisseur, partner_user, ggz_user, table_case, action_factory
):
    mine = action_factory(table_case, partner_user.organisation, description="Actie van politie")
    theirs = action_factory(table_case, ggz_user.organisation, description="Actie van de GGZ")
    body = signed_in(partner_user).get(reverse("followup:action_list")).content.decode()
    assert mine.description in body
    assert theirs.description not in body
    entry = AccessLogEntry.objects.get(user=partner_user)
    assert str(mine.pk) in entry.detail
    assert (
        signed_in(ggz_user).get(reverse("followup:action_detail", args=[mine.pk])).status_code
        == 404
    )


def test_action_list_filters_overdue(
    signed_in, procesregisseur, partner_user, table_case, action_factory
):
    late = action_factory(table_case, partner_user.organisation, description="Te late actie")
    action_factory(
        table_case,
        partner_user.organisation,
        description="Actie op tijd",
        due_on=TODAY() + datetime.timedelta(days=3),
    )
    client = signed_in(procesregisseur)
    body = client.get(reverse("followup:action_list"), {"status": "te_laat"}).content.decode()
    assert late.description in body and "Actie op tijd" not in body
    body = client.get(reverse("followup:action_list")).content.decode()
    assert "Actie op tijd" in body and "Te laat" in body


def test_action_list_query_count_is_bounded(
    signed_in,
    procesregisseur,
    partner_user,
    table_case,
    action_factory,
    django_assert_max_num_queries,
):
    client = signed_in(procesregisseur)
    for _ in range(2):
        action_factory(table_case, partner_user.organisation)
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("followup:action_list"))
    for _ in range(10):
        action_factory(table_case, partner_user.organisation)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("followup:action_list"))


def test_owner_completes_and_procesregie_cancels(
    signed_in, procesregisseur, partner_user, table_case, action_factory
):
    first = action_factory(table_case, partner_user.organisation)
    second = action_factory(table_case, partner_user.organisation)
    client = signed_in(partner_user)
    detail = client.get(reverse("followup:action_detail", args=[first.pk]))
    assert detail.status_code == 200 and "Gereed melden" in detail.content.decode()
    assert "Actie laten vervallen" not in detail.content.decode()
    assert logged(partner_user, table_case)
    empty = client.post(reverse("followup:action_complete", args=[first.pk]), {"result": ""})
    assert "Beschrijf wat de actie heeft opgeleverd" in empty.content.decode()
    done = client.post(
        reverse("followup:action_complete", args=[first.pk]),
        {"result": "Bezoek afgelegd", "version": "0"},
    )
    assert done.status_code == 302
    first.refresh_from_db()
    assert first.status == ActionStatus.DONE
    assert (
        client.post(
            reverse("followup:action_cancel", args=[second.pk]),
            {"vervallen-result": "Weg", "vervallen-version": "0"},
        ).status_code
        == 403
    )
    response = signed_in(procesregisseur).post(
        reverse("followup:action_cancel", args=[second.pk]),
        {"vervallen-result": "Niet nodig", "vervallen-version": "0"},
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == ActionStatus.CANCELLED
    assert logged(procesregisseur, table_case, AccessAction.CHANGE)


# --- Escalations ----------------------------------------------------------------------


def test_escalation_page_enforces_tactical_before_strategic(signed_in, procesregisseur, table_case):
    client = signed_in(procesregisseur)
    url = reverse("followup:escalation_create", args=[table_case.pk])
    assert client.get(url).status_code == 200
    assert logged(procesregisseur, table_case)
    data = {
        "level": EscalationLevel.STRATEGISCH,
        "question": "Geen plek in de maatschappelijke opvang",
        "addressee": "Burgemeester Dordrecht",
        "raised_on": TODAY().isoformat(),
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "eerst op naar het tactische niveau" in refused.content.decode()
    assert "Burgemeester Dordrecht" in refused.content.decode()
    assert client.post(url, {**data, "level": EscalationLevel.TACTISCH}).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Escalation.objects.filter(case=table_case).count() == 2


def test_resolve_escalation(signed_in, procesregisseur, partner_user, outsider, table_case):
    escalation = Escalation.objects.create(
        case=table_case,
        level=EscalationLevel.TACTISCH,
        question="Mandaat voor maatwerk",
        addressee="Tactisch overleg",
        raised_on=TODAY() - datetime.timedelta(days=2),
        raised_by=procesregisseur,
    )
    url = reverse("followup:escalation_resolve", args=[escalation.pk])
    assert signed_in(outsider).get(url).status_code == 404
    assert signed_in(partner_user).get(url).status_code == 403
    client = signed_in(procesregisseur)
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"outcome": "Maatwerk toegekend", "resolved_on": TODAY().isoformat(), "version": "0"}
    )
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.AFGEROND
    assert logged(procesregisseur, table_case, AccessAction.CHANGE)


# --- Stappenmeter ---------------------------------------------------------------------


def test_measurement_form_has_a_field_per_goal_and_dutch_errors(
    signed_in, procesregisseur, table_case, plan
):
    client = signed_in(procesregisseur)
    url = reverse("followup:measurement_create", args=[table_case.pk])
    page = client.get(url).content.decode()
    goals = list(plan.goals.all())
    for goal in goals:
        assert f'name="{goal_field_name(goal.pk)}"' in page
        assert goal.description in page
    assert logged(procesregisseur, table_case)
    data = {
        "measured_on": TODAY().isoformat(),
        "cooperation": "7",
        "main_goal_score": "",
        goal_field_name(goals[0].pk): "3",
        "note": "Evaluatie na zes weken",
    }
    response = client.post(url, data)
    body = response.content.decode()
    assert "Geef een score van 1 tot en met 5" in body
    assert "Geef het hoofddoel een score" in body
    assert "Geef dit subdoel een score" in body
    assert "Evaluatie na zes weken" in body
    assert not ProgressMeasurement.objects.exists()
    data.update({"cooperation": "4", "main_goal_score": "2", goal_field_name(goals[1].pk): "5"})
    assert client.post(url, data).status_code == 302
    measurement = ProgressMeasurement.objects.get()
    assert sorted(measurement.scores.values_list("score", flat=True)) == [3, 5]


def test_measurement_without_plan_sends_back_to_case(signed_in, procesregisseur, table_case):
    response = signed_in(procesregisseur).get(
        reverse("followup:measurement_create", args=[table_case.pk])
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[table_case.pk])


# --- The case section -----------------------------------------------------------------


def add_measurements(case, plan, by):
    goals = list(plan.goals.all())
    for days, score in ((40, 2), (20, 3), (1, 4)):
        measurement = ProgressMeasurement.objects.create(
            case=case,
            measured_on=TODAY() - datetime.timedelta(days=days),
            cooperation=score,
            main_goal_score=score - 1,
            by=by,
        )
        for goal in goals:
            measurement.scores.create(goal=goal, score=score)


def test_section_for_procesregie_has_everything(
    procesregisseur, partner_user, ggz_user, table_case, plan, action_factory
):
    action_factory(table_case, partner_user.organisation)
    action_factory(table_case, ggz_user.organisation)
    Escalation.objects.create(
        case=table_case,
        level=EscalationLevel.TACTISCH,
        question="Vraag",
        addressee="Tactisch overleg",
        raised_on=TODAY(),
        raised_by=procesregisseur,
    )
    add_measurements(table_case, plan, procesregisseur)
    section = case_followup_section(user=procesregisseur, case=table_case)
    assert section.may_direct
    assert len(section.actions) == 2
    assert len(section.escalations) == 1
    assert [row.measurement.cooperation for row in section.trend.rows] == [2, 3, 4]
    assert len(section.trend.series) == 4  # samenwerking, hoofddoel, two subdoelen


def test_section_for_partners_follows_need_to_know(
    procesregisseur, partner_user, ggz_user, outsider, table_case, plan, action_factory
):
    police = action_factory(table_case, partner_user.organisation)
    ggz = action_factory(table_case, ggz_user.organisation)
    Escalation.objects.create(
        case=table_case,
        level=EscalationLevel.TACTISCH,
        question="Vraag",
        addressee="Tactisch overleg",
        raised_on=TODAY(),
        raised_by=procesregisseur,
    )
    at_table = case_followup_section(user=partner_user, case=table_case)
    assert [row.action for row in at_table.actions] == [police]
    assert len(at_table.escalations) == 1 and not at_table.may_direct
    # GGZ holds an intervention only: its own action, no escalations, no trend.
    holder = case_followup_section(user=ggz_user, case=table_case)
    assert [row.action for row in holder.actions] == [ggz]
    assert not holder.shows_table_part and holder.escalations == []
    assert case_followup_section(user=outsider, case=table_case) is None


def test_case_page_shows_the_trend_chart(
    signed_in, procesregisseur, table_case, plan, django_assert_max_num_queries
):
    add_measurements(table_case, plan, procesregisseur)
    response = signed_in(procesregisseur).get(
        reverse("cases:section", args=[table_case.pk, "aanpak"])
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in body and '<title id="stappenmeter-titel">' in body
    assert "<polyline" in body and "style=" not in body.split("<svg", 1)[1].split("</figure>")[0]
    assert reverse("followup:measurement_create", args=[table_case.pk]) in body
    assert reverse("followup:escalation_create", args=[table_case.pk]) in body


def test_section_query_count_is_bounded(
    procesregisseur, partner_user, table_case, plan, action_factory, django_assert_max_num_queries
):
    def fill(n):
        for _ in range(n):
            action_factory(table_case, partner_user.organisation)
        add_measurements(table_case, plan, procesregisseur)

    fill(2)
    with django_assert_max_num_queries(15) as small:
        case_followup_section(user=procesregisseur, case=table_case)
    fill(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        case_followup_section(user=procesregisseur, case=table_case)


def test_unrelated_partner_sees_no_actions_of_a_case(outsider, table_case, action_factory):
    add_participant(table_case, outsider.organisation, reason="uitvraag")
    action_factory(table_case, table_case.participants.first().organisation)
    section = case_followup_section(user=outsider, case=table_case)
    assert section is None or section.actions == []


# --- An escalation put to a bestuurder: the question, never the case ----------------------


def test_bestuurder_answers_an_escalation_without_seeing_the_case(
    client, procesregisseur, table_case, bestuurder_user
):
    from schakel.followup.models import Escalation
    from schakel.notifications.models import Notification
    from tests.helpers import sign_in

    sign_in(client, procesregisseur)
    assert escalate_to(client, table_case, bestuurder_user).status_code == 302
    escalation = Escalation.objects.get()
    assert escalation.addressed_to == bestuurder_user

    sign_in(client, bestuurder_user)
    note = Notification.objects.get(user=bestuurder_user)
    assert note.link == reverse("followup:escalation_answer", args=[escalation.pk])
    worklist = client.get(reverse("home:worklist")).content.decode()
    assert note.link in worklist
    page = client.get(note.link).content.decode()
    assert "kan de gemeente urgentie verlenen" in page
    assert "dakloos sinds maart" in page
    person = table_case.case_persons.get().person
    assert person.last_name not in page and table_case.title not in page
    assert client.get(reverse("cases:detail", args=[table_case.pk])).status_code in (403, 404)

    response = client.post(note.link, {"answer": "Ja, urgentie wordt verleend."})
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.answer == "Ja, urgentie wordt verleend." and escalation.answered_at
    assert Notification.objects.filter(
        user=procesregisseur, topic=f"opschaling-{escalation.pk}-beantwoord"
    ).exists()
    assert AccessLogEntry.objects.filter(user=bestuurder_user, case_ref=table_case.pk).exists()


def test_escalation_needs_a_briefing_and_an_addressee_who_may_receive_it(
    client, procesregisseur, table_case, partner_user, bestuurder_user
):
    from schakel.followup.models import Escalation
    from tests.helpers import sign_in

    sign_in(client, procesregisseur)
    response = escalate_to(client, table_case, bestuurder_user, briefing="")
    assert response.status_code == 200
    assert "Schrijf de toelichting voor de geadresseerde" in response.content.decode()
    response = escalate_to(client, table_case, partner_user)
    assert "Kies een bestuurder of manager van deze regio" in response.content.decode()
    assert not Escalation.objects.exists()
