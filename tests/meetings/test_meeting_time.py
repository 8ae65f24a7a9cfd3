"""The meeting's own time is the rule: minutes and attendance once it has begun, a warning
when a case sits on two coming agendas, and what 'van de agenda halen' does afterwards."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from schakel.meetings import services
from schakel.meetings.models import AgendaItem, Attendance, MeetingStatus
from tests.helpers import make_meeting, make_table_case, put_on_agenda

NOT_STARTED = "nog niet begonnen"


@pytest.fixture
def upcoming(table):
    return make_meeting(table, days=2)


@pytest.fixture
def running(table):
    """A sitting that began an hour ago and is still going on."""
    return make_meeting(table, days=0, hours=-1)


def minutes_of(item, by, **texts):
    return services.record_minutes(
        item=item,
        actor=by,
        beeldvorming=texts.get("beeldvorming", "Beeld"),
        oordeelvorming=texts.get("oordeelvorming", ""),
        besluitvorming=texts.get("besluitvorming", ""),
    )


# --- minutes ---------------------------------------------------------------------------


def test_minutes_refused_before_the_meeting_starts(upcoming, table, municipality, procesregisseur):
    item = put_on_agenda(upcoming, make_table_case(table, municipality))
    with pytest.raises(ValidationError) as error:
        minutes_of(item, procesregisseur)
    assert NOT_STARTED in " ".join(error.value.messages)
    item.refresh_from_db()
    assert not item.is_minuted and item.beeldvorming == ""


def test_minutes_accepted_once_the_meeting_has_started(
    running, table, municipality, procesregisseur
):
    item = put_on_agenda(running, make_table_case(table, municipality))
    minutes_of(item, procesregisseur)
    item.refresh_from_db()
    assert item.is_minuted


def test_minutes_page_before_start_explains_and_refuses(
    upcoming, table, municipality, procesregisseur, signed_in
):
    item = put_on_agenda(upcoming, make_table_case(table, municipality))
    client = signed_in(procesregisseur)
    url = reverse("meetings:item", args=[upcoming.pk, item.pk])
    page = client.get(url).content.decode()
    assert "Verslag opslaan" not in page
    assert "Het verslag kan worden vastgelegd zodra het overleg is begonnen" in page
    response = client.post(
        reverse("meetings:minutes", args=[upcoming.pk, item.pk]),
        {"beeldvorming": "Te vroeg", "version": str(item.version)},
    )
    assert response.status_code == 200
    assert NOT_STARTED in response.content.decode()
    item.refresh_from_db()
    assert not item.is_minuted


# --- attendance ------------------------------------------------------------------------


def test_attendance_refused_before_the_meeting_starts(upcoming, procesregisseur, politie):
    with pytest.raises(ValidationError) as error:
        services.record_attendance(
            meeting=upcoming, actor=procesregisseur, organisation=politie, mode="aanwezig", name="A"
        )
    assert NOT_STARTED in " ".join(error.value.messages)
    assert not Attendance.objects.filter(meeting=upcoming).exists()


def test_attendance_form_hidden_and_refused_before_start(
    upcoming, running, procesregisseur, politie, signed_in
):
    client = signed_in(procesregisseur)
    page = client.get(reverse("meetings:detail", args=[upcoming.pk])).content.decode()
    assert "Aanwezigheid vastleggen" not in page
    assert "De aanwezigheid kan worden vastgelegd zodra het overleg is begonnen" in page
    data = {"aanwezig-organisation": politie.pk, "aanwezig-name": "A. Agent"}
    data["aanwezig-mode"] = "aanwezig"
    response = client.post(reverse("meetings:attendance", args=[upcoming.pk]), data)
    assert response.status_code == 200 and NOT_STARTED in response.content.decode()
    assert not Attendance.objects.exists()
    assert (
        "Aanwezigheid vastleggen"
        in client.get(reverse("meetings:detail", args=[running.pk])).content.decode()
    )
    response = client.post(reverse("meetings:attendance", args=[running.pk]), data)
    assert response.status_code == 302
    assert Attendance.objects.get().meeting == running


# --- two coming agendas ----------------------------------------------------------------


def test_case_on_two_coming_agendas_is_warned_not_refused(
    upcoming, table, municipality, procesregisseur, signed_in
):
    case = make_table_case(table, municipality)
    put_on_agenda(upcoming, case)
    later = make_meeting(table, days=9)
    item = services.add_case_to_agenda(
        meeting=later, actor=procesregisseur, case=case, purpose="Nogmaals"
    )
    assert AgendaItem.objects.filter(case=case).count() == 2
    client = signed_in(procesregisseur)
    warning = "staat ook op de agenda van een ander komend overleg"
    for url in (
        reverse("meetings:detail", args=[later.pk]),
        reverse("meetings:item", args=[later.pk, item.pk]),
    ):
        page = client.get(url).content.decode()
        assert warning in page
        assert reverse("meetings:detail", args=[upcoming.pk]) in page
    # A cancelled other meeting is no reason to warn.
    services.cancel_meeting(meeting=upcoming, actor=procesregisseur)
    assert warning not in client.get(reverse("meetings:detail", args=[later.pk])).content.decode()


def test_adding_by_hand_says_so_at_once(upcoming, table, municipality, procesregisseur, signed_in):
    case = make_table_case(table, municipality)
    put_on_agenda(upcoming, case)
    later = make_meeting(table, days=9)
    response = signed_in(procesregisseur).post(
        reverse("meetings:add_case", args=[later.pk]),
        {"casus-reference": case.reference, "casus-purpose": "Nogmaals"},
        follow=True,
    )
    assert "staat ook op de agenda van een ander komend overleg" in response.content.decode()


def test_agenda_built_while_case_is_on_another_coming_agenda_warns(
    upcoming, table, municipality, procesregisseur, signed_in
):
    """The case was put on the coming meeting by hand before triage decided again: the
    build for a later meeting adds it (the decision is newer) and the page warns."""
    from tests.helpers import decide_agenderen

    case = make_table_case(table, municipality)
    put_on_agenda(upcoming, case)
    decision = decide_agenderen(case, table, procesregisseur)
    type(decision).objects.filter(pk=decision.pk).update(
        decided_at=upcoming.starts_at + datetime.timedelta(minutes=1)
    )
    later = make_meeting(table, days=9)
    created = services.build_agenda(meeting=later, actor=procesregisseur)
    assert [item.case for item in created] == [case]
    page = signed_in(procesregisseur).get(reverse("meetings:detail", args=[later.pk]))
    assert "staat ook op de agenda van een ander komend overleg" in page.content.decode()


# --- van de agenda halen ---------------------------------------------------------------


def test_minuted_item_cannot_be_removed_and_the_page_says_why(
    running, table, municipality, procesregisseur, signed_in
):
    item = put_on_agenda(running, make_table_case(table, municipality))
    minutes_of(item, procesregisseur)
    item.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.remove_item(item=item, actor=procesregisseur)
    assert "besproken" in " ".join(error.value.messages)
    client = signed_in(procesregisseur)
    page = client.get(reverse("meetings:detail", args=[running.pk])).content.decode()
    # The button stays, disabled, with the reason next to it.
    assert "van de agenda halen" in page
    assert "disabled" in page
    assert "Dit agendapunt is besproken en heeft een verslag" in page
    client.post(reverse("meetings:item_remove", args=[running.pk, item.pk]))
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_undiscussed_item_of_a_running_meeting_can_still_be_removed(
    running, table, municipality, procesregisseur
):
    item = put_on_agenda(running, make_table_case(table, municipality))
    services.remove_item(item=item, actor=procesregisseur)
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    assert running.status == MeetingStatus.PLANNED
