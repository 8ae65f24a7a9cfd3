import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from schakel.access.policy import can_see_case
from schakel.cases.services import add_participant
from schakel.rights import services
from schakel.rights.deadlines import extended_deadline
from schakel.rights.models import EventKind, RightsTask, TaskStatus
from schakel.rights.selectors import findings, holdings_by_organisation

pytestmark = pytest.mark.django_db


def register(actor, **overrides):
    values = {
        "kind": "inzage",
        "first_names": "Fenna",
        "last_name": "Fictief-Inzage",
        "birth_date": datetime.date(1988, 5, 17),
        "identity_check": "balie",
        "received_on": timezone.localdate(),
        "request_text": "Wat heeft u over mij?",
        **overrides,
    }
    return services.register_request(actor=actor, **values)


# --- Registering ------------------------------------------------------------------------


def test_registration_sets_the_deadline_a_month_after_receipt(privacy_officer):
    rights_request = register(privacy_officer, received_on=datetime.date(2025, 1, 31))
    assert rights_request.deadline == datetime.date(2025, 2, 28)
    assert rights_request.region_id == privacy_officer.region_id
    assert [e.kind for e in rights_request.events.all()] == [EventKind.GEREGISTREERD]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "klacht"}, "kind"),
        ({"first_names": "  "}, "first_names"),
        ({"birth_date": None}, "birth_date"),
        ({"bsn": "123456789"}, "bsn"),
        ({"identity_check": "anders", "identity_note": ""}, "identity_note"),
        ({"received_on": timezone.localdate() + datetime.timedelta(days=1)}, "received_on"),
        ({"request_text": ""}, "request_text"),
    ],
)
def test_registration_refuses_bad_input_per_field(privacy_officer, overrides, field):
    with pytest.raises(ValidationError) as refused:
        register(privacy_officer, **overrides)
    assert field in refused.value.message_dict


def test_only_a_privacy_officer_registers(procesregisseur):
    with pytest.raises(PermissionDenied):
        register(procesregisseur)


# --- Linking ------------------------------------------------------------------------------


def test_a_person_is_linked_once(rights_request, fenna_world, privacy_officer):
    services.link_person(
        actor=privacy_officer, rights_request=rights_request, person=fenna_world.fenna
    )
    with pytest.raises(ValidationError):
        services.link_person(
            actor=privacy_officer, rights_request=rights_request, person=fenna_world.fenna
        )
    assert rights_request.links.count() == 1


def test_a_person_of_another_region_is_not_linked(rights_request, other_region, privacy_officer):
    from tests.helpers import make_person

    stranger = make_person(other_region, first_names="Fenna", last_name="Fictief-Inzage")
    with pytest.raises(ValidationError):
        services.link_person(actor=privacy_officer, rights_request=rights_request, person=stranger)


def test_an_officer_of_another_region_cannot_link(
    rights_request, fenna_world, other_region_officer
):
    with pytest.raises(PermissionDenied):
        services.link_person(
            actor=other_region_officer, rights_request=rights_request, person=fenna_world.fenna
        )


# --- Finding everything and the tasks -----------------------------------------------------


def test_findings_cover_both_cases_and_every_kind_of_item(linked_request, fenna_world):
    found = findings(linked_request)
    by_case = {finding.case.pk: finding for finding in found.cases}
    assert set(by_case) == {fenna_world.case.pk, fenna_world.second_case.pk}
    first = by_case[fenna_world.case.pk]
    assert first.roles == ["Hoofdpersoon"]
    assert (first.referrals, first.answers, first.interventions, first.actions) == (1, 1, 1, 1)
    # The access log on her (and on the record merged into hers) is counted.
    assert found.access_rows > 0


def test_holdings_say_per_organisation_what_it_holds_in_which_case(
    fenna_world, politie, ggz, housing
):
    holdings = holdings_by_organisation([fenna_world.fenna])
    police = {row["case_id"]: row["kinds"] for row in holdings[politie.pk]}
    assert police == {fenna_world.case.pk: ["melding", "actie", "deelname"]}
    mental_health = {row["case_id"]: row["kinds"] for row in holdings[ggz.pk]}
    assert mental_health == {fenna_world.case.pk: ["antwoord", "interventie", "deelname"]}
    corporation = {row["case_id"]: row["kinds"] for row in holdings[housing.pk]}
    assert corporation == {fenna_world.second_case.pk: ["melding", "deelname"]}


def test_one_task_per_organisation_and_not_the_officers_own(tasks, zvh, politie, ggz, housing):
    assert set(tasks) == {politie.name, ggz.name, housing.name}
    assert zvh.name not in tasks
    assert all(task.status == TaskStatus.OPEN for task in tasks.values())


def test_a_task_names_only_the_cases_of_its_own_organisation(tasks, politie, fenna_world):
    police_task = tasks[politie.name]
    assert [row["case_id"] for row in police_task.holdings] == [fenna_world.case.pk]
    assert fenna_world.second_case.reference not in str(police_task.holdings)


def test_creating_the_tasks_again_makes_no_duplicates(tasks, linked_request, privacy_officer):
    changed = services.create_tasks(actor=privacy_officer, rights_request=linked_request)
    assert changed == []
    assert RightsTask.objects.filter(request=linked_request).count() == len(tasks)


def test_new_holdings_reopen_an_answered_task(
    tasks, linked_request, privacy_officer, politie, partner_user, fenna_world
):
    task = tasks[politie.name]
    services.answer_task(
        actor=partner_user,
        task=task,
        answer="Wij hebben een melding.",
        expected_version=task.version,
    )
    # The police now also take part in the second case.
    add_participant(case=fenna_world.second_case, organisation=politie, reason="uitgenodigd")
    services.create_tasks(actor=privacy_officer, rights_request=linked_request)
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    assert len(task.holdings) == 2
    assert linked_request.events.filter(kind=EventKind.TAAK_HEROPEND).count() == 1
    assert RightsTask.objects.filter(request=linked_request, organisation=politie).count() == 1


def test_tasks_need_a_linked_person(rights_request, privacy_officer):
    with pytest.raises(ValidationError):
        services.create_tasks(actor=privacy_officer, rights_request=rights_request)


def test_a_task_opens_no_case_to_the_partner(tasks, housing, fenna_world, housing_user):
    """The housing corporation's task names the second case; it does not open the first."""
    assert not can_see_case(housing_user, fenna_world.case)


# --- Answering ------------------------------------------------------------------------------


def test_the_partner_answers_its_own_task(tasks, politie, partner_user, linked_request):
    task = tasks[politie.name]
    services.answer_task(
        actor=partner_user,
        task=task,
        answer="Eén melding; geen andere gegevens.",
        expected_version=task.version,
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.BEANTWOORD
    assert task.answered_by == partner_user
    assert task.answered_at is not None
    assert linked_request.events.filter(kind=EventKind.BEANTWOORD).exists()


def test_another_organisation_cannot_answer(tasks, politie, housing_user):
    task = tasks[politie.name]
    with pytest.raises(PermissionDenied):
        services.answer_task(
            actor=housing_user, task=task, answer="Niets.", expected_version=task.version
        )


def test_an_empty_answer_is_refused_and_nothing_changes(tasks, politie, partner_user):
    task = tasks[politie.name]
    with pytest.raises(ValidationError):
        services.answer_task(
            actor=partner_user, task=task, answer="  ", expected_version=task.version
        )
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_a_stale_answer_is_a_conflict(tasks, politie, partner_user):
    from schakel.core.concurrency import EditConflict

    task = tasks[politie.name]
    stale = task.version
    services.answer_task(
        actor=partner_user, task=task, answer="Eerste antwoord.", expected_version=stale
    )
    task.status = TaskStatus.OPEN  # the form was opened before the first answer
    with pytest.raises(EditConflict):
        services.answer_task(
            actor=partner_user, task=task, answer="Tweede.", expected_version=stale
        )


# --- Extending and closing ----------------------------------------------------------------


def test_extension_once_with_a_reason(rights_request, privacy_officer):
    with pytest.raises(ValidationError) as refused:
        services.extend_deadline(
            actor=privacy_officer, rights_request=rights_request, reason=" ", expected_version=0
        )
    assert "reason" in refused.value.message_dict
    extended = services.extend_deadline(
        actor=privacy_officer,
        rights_request=rights_request,
        reason="Veel partners en twee casussen.",
        expected_version=rights_request.version,
    )
    assert extended.deadline == extended_deadline(extended.received_on)
    assert extended.extension_reason == "Veel partners en twee casussen."
    with pytest.raises(ValidationError) as again:
        services.extend_deadline(
            actor=privacy_officer,
            rights_request=extended,
            reason="Nog meer tijd nodig.",
            expected_version=extended.version,
        )
    assert "één verlenging" in " ".join(again.value.messages)
    assert extended.events.filter(kind=EventKind.VERLENGD).count() == 1


def test_no_extension_after_the_first_month(privacy_officer):
    late = register(privacy_officer, received_on=timezone.localdate() - datetime.timedelta(days=40))
    with pytest.raises(ValidationError):
        services.extend_deadline(
            actor=privacy_officer,
            rights_request=late,
            reason="Te laat.",
            expected_version=late.version,
        )


def test_closing_waits_for_every_partner(tasks, linked_request, privacy_officer, politie):
    with pytest.raises(ValidationError) as refused:
        services.close_request(
            actor=privacy_officer,
            rights_request=linked_request,
            decision="inzage_verstrekt",
            reason="",
            expected_version=linked_request.version,
        )
    assert politie.name in " ".join(refused.value.messages)


def test_a_refusal_needs_a_reason_and_a_decision_must_fit_the_kind(rights_request, privacy_officer):
    with pytest.raises(ValidationError) as refused:
        services.close_request(
            actor=privacy_officer,
            rights_request=rights_request,
            decision="afgewezen",
            reason="",
            expected_version=rights_request.version,
        )
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError) as wrong:
        services.close_request(
            actor=privacy_officer,
            rights_request=rights_request,
            decision="rectificatie_uitgevoerd",
            reason="",
            expected_version=rights_request.version,
        )
    assert "decision" in wrong.value.message_dict


def test_closing_records_the_decision_and_ends_the_trail(
    tasks,
    linked_request,
    privacy_officer,
    partner_user,
    ggz,
    politie,
    housing,
    fenna_world,
    housing_user,
):
    for name, user in (
        (politie.name, partner_user),
        (ggz.name, fenna_world.ggz_contact),
        (housing.name, housing_user),
    ):
        task = tasks[name]
        services.answer_task(
            actor=user, task=task, answer="Afgehandeld.", expected_version=task.version
        )
    linked_request.refresh_from_db()
    closed = services.close_request(
        actor=privacy_officer,
        rights_request=linked_request,
        decision="inzage_verstrekt",
        reason="",
        expected_version=linked_request.version,
    )
    assert not closed.is_open
    kinds = list(closed.events.values_list("kind", flat=True))
    assert kinds[0] == EventKind.GEREGISTREERD and kinds[-1] == EventKind.AFGEHANDELD
    assert {EventKind.GEKOPPELD, EventKind.TAAK, EventKind.BEANTWOORD} <= set(kinds)
    with pytest.raises(ValidationError):
        services.extend_deadline(
            actor=privacy_officer,
            rights_request=closed,
            reason="x",
            expected_version=closed.version,
        )


def test_a_withdrawn_request_closes_without_the_partners(tasks, linked_request, privacy_officer):
    closed = services.close_request(
        actor=privacy_officer,
        rights_request=linked_request,
        decision="ingetrokken",
        reason="De verzoeker trok het verzoek in.",
        expected_version=linked_request.version,
    )
    assert closed.decision == "ingetrokken"
