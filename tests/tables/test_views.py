"""Regietafel pages and the iCalendar feed."""

import datetime

import pytest
from django.urls import reverse

from schakel.meetings import services
from schakel.meetings.calendar import escape_text, fold_line
from schakel.meetings.models import AgendaItem, AgendaSource
from tests.factories import CaseFactory, OrganisationFactory, TableFactory, add_person


@pytest.mark.parametrize(
    "user_fixture", ["procesregisseur", "partner_user", "beheerder", "manager"]
)
def test_table_list_for_region_staff(
    planned, table, signed_in, request, user_fixture, other_region
):
    TableFactory(region=other_region, name="Tafel elders")
    response = signed_in(request.getfixturevalue(user_fixture)).get(reverse("meetings:tables"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Volwassenen" in content and "Politie Dordrecht" in content
    assert table.schedule_label in content
    assert "Tafel elders" not in content


def test_beheerder_edits_table(table, beheerder, politie, ggz, signed_in):
    response = signed_in(beheerder).post(
        reverse("meetings:table_edit", args=[table.pk]),
        {
            "frequency": "tweewekelijks",
            "weekday": "1",
            "day_part": "ochtend",
            "schedule_anchor": "2025-01-07",
            "location": "Stadhuis",
            "version": "0",
            "information_window_hours": "24",
            "fixed_participants": [politie.pk, ggz.pk],
        },
    )
    assert response.status_code == 302
    table.refresh_from_db()
    assert (table.frequency, table.weekday, table.information_window_hours) == (
        "tweewekelijks",
        1,
        24,
    )
    assert set(table.fixed_participants.all()) == {politie, ggz}


def test_edit_validation_is_dutch_and_keeps_input(table, procesregisseur, signed_in, other_region):
    foreign = OrganisationFactory(region=other_region)
    response = signed_in(procesregisseur).post(
        reverse("meetings:table_edit", args=[table.pk]),
        {
            "frequency": "tweewekelijks",
            "weekday": "1",
            "day_part": "ochtend",
            "location": "Mijn nieuwe locatie",
            "information_window_hours": "999",
            "fixed_participants": [foreign.pk],
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Kies een aantal uren van 0 tot en met 336." in content
    assert "Kies alleen organisaties van deze regio." in content
    assert "Mijn nieuwe locatie" in content
    table.refresh_from_db()
    assert table.location == ""


def test_biweekly_needs_anchor(table, beheerder):
    from django.core.exceptions import ValidationError

    from schakel.tables.services import update_table

    with pytest.raises(ValidationError) as error:
        update_table(
            table=table,
            actor=beheerder,
            frequency="tweewekelijks",
            weekday=1,
            day_part="ochtend",
            schedule_anchor=None,
            location="",
            information_window_hours=48,
            fixed_participants=[],
        )
    assert "schedule_anchor" in error.value.message_dict


# --- iCalendar ------------------------------------------------------------------------------


def test_calendar_feed(planned, table, client, municipality, procesregisseur):
    case = CaseFactory(
        region=table.region, municipality=municipality, title="Geheime titel", table=table
    )
    person = add_person(case)
    AgendaItem.objects.create(
        meeting=planned[0], case=case, source=AgendaSource.MANUAL, purpose="Geheim doel"
    )
    services.cancel_meeting(meeting=planned[1], actor=procesregisseur)
    response = client.get(reverse("meetings:table_calendar", args=[table.calendar_token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == len(planned) - 1
    assert f"UID:overleg-{planned[0].pk}@" in body
    start = planned[0].starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}" in body
    assert "SUMMARY:Casusoverleg Volwassenen" in body
    assert "LOCATION:ZVH\\, Spuiboulevard 1\\; Dordrecht" in body
    assert "STATUS:CONFIRMED" in body
    unfolded = body.replace("\r\n ", "")
    for secret in ("Geheime titel", "Geheim doel", person.last_name, case.reference):
        assert secret not in unfolded
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_escaping_and_folding():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "LOCATION:" + "é" * 80
    folded = fold_line(line)
    parts = folded.split("\r\n ")
    assert len(parts) > 1
    assert all(len(part.encode()) <= 75 for part in parts[:1])
    assert all(len(part.encode()) <= 74 for part in parts[1:])
    assert "".join(parts) == line
