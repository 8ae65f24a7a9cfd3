"""Who sees which meeting and which items, and what the access log holds afterwards."""

import datetime

from django.urls import reverse
from django.utils import timezone

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.cases.models import CasePerson
from schakel.meetings import services
from schakel.meetings.models import AgendaItem, Attendance
from tests.helpers import make_meeting, make_table_case, put_on_agenda
from tests.meetings.helpers import detail


def name_of(item):
    return CasePerson.objects.get(case=item.case).person.full_name


def test_procesregisseur_sees_all_items(two_items, meeting, procesregisseur, signed_in):
    item_a, item_b = two_items
    response = signed_in(procesregisseur).get(detail(meeting))
    assert response.status_code == 200
    content = response.content.decode()
    for item in two_items:
        assert item.case.reference in content and name_of(item) in content
    assert "Agenda opbouwen" in content
    entries = AccessLogEntry.objects.filter(user=procesregisseur, action=AccessAction.READ)
    assert {e.person_ref for e in entries} == {
        CasePerson.objects.get(case=i.case).person_id for i in two_items
    }


def test_partner_sees_only_its_item(two_items, meeting, partner_user, signed_in):
    item_a, item_b = two_items
    client = signed_in(partner_user)
    content = client.get(detail(meeting)).content.decode()
    assert item_a.case.reference in content and "Doel A" in content and name_of(item_a) in content
    assert item_b.case.reference not in content
    assert "Doel B geheim" not in content and name_of(item_b) not in content
    assert "Agenda opbouwen" not in content
    # Not via any address either.
    for url in (
        reverse("meetings:item", args=[meeting.pk, item_b.pk]),
        reverse("meetings:item_remove", args=[meeting.pk, item_b.pk]),
    ):
        response = client.get(url) if "verwijderen" not in url else client.post(url)
        assert response.status_code in (403, 404)
    assert client.get(reverse("meetings:item", args=[meeting.pk, item_b.pk])).status_code == 404
    for url in ("meetings:print_agenda", "meetings:print_minutes"):
        printed = client.get(reverse(url, args=[meeting.pk])).content.decode()
        assert item_b.case.reference not in printed and "Doel B geheim" not in printed
    logged = AccessLogEntry.objects.filter(user=partner_user, action=AccessAction.READ)
    assert {e.person_ref for e in logged} == {CasePerson.objects.get(case=item_a.case).person_id}


def test_list_shows_visible_item_count(
    two_items, meeting, partner_user, procesregisseur, signed_in
):
    content = signed_in(partner_user).get(reverse("meetings:list")).content.decode()
    assert detail(meeting) in content
    rows = signed_in(procesregisseur).get(reverse("meetings:list")).context["rows"]
    assert [m.visible_item_count for m in rows.upcoming if m.pk == meeting.pk] == [2]


def test_content_hidden_before_window(
    table, municipality, procesregisseur, ggz, ggz_user, signed_in
):
    meeting = make_meeting(table, days=7)
    case = make_table_case(table, municipality, title="Nog niet zichtbaar")
    item = put_on_agenda(meeting, case, purpose="Doel nog dicht")
    services.set_invited_organisations(item=item, actor=procesregisseur, organisations=[ggz])
    client = signed_in(ggz_user)
    content = client.get(detail(meeting)).content.decode()
    assert case.reference in content
    assert "Informatie beschikbaar vanaf" in content
    assert "Doel nog dicht" not in content and "Nog niet zichtbaar" not in content
    assert name_of(item) not in content
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert AccessLogEntry.objects.filter(user=ggz_user, person__isnull=False).count() == 0
    assert AccessLogEntry.objects.filter(user=ggz_user, object_type="Meeting").exists()


def test_meeting_page_query_count_is_bounded(
    table, municipality, procesregisseur, politie, signed_in, django_assert_max_num_queries
):
    client = signed_in(procesregisseur)
    client.get(reverse("meetings:list"))  # warm the session: its first touch writes once
    counts = []
    for size in (3, 12):
        meeting = make_meeting(table, days=1)
        for position in range(size):
            case = make_table_case(table, municipality)
            put_on_agenda(meeting, case, position=position, invited=[politie])
        Attendance.objects.create(
            meeting=meeting, organisation=politie, name="A. Agent", mode="aanwezig"
        )
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail(meeting)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[1]):
        client.get(detail(meeting))


def test_partner_page_query_count_is_bounded(
    table, municipality, procesregisseur, politie, partner_user, signed_in
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(partner_user)
    client.get(reverse("meetings:list"))
    counts = []
    for size in (3, 12):
        meeting = make_meeting(table, hours=2, days=0)
        for position in range(size):
            put_on_agenda(
                meeting, make_table_case(table, municipality), position=position, invited=[politie]
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail(meeting)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- directing through the pages ------------------------------------------------------------


def test_build_agenda_button(table, municipality, meeting, procesregisseur, signed_in):
    from tests.helpers import decide_agenderen

    case = make_table_case(table, municipality)
    decide_agenderen(case, table, procesregisseur)
    response = signed_in(procesregisseur).post(reverse("meetings:build_agenda", args=[meeting.pk]))
    assert response.status_code == 302
    assert AgendaItem.objects.filter(meeting=meeting, case=case).exists()
    assert AccessLogEntry.objects.filter(case=case, action=AccessAction.CREATE).exists()


def test_add_case_by_reference(table, municipality, meeting, procesregisseur, signed_in):
    case = make_table_case(table, municipality)
    client = signed_in(procesregisseur)
    response = client.post(
        reverse("meetings:add_case", args=[meeting.pk]),
        {"casus-reference": case.reference, "casus-purpose": "Bespreken", "casus-questions": ""},
    )
    assert response.status_code == 302
    assert meeting.items.filter(case=case).exists()
    bad = client.post(
        reverse("meetings:add_case", args=[meeting.pk]),
        {"casus-reference": "C2025-999999", "casus-purpose": "Mijn doel"},
    )
    assert bad.status_code == 200
    content = bad.content.decode()
    assert "Er is geen casus met dit kenmerk die u kunt zien." in content
    assert "Mijn doel" in content


def test_reorder_and_remove(table, municipality, meeting, procesregisseur, signed_in):
    first = put_on_agenda(meeting, make_table_case(table, municipality), position=1)
    second = put_on_agenda(meeting, make_table_case(table, municipality), position=2)
    client = signed_in(procesregisseur)
    client.post(reverse("meetings:item_up", args=[meeting.pk, second.pk]))
    assert list(meeting.items.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    client.post(reverse("meetings:item_remove", args=[meeting.pk, first.pk]))
    assert list(meeting.items.values_list("pk", flat=True)) == [second.pk]


def test_minutes_and_followup_links(two_items, meeting, procesregisseur, signed_in):
    item_a = two_items[0]
    item_a.refresh_from_db()
    # Minutes are written once the meeting is under way.
    type(meeting).objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    client = signed_in(procesregisseur)
    response = client.post(
        reverse("meetings:minutes", args=[meeting.pk, item_a.pk]),
        {
            "beeldvorming": "Beeld",
            "oordeelvorming": "Oordeel",
            "besluitvorming": "Besluit",
            "version": str(item_a.version),
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("meetings:item", args=[meeting.pk, item_a.pk])).content.decode()
    assert "Actie vastleggen" in page
    assert f"?agendapunt={item_a.pk}" in page
    assert AccessLogEntry.objects.filter(
        case=item_a.case, action=AccessAction.CHANGE, user=procesregisseur
    ).exists()


def test_invite_page_refuses_organisation_without_convenant(
    two_items, meeting, procesregisseur, signed_in, region
):
    from tests.factories import OrganisationFactory

    unsigned = OrganisationFactory(region=region, convenant_signed_on=None)
    item_a = two_items[0]
    response = signed_in(procesregisseur).post(
        reverse("meetings:invite", args=[meeting.pk, item_a.pk]),
        {"organisations": [unsigned.pk], "version": str(item_a.version)},
    )
    assert response.status_code == 200
    assert "Deze organisatie kan niet worden uitgenodigd." in response.content.decode()
    assert unsigned not in item_a.invited_organisations.all()


def test_attendance_form(table, procesregisseur, politie, signed_in):
    meeting = make_meeting(table, days=0, hours=-1)
    client = signed_in(procesregisseur)
    response = client.post(
        reverse("meetings:attendance", args=[meeting.pk]),
        {
            "aanwezig-organisation": politie.pk,
            "aanwezig-name": "Gedetineerde X",
            "aanwezig-mode": "op_afstand",
        },
    )
    assert response.status_code == 302
    assert Attendance.objects.get(meeting=meeting).mode == "op_afstand"
    response = client.post(
        reverse("meetings:attendance", args=[meeting.pk]), {"aanwezig-organisation": politie.pk}
    )
    assert "Kies hoe is deelgenomen." in response.content.decode()


def test_move_and_create_pages(meeting, procesregisseur, table, signed_in):
    client = signed_in(procesregisseur)
    day = (timezone.localdate() + datetime.timedelta(days=9)).isoformat()
    response = client.post(
        reverse("meetings:move", args=[meeting.pk]),
        {
            "date": day,
            "start_time": "10:00",
            "end_time": "09:00",
            "location": "Hier",
            "version": "0",
        },
    )
    assert "Het overleg moet eindigen na het begin." in response.content.decode()
    response = client.post(
        reverse("meetings:create"),
        {
            "table": table.pk,
            "date": day,
            "start_time": "10:00",
            "end_time": "11:30",
            "location": "",
        },
    )
    assert response.status_code == 302


def test_case_page_section(two_items, meeting, partner_user, signed_in):
    item_a = two_items[0]
    response = signed_in(partner_user).get(
        reverse("cases:section", args=[item_a.case.pk, "overleggen"])
    )
    assert response.status_code == 200
    assert reverse("meetings:item", args=[meeting.pk, item_a.pk]) in response.content.decode()
