"""The case page in parts: a summary with the overview, and one URL per section."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import timezone

from schakel.cases.sections import SECTIONS
from schakel.followup.models import Action
from schakel.inquiries.models import InformationRequest
from schakel.meetings.models import AgendaItem, AgendaSource, Meeting, MeetingStatus
from schakel.plans.models import Plan
from tests.cases.helpers import url

# The headings of the one long page this replaced: each must still be on some page.
OLD_HEADINGS = [
    "Betrokkenen",
    "Bekend in andere casussen",
    "Meldingen",
    "Informatieverzoeken",
    "Triage",
    "Casusoverleggen",
    "Plan van aanpak",
    "Acties",
    "Opschalingen",
    "Stappenmeter",
    "Afschalen, afsluiten en evaluatie",
    "Deelnemende organisaties",
    "Statusgeschiedenis",
]


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def make_meeting(table, case, *, in_days, invited=(), status=MeetingStatus.PLANNED):
    start = timezone.now() + datetime.timedelta(days=in_days)
    meeting = Meeting.objects.create(
        table=table, starts_at=start, ends_at=start + datetime.timedelta(hours=2), status=status
    )
    item = AgendaItem.objects.create(
        meeting=meeting, case=case, source=AgendaSource.TRIAGE, purpose="Bespreken"
    )
    item.invited_organisations.add(*invited)
    return meeting


def make_action(case, organisation, by, *, due_on, description):
    return Action.objects.create(
        case=case,
        description=description,
        owner_organisation=organisation,
        due_on=due_on,
        created_by=by,
    )


def make_request(case, organisation, by, *, deadline, question="Is betrokkene bekend?"):
    return InformationRequest.objects.create(
        case=case,
        organisation=organisation,
        question=question,
        purpose="Voorbereiding triage",
        legal_ground="wgs",
        deadline=deadline,
        requested_by=by,
    )


# --- Structure and reachability ------------------------------------------------------------


def test_every_section_has_its_own_page_with_the_menu(signed_in, procesregisseur, table_case):
    client = signed_in(procesregisseur)
    for section in SECTIONS:
        response = client.get(url(table_case, section.slug))
        assert response.status_code == 200, section.slug
        body = response.content.decode()
        assert 'aria-label="Onderdelen van de casus"' in body
        for other in SECTIONS:
            assert f'href="{url(table_case, other.slug)}"' in body
        assert body.count('aria-current="page"') == 2  # the main menu's and this one
        assert f'href="{url(table_case, section.slug)}" aria-current="page"' in body
        assert f"<title>{table_case.reference}" in body


def test_every_part_of_the_old_page_is_reachable(signed_in, procesregisseur, table_case):
    Plan.objects.filter(case=table_case).update(main_goal="Rust in de wijk")
    client = signed_in(procesregisseur)
    pages = "".join(
        client.get(url(table_case, section.slug)).content.decode() for section in SECTIONS
    )
    for heading in OLD_HEADINGS:
        assert f">{heading}</h2>" in pages, heading


def test_overview_is_short_and_keeps_persons_first(signed_in, procesregisseur, table_case):
    body = signed_in(procesregisseur).get(url(table_case)).content.decode()
    assert body.index("Samenvatting") < body.index("Betrokkenen")
    assert "Meldingen</h2>" not in body
    assert "Statusgeschiedenis" not in body


def test_unknown_section_is_404(signed_in, procesregisseur, table_case):
    client = signed_in(procesregisseur)
    assert client.get(f"/casussen/{table_case.pk}/onbekend/").status_code == 404
    assert client.get(f"/casussen/{table_case.pk}/MELDING/").status_code == 404


@pytest.mark.parametrize(
    "path, name",
    [
        ("plan/", "plans:detail"),
        ("acties/nieuw/", "followup:action_create"),
        ("afschalen/", "closure:de_escalate"),
        ("afsluiten/", "closure:close"),
        ("evaluatie/", "closure:evaluation"),
    ],
)
def test_section_urls_never_take_the_paths_of_other_parts(path, name):
    match = resolve(f"/casussen/7/{path}")
    assert f"{match.namespace}:{match.url_name}" == name


# --- Access and logging on every section -------------------------------------------------


# --- The summary ---------------------------------------------------------------------------


def test_summary_shows_state_next_step_meeting_actions_and_overdue(
    signed_in, procesregisseur, table_case, table, politie, ggz
):
    make_meeting(table, table_case, in_days=-7, status=MeetingStatus.HELD)
    make_meeting(table, table_case, in_days=20, invited=[politie])
    make_meeting(table, table_case, in_days=30, status=MeetingStatus.CANCELLED)
    make_action(table_case, politie, procesregisseur, due_on=days(-3), description="Huisbezoek")
    make_action(table_case, ggz, procesregisseur, due_on=days(9), description="Intake plannen")
    Action.objects.create(
        case=table_case,
        description="Al gedaan",
        owner_organisation=ggz,
        due_on=days(-30),
        created_by=procesregisseur,
        status="gereed",
    )
    make_request(table_case, ggz, procesregisseur, deadline=days(-1))
    Plan.objects.filter(case=table_case).update(main_goal="Rust", next_evaluation_on=days(-5))

    body = signed_in(procesregisseur).get(url(table_case)).content.decode()
    summary = body.split('id="samenvatting-kop"', 1)[1].split("</section>", 1)[0]

    assert "In uitvoering" in summary
    assert "Plan uitvoeren: acties opvolgen en de voortgang meten." in summary
    upcoming = timezone.localtime(timezone.now() + datetime.timedelta(days=20))
    assert f"{upcoming.day} " in summary and "Volwassenen" in summary
    assert "2 open acties" in summary
    assert "Intake plannen" in summary
    assert "Al gedaan" not in summary
    late = summary.split("Te laat", 1)[1]
    assert "3 punten" in late
    assert "Huisbezoek" in late
    assert "GGZ Drechtsteden" in late  # the overdue information request
    assert "Evaluatie van het plan" in late
    assert "Intake plannen" not in late


def test_summary_of_a_partner_holds_only_what_the_partner_may_see(
    signed_in, procesregisseur, ggz_user, table_case, table, politie, ggz
):
    # GGZ is not invited to the coming meeting and does not own the police action.
    make_meeting(table, table_case, in_days=20, invited=[politie])
    make_action(table_case, politie, procesregisseur, due_on=days(-3), description="Huisbezoek")
    make_action(table_case, ggz, procesregisseur, due_on=days(-2), description="Intake GGZ")
    make_request(table_case, politie, procesregisseur, deadline=days(-1), question="Politie?")
    Plan.objects.filter(case=table_case).update(main_goal="Rust", next_evaluation_on=days(-5))

    body = signed_in(ggz_user).get(url(table_case)).content.decode()
    summary = body.split('id="samenvatting-kop"', 1)[1].split("</section>", 1)[0]

    assert "niet gepland" in summary
    assert "Volwassenen" not in summary
    assert "Huisbezoek" not in summary
    assert "Intake GGZ" in summary
    assert "1 open actie" in summary
    assert "Politie Dordrecht" not in summary
    # GGZ holds an intervention, so it reads the plan and its evaluation date.
    assert "Evaluatie van het plan" in summary


def test_summary_without_anything_planned(signed_in, procesregisseur, case):
    body = signed_in(procesregisseur).get(url(case)).content.decode()
    summary = body.split('id="samenvatting-kop"', 1)[1].split("</section>", 1)[0]
    assert "Aangemeld" in summary
    assert "Melding beoordelen" in summary
    assert "niet gepland" in summary
    assert ">geen<" in summary.replace("</dd>", "<")
    assert "niets" in summary


def test_summary_query_count_does_not_grow(
    signed_in, procesregisseur, table_case, table, politie, ggz
):
    def add_some(n):
        make_meeting(table, table_case, in_days=10 + n, invited=[politie])
        make_action(table_case, politie, procesregisseur, due_on=days(-n - 1), description="Laat")
        make_action(table_case, ggz, procesregisseur, due_on=days(n + 1), description="Op tijd")
        make_request(table_case, ggz, procesregisseur, deadline=days(-n - 1))

    Plan.objects.filter(case=table_case).update(main_goal="Rust", next_evaluation_on=days(-5))
    add_some(0)
    client = signed_in(procesregisseur)
    client.get(url(table_case))
    with CaptureQueriesContext(connection) as few:
        client.get(url(table_case))
    for n in range(1, 8):
        add_some(n)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url(table_case))
    assert "16 open acties" in response.content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
