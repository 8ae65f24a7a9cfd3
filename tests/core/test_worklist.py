import datetime

import pytest
from django.urls import reverse

from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CaseState
from schakel.inquiries.models import InformationRequest
from tests.factories import CaseFactory, UserFactory, add_participant, add_person


def make_request(case, organisation, by, deadline):
    return InformationRequest.objects.create(
        case=case,
        organisation=organisation,
        question="Wat is bij u bekend over betrokkene?",
        purpose="Voorbereiding triage",
        legal_ground="wgs",
        deadline=deadline,
        requested_by=by,
    )


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("home:worklist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_procesregisseur_sees_meldingen_awaiting_triage(signed_in, procesregisseur, case):
    response = signed_in(procesregisseur).get(reverse("home:worklist"))
    assert response.status_code == 200
    assert case.title in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_procesregisseur_without_a_table_sees_the_intake(signed_in, zvh, case):
    """One who directs no table yet has the region's intake, and nothing to keep going."""
    newcomer = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR])
    response = signed_in(newcomer).get(reverse("home:worklist"))
    assert response.status_code == 200
    body = response.content.decode()
    assert case.title in body
    assert "Acties over datum" not in body


def test_procesregisseur_without_an_organisation_sees_no_case(signed_in, table, case):
    """The policy opens no case to a user without an organisation, whatever table they
    are put on."""
    case.table = table
    case.save()
    stray = UserFactory(organisation=None, roles=[Role.PROCESREGISSEUR])
    table.procesregisseurs.add(stray)
    response = signed_in(stray).get(reverse("home:worklist"))
    assert response.status_code == 200
    assert case.title not in response.content.decode()


def test_partner_sees_requests_to_answer_and_overdue_flag(
    signed_in, procesregisseur, ggz_user, case
):
    make_request(case, ggz_user.organisation, procesregisseur, datetime.date(2020, 1, 1))
    body = signed_in(ggz_user).get(reverse("home:worklist")).content.decode()
    assert "Informatieverzoeken aan uw organisatie" in body
    assert "Te laat" in body


def test_procesregisseur_sees_overdue_requests(signed_in, procesregisseur, ggz_user, case):
    make_request(case, ggz_user.organisation, procesregisseur, datetime.date(2020, 1, 1))
    body = signed_in(procesregisseur).get(reverse("home:worklist")).content.decode()
    assert "Verlopen informatieverzoeken" in body


def test_outsider_worklist_shows_nothing_of_the_case(signed_in, outsider, case):
    body = signed_in(outsider).get(reverse("home:worklist")).content.decode()
    assert case.title not in body
    assert case.reference not in body


@pytest.mark.parametrize("fixture", ["manager", "beheerder"])
def test_roles_without_case_content_get_no_cases(signed_in, request, fixture, case):
    user = request.getfixturevalue(fixture)
    body = signed_in(user).get(reverse("home:worklist")).content.decode()
    assert case.title not in body
    assert "geen toegang tot casussen" in body


def test_worklist_query_count_is_bounded(
    signed_in, django_assert_max_num_queries, procesregisseur, ggz_user, region, municipality
):
    client = signed_in(procesregisseur)

    def fill(n):
        for _ in range(n):
            case = CaseFactory(region=region, municipality=municipality)
            add_person(case)
            add_participant(case, ggz_user.organisation, "uitvraag")
            make_request(case, ggz_user.organisation, procesregisseur, datetime.date(2020, 1, 1))

    fill(3)
    # 25: the werklijst blocks (nazorg included), a fixed few for the her-melding candidates
    # of intake, and the noodtoegang banner of a procesregisseur.
    with django_assert_max_num_queries(25) as small:
        client.get(reverse("home:worklist"))
    fill(40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("home:worklist"))


def test_closed_case_is_not_awaiting_triage(procesregisseur, case, region, municipality):
    from schakel.home.selectors import worklist_for

    closed = CaseFactory(region=region, municipality=municipality, state=CaseState.AFGESLOTEN)
    worklist = worklist_for(user=procesregisseur)
    assert worklist.awaiting_triage == [case]
    assert closed in worklist.recent_cases


def test_accessibility_statement_is_public(client):
    response = client.get("/toegankelijkheid")
    assert response.status_code == 200
    assert "2.1 op niveau AA" in response.content.decode()


# --- Volhouden: what matters now comes first -------------------------------------------


@pytest.fixture
def directed_case(region, municipality, table, procesregisseur, politie):
    from schakel.cases.services import transition_case
    from tests.builders import case_at_table

    case = CaseFactory(region=region, municipality=municipality)
    case_at_table(case, table=table, actor=procesregisseur)
    transition_case(
        case=case, to_state=CaseState.IN_UITVOERING, actor=procesregisseur, reason="Plan"
    )
    add_participant(case, politie, "uitgenodigd")
    return case


def test_newly_overdue_action_is_shown_with_the_count_of_all(
    signed_in, procesregisseur, politie, directed_case
):
    from django.utils import timezone

    from schakel.home.selectors import WORKLIST_LIMIT, worklist_for
    from tests.helpers import make_action

    today = timezone.localdate()
    for days in range(5, 5 + WORKLIST_LIMIT + 5):
        make_action(
            directed_case,
            politie,
            procesregisseur,
            due_on=today - datetime.timedelta(days=days),
            description=f"Oude actie {days}",
        )
    newest = make_action(
        directed_case,
        politie,
        procesregisseur,
        due_on=today - datetime.timedelta(days=1),
        description="Net verlopen actie",
    )
    worklist = worklist_for(user=procesregisseur)
    assert worklist.overdue_actions[0] == newest
    assert worklist.overdue_actions_count == WORKLIST_LIMIT + 6
    assert len(worklist.overdue_actions) == WORKLIST_LIMIT
    body = signed_in(procesregisseur).get(reverse("home:worklist")).content.decode()
    assert "Net verlopen actie" in body
    assert f"Oude actie {5 + WORKLIST_LIMIT + 4}" not in body
    assert f"De {WORKLIST_LIMIT} meest recent verlopen van {WORKLIST_LIMIT + 6}" in body


def test_meetings_of_today_are_upcoming_only_until_they_end(signed_in, procesregisseur, table):
    from django.utils import timezone

    from schakel.home.selectors import worklist_for
    from schakel.meetings.models import Meeting

    now = timezone.now()
    hour = datetime.timedelta(hours=1)

    def sitting(starts_at, location):
        return Meeting.objects.create(
            table=table, starts_at=starts_at, ends_at=starts_at + hour, location=location
        )

    ended = sitting(now - 2 * hour, "Afgelopen")
    running = sitting(now - hour / 2, "Bezig")
    later_today = sitting(now + datetime.timedelta(minutes=5), "Straks")
    next_week = sitting(now + datetime.timedelta(days=7), "Volgende week")
    worklist = worklist_for(user=procesregisseur)
    assert worklist.upcoming_meetings == [running, later_today, next_week]
    assert ended not in worklist.upcoming_meetings
    body = signed_in(procesregisseur).get(reverse("home:worklist")).content.decode()
    meetings_block = body.split('id="wl-meetings"', 1)[1].split("</section>", 1)[0]
    assert reverse("meetings:detail", args=[ended.pk]) not in meetings_block
    assert "nu bezig" in meetings_block
    if timezone.localdate(later_today.starts_at) == timezone.localdate():
        assert "vandaag" in meetings_block
