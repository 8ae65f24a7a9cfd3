"""The second half of the ZVH work process in a real browser, as its users do it.

The procesregisseur builds the agenda of a casusoverleg from the triage decision, invites
the GGZ for the one item, records who attended (one partner remotely), minutes the item
along beeldvorming, oordeelvorming and besluitvorming, writes and agrees the plan van
aanpak with a zorg intervention held by the GGZ and a straf intervention held by the
police, and records an action for the police. Each partner reports progress on its own
intervention only. The action passes its due date; the database worker sends the reminder
(in Schakel and by e-mail) and the action shows as late on both worklists. The case is
afgeschaald with the checklist, closed against the hoofddoel and evaluated; the manager
reads the verbetervoorstel without the case. An uninvolved organisation finds nothing.
axe-core checks every page on the way.
"""

import datetime
import importlib
import re
import tempfile
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case, LifeDomain
from schakel.followup.models import Action
from schakel.meetings import services as meeting_services
from schakel.meetings.models import Meeting
from schakel.notifications.models import Notification
from schakel.plans.models import Intervention, InterventionUpdate, PlanVersion
from schakel.tables.models import DayPart, Frequency, Weekday
from schakel.triage import services as triage_services
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import (
    CaseFactory,
    MunicipalityFactory,
    PersonFactory,
    UserFactory,
    add_participant,
    add_person,
)

pytestmark = pytest.mark.browser

TITLE = "Escalerende overlast en zorgmijding Bloemenbuurt"
PURPOSE = "Gezamenlijk plan van aanpak voor zorg en veiligheid"
QUESTIONS = "Wie neemt de zorg op en welke strafrechtelijke kaders zijn er?"
MAIN_GOAL = "Betrokkene woont stabiel en veroorzaakt geen overlast meer."
SUBGOAL = "Betrokkene is binnen zes weken in behandeling bij de GGZ."
GGZ_INTERVENTION = "Outreachende behandeling door het FACT-team"
POLICE_INTERVENTION = "Voorwaardelijk sepot met meldplicht bij de wijkagent"
GGZ_PROGRESS = "Eerste huisbezoek afgelegd; betrokkene staat open voor een intake."
POLICE_PROGRESS = "Meldplicht besproken; betrokkene meldt zich wekelijks."
ACTION = "Wijkagent legt binnen een dag contact met de woningcorporatie."
IMPROVEMENT = "Vaste contactpersoon per woningcorporatie voor de regietafel."

# Full-page screenshots for a human to look at: <tmp>/journey_meeting.png, _plan, _compare.
SHOTS = str(Path(tempfile.gettempdir()) / "journey_{name}.png")


def new_page(browser: Browser, live_server) -> Page:
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(10_000)
    return context.new_page()


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name=re.compile(f"^{name}")
    ).click()


@pytest.fixture
def life_domains(transactional_db):
    """A live-server test flushes the database, reference lists from migrations included."""
    seeded = importlib.import_module("schakel.cases.migrations.0002_life_domains")
    for position, (code, name) in enumerate(seeded.LIFE_DOMAINS, start=1):
        LifeDomain.objects.get_or_create(code=code, defaults={"name": name, "position": position})


@pytest.fixture
def world(region, zvh, politie, ggz, outsider_org, table, life_domains):
    """Set up through the services, not the UI: the case placed on the table by triage and
    a meeting of that table starting in an hour, inside the information window."""
    municipality = MunicipalityFactory(region=region, name="Dordrecht", cbs_code="GM0505")
    table.frequency = Frequency.WEEKLY
    table.weekday = Weekday.TUESDAY
    table.day_part = DayPart.MORNING
    table.location = "Zorg- en Veiligheidshuis, Dordrecht"
    table.save()
    table.fixed_participants.add(politie)
    regisseur = UserFactory(
        username="regisseur",
        first_name="Femke",
        last_name="Procesregie",
        organisation=zvh,
        roles=[Role.PROCESREGISSEUR],
    )
    table.procesregisseurs.add(regisseur)
    agent = UserFactory(
        username="agent",
        first_name="Wessel",
        last_name="Wijkagent",
        organisation=politie,
        roles=[Role.KETENPARTNER],
    )
    behandelaar = UserFactory(
        username="behandelaar",
        first_name="Gerda",
        last_name="Behandelaar",
        organisation=ggz,
        roles=[Role.KETENPARTNER],
    )
    case = CaseFactory(region=region, municipality=municipality, title=TITLE)
    add_person(case, PersonFactory(region=region, first_names="Fictieve", last_name="Testpersoon"))
    add_participant(case, politie, reason="melder")
    triage_services.start_triage(actor=regisseur, case=case)
    triage_services.decide_triage(
        actor=regisseur,
        case=case,
        meets_multiple_domains=True,
        needs_multiple_chains=True,
        impacts_system=True,
        impacts_local_safety=True,
        o3mp_applied=False,
        o3mp_ondoorgrondelijk=False,
        o3mp_ongrijpbaar=False,
        o3mp_ontwrichtend=False,
        complexity="hoog",
        risk="hoog",
        unrest="midden",
        outcome="agenderen",
        reason="Meervoudige problematiek; zorg en straf moeten samen optrekken.",
        table=table,
        purpose=PURPOSE,
        questions=QUESTIONS,
    )
    starts_at = timezone.now() + datetime.timedelta(hours=1)
    meeting = meeting_services.add_meeting(
        table=table,
        actor=regisseur,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        location="Zorg- en Veiligheidshuis, Dordrecht",
    )
    case.refresh_from_db()
    assert case.state == CaseState.GEAGENDEERD
    return {
        "case": case,
        "meeting": meeting,
        "regisseur": regisseur,
        "agent": agent,
        "behandelaar": behandelaar,
        "buitenstaander": UserFactory(
            username="elders", organisation=outsider_org, roles=[Role.KETENPARTNER]
        ),
        "manager": UserFactory(username="manager", organisation=zvh, roles=[Role.MANAGER]),
    }


def prepare_and_run_meeting(page: Page, world: dict) -> str:
    """Agenda, invitation, attendance and BOB minutes. Returns the item page's URL."""
    case, meeting = world["case"], world["meeting"]
    nav(page, "Overleggen")
    expect(heading(page)).to_have_text("Casusoverleggen")
    assert_accessible(page)
    page.get_by_role("table", name=re.compile("Komende casusoverleggen")).get_by_role(
        "link"
    ).first.click()
    expect(heading(page)).to_contain_text("Casusoverleg Volwassenen")
    expect(page.get_by_text("Er staan (nog) geen agendapunten op dit overleg.")).to_be_visible()

    page.get_by_role("button", name="Agenda opbouwen").click()
    expect(page.get_by_text("1 casus(sen) op de agenda gezet.")).to_be_visible()
    item_link = page.get_by_role("link", name=f"Agendapunt 1: {case.reference}")
    expect(item_link).to_be_visible()
    expect(page.get_by_text(PURPOSE)).to_be_visible()
    assert_accessible(page)

    # On the item page: invite the GGZ for this case only.
    item_link.click()
    expect(heading(page)).to_have_text(f"Agendapunt {case.reference}")
    expect(page.get_by_text(QUESTIONS)).to_be_visible()
    assert_accessible(page)
    item_url = page.url
    page.get_by_label("GGZ Drechtsteden", exact=True).check()
    page.get_by_role("button", name="Uitnodigingen opslaan").click()
    expect(page.get_by_text("De uitnodigingen zijn bijgewerkt.")).to_be_visible()
    item = meeting.items.get()
    assert set(item.invited_organisations.values_list("name", flat=True)) == {
        "Politie Dordrecht",
        "GGZ Drechtsteden",
    }

    # Before the sitting begins, attendance (and minutes) wait for it.
    page.get_by_role("link", name=re.compile("^Casusoverleg Volwassenen")).click()
    expect(
        page.get_by_text(re.compile("De aanwezigheid kan worden vastgelegd zodra"))
    ).to_be_visible()
    expect(page.get_by_role("button", name="Vastleggen", exact=True)).to_have_count(0)
    # The sitting begins.
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    page.reload()

    # Attendance: the police in the room, the GGZ by video for this item.
    page.get_by_label("Organisatie", exact=False).select_option(label="Politie Dordrecht")
    page.get_by_label("Gebruiker").select_option(label="Wessel Wijkagent (Politie Dordrecht)")
    page.get_by_label("Aanwezig", exact=True).check()
    page.get_by_role("button", name="Vastleggen", exact=True).click()
    expect(page.get_by_text("De aanwezigheid is vastgelegd.")).to_be_visible()
    page.get_by_label("Organisatie", exact=False).select_option(label="GGZ Drechtsteden")
    page.get_by_label("Gebruiker").select_option(label="Gerda Behandelaar (GGZ Drechtsteden)")
    page.get_by_label(re.compile("Op afstand")).check()
    page.get_by_label("Alleen voor agendapunt").select_option(label=f"1. {case.reference}")
    page.get_by_role("button", name="Vastleggen", exact=True).click()
    attendance = page.get_by_role("table", name=re.compile("Wie namens welke organisatie"))
    expect(attendance.get_by_role("row", name=re.compile("GGZ Drechtsteden"))).to_contain_text(
        "Op afstand"
    )
    expect(attendance.get_by_role("row", name=re.compile("Politie Dordrecht"))).to_contain_text(
        "Aanwezig"
    )
    assert_accessible(page)

    # Minutes along BOB.
    page.goto(item_url)
    page.get_by_label("Beeldvorming", exact=True).fill(
        "Politie en GGZ kennen betrokkene; zorg wordt gemeden."
    )
    page.get_by_label("Oordeelvorming", exact=True).fill(
        "Zonder drang vanuit justitie komt zorg niet op gang."
    )
    page.get_by_label("Besluitvorming", exact=True).fill(
        "Plan van aanpak met zorg (GGZ) en straf (politie)."
    )
    page.get_by_role("button", name="Verslag opslaan").click()
    expect(page.get_by_text("Het verslag van dit agendapunt is opgeslagen.")).to_be_visible()
    item.refresh_from_db()
    assert item.is_minuted
    assert_accessible(page)
    return item_url


def write_plan(page: Page) -> None:
    """From the minuted item to a complete plan with two interventions."""
    page.get_by_role("link", name="Plan van aanpak", exact=True).click()
    expect(heading(page)).to_have_text("Plan van aanpak")
    expect(page.get_by_text("Het plan heeft nog geen hoofddoel.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Hoofddoel en afspraken wijzigen").click()
    assert_accessible(page)
    page.get_by_label("Hoofddoel", exact=True).fill(MAIN_GOAL)
    page.get_by_label("Wonen / huisvesting").check()
    page.get_by_label("Psychische gezondheid").check()
    page.get_by_label("Casusregisseur (organisatie)").select_option(label="GGZ Drechtsteden")
    page.get_by_label("Casusregisseur (persoon)").fill("Gerda Behandelaar")
    page.get_by_label("Handelingsperspectief bij niet-naleving").fill(
        "Bij het niet nakomen van de meldplicht volgt vervolging; de GGZ overweegt een zorgmachtiging."
    )
    evaluation = timezone.localdate() + datetime.timedelta(weeks=8)
    page.get_by_label("Volgende evaluatie").fill(evaluation.isoformat())
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het algemeen deel van het plan is opgeslagen.")).to_be_visible()
    expect(page.get_by_text(MAIN_GOAL)).to_be_visible()

    page.get_by_role("link", name="Subdoel toevoegen").click()
    page.get_by_role("textbox", name=re.compile("^Subdoel")).fill(SUBGOAL)
    page.get_by_label("Meetbaar als").fill(
        "Intake en eerste behandelafspraak hebben plaatsgevonden."
    )
    page.get_by_label("Psychische gezondheid").check()
    page.get_by_role("button", name="Subdoel opslaan").click()
    expect(page.get_by_text("Het subdoel is opgeslagen.")).to_be_visible()

    add_intervention(
        page,
        line="Zorg",
        kader="Vrijwillig",
        description=GGZ_INTERVENTION,
        organisation="GGZ Drechtsteden",
        person="Gerda Behandelaar",
    )
    add_intervention(
        page,
        line="Straf",
        kader="Drang",
        description=POLICE_INTERVENTION,
        organisation="Politie Dordrecht",
        person="Wessel Wijkagent",
    )
    expect(page.get_by_text("Voordat het plan kan worden vastgesteld:")).to_have_count(0)
    assert_accessible(page)


def add_intervention(page: Page, *, line, kader, description, organisation, person) -> None:
    page.get_by_role("link", name="Interventie toevoegen").click()
    expect(heading(page)).to_have_text("Interventie toevoegen")
    page.get_by_label(line, exact=True).check()
    page.get_by_label(kader, exact=True).check()
    page.get_by_role("textbox", name=re.compile("^Interventie")).fill(description)
    page.get_by_label("Verantwoordelijke organisatie").select_option(label=organisation)
    page.get_by_label("Verantwoordelijke persoon").fill(person)
    page.get_by_label("Draagt bij aan subdoel").select_option(label=SUBGOAL)
    page.get_by_label("Startdatum").fill(timezone.localdate().isoformat())
    page.get_by_label(re.compile("^Status")).select_option(label="Lopend")
    page.get_by_role("button", name="Interventie opslaan").click()
    expect(page.get_by_text("De interventie is opgeslagen.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(re.escape(description)))).to_be_visible()


def agree_in_meeting(page: Page, item_url: str, *, version: int) -> None:
    page.goto(item_url)
    page.get_by_role("link", name="Plan van aanpak vaststellen").click()
    expect(heading(page)).to_have_text("Plan van aanpak vaststellen")
    expect(page.get_by_label("Vastgesteld in overleg")).to_have_value(str(Meeting.objects.get().pk))
    if version == 1:
        assert_accessible(page)
    page.get_by_label("De tafel heeft dit plan in dit overleg vastgesteld").check()
    page.get_by_role("button", name="Plan vaststellen").click()
    expect(page.get_by_text("Het plan van aanpak is vastgesteld.")).to_be_visible()
    expect(page.get_by_text(re.compile(f"Versie {version}, vastgesteld op"))).to_be_visible()


def record_action(page: Page, item_url: str) -> Action:
    page.goto(item_url)
    page.get_by_role("link", name="Actie vastleggen").click()
    expect(heading(page)).to_have_text("Nieuwe actie")
    assert_accessible(page)
    page.get_by_role("textbox", name=re.compile("^Actie")).fill(ACTION)
    page.get_by_label("Eigenaar (organisatie)").select_option(label="Politie Dordrecht")
    page.get_by_label("Eigenaar (persoon)").select_option(
        label="Wessel Wijkagent (Politie Dordrecht)"
    )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page.get_by_label("Uiterlijk gereed op").fill(tomorrow.isoformat())
    page.get_by_role("button", name="Actie vastleggen").click()
    expect(page.get_by_text("De actie is vastgelegd.")).to_be_visible()
    action = Action.objects.get(description=ACTION)
    assert action.due_on == tomorrow
    assert action.agenda_item_id is not None
    return action


def report_progress(page: Page, *, status: str, text: str) -> None:
    page.get_by_role("link", name="Voortgang melden").click()
    expect(heading(page)).to_have_text("Voortgang melden")
    assert_accessible(page)
    page.get_by_label("Status van de interventie").select_option(label=status)
    page.get_by_role("textbox", name=re.compile("^Voortgang")).fill(text)
    page.get_by_role("button", name="Voortgang vastleggen").click()
    expect(page.get_by_text("De voortgang is vastgelegd.")).to_be_visible()
    expect(page.get_by_text(text)).to_be_visible()


def test_agenda_plan_volhouden_afschalen_afsluiten(browser, live_server, world):
    case, meeting = world["case"], world["meeting"]
    plan_url = f"/casussen/{case.pk}/plan/"

    # 2. The procesregisseur prepares and runs the meeting and agrees the plan.
    regie = new_page(browser, live_server)
    sign_in(regie, world["regisseur"])
    item_url = prepare_and_run_meeting(regie, world)
    regie.get_by_role("link", name=re.compile("^Casusoverleg Volwassenen")).click()
    expect(regie.get_by_text("verslag vastgelegd")).to_be_visible()
    regie.screenshot(path=SHOTS.format(name="meeting"), full_page=True)

    regie.goto(item_url)
    write_plan(regie)
    agree_in_meeting(regie, item_url, version=1)
    case.refresh_from_db()
    assert case.state == CaseState.IN_UITVOERING
    expect(regie.get_by_text("In uitvoering")).to_be_visible()
    assert PlanVersion.objects.filter(plan__case=case).count() == 1
    assert_accessible(regie)
    action = record_action(regie, item_url)

    # 3. Each partner sees the plan and reports on its own intervention only.
    ggz_intervention = Intervention.objects.get(description=GGZ_INTERVENTION)
    police_intervention = Intervention.objects.get(description=POLICE_INTERVENTION)
    ggz = new_page(browser, live_server)
    sign_in(ggz, world["behandelaar"])
    ggz.get_by_role("link", name=re.compile(case.reference)).first.click()
    expect(heading(ggz)).to_contain_text(TITLE)
    assert_accessible(ggz)
    ggz.get_by_role("navigation", name="Onderdelen van de casus").get_by_role(
        "link", name="Plan en acties"
    ).click()
    ggz.get_by_role("link", name="Naar het plan van aanpak").click()
    expect(heading(ggz)).to_have_text("Plan van aanpak")
    expect(ggz.get_by_role("link", name="Voortgang melden")).to_have_count(1)
    assert_accessible(ggz)
    report_progress(ggz, status="Lopend", text=GGZ_PROGRESS)
    assert InterventionUpdate.objects.get().intervention == ggz_intervention

    police = new_page(browser, live_server)
    sign_in(police, world["agent"])
    police.goto(plan_url)
    expect(heading(police)).to_have_text("Plan van aanpak")
    # The police read the GGZ intervention (they sit at the table) but not its progress.
    expect(police.get_by_role("heading", name=re.compile(GGZ_INTERVENTION))).to_be_visible()
    expect(police.get_by_text(GGZ_PROGRESS)).to_have_count(0)
    expect(police.get_by_role("link", name="Voortgang melden")).to_have_count(1)
    assert_accessible(police)
    report_progress(police, status="Lopend", text=POLICE_PROGRESS)
    expect(police.get_by_text(GGZ_PROGRESS)).to_have_count(0)
    response = police.goto(f"{plan_url}interventies/{ggz_intervention.pk}/voortgang/")
    assert response.status in (403, 404)
    expect(police.get_by_text(GGZ_PROGRESS)).to_have_count(0)

    ggz.goto(plan_url)
    expect(ggz.get_by_text(GGZ_PROGRESS)).to_be_visible()
    expect(ggz.get_by_text(POLICE_PROGRESS)).to_have_count(0)
    response = ggz.goto(f"{plan_url}interventies/{police_intervention.pk}/voortgang/")
    assert response.status in (403, 404)

    # The procesregisseur reads both.
    regie.goto(plan_url)
    expect(regie.get_by_text(GGZ_PROGRESS)).to_be_visible()
    expect(regie.get_by_text(POLICE_PROGRESS)).to_be_visible()
    regie.screenshot(path=SHOTS.format(name="plan"), full_page=True)

    # A change, agreed as version 2, and the two versions side by side.
    regie.get_by_role("link", name="Hoofddoel en afspraken wijzigen").click()
    regie.get_by_label("Monitoringsafspraken").fill("De GGZ rapporteert elke vier weken aan tafel.")
    regie.get_by_role("button", name="Opslaan").click()
    expect(regie.get_by_text("Het algemeen deel van het plan is opgeslagen.")).to_be_visible()
    agree_in_meeting(regie, item_url, version=2)
    regie.get_by_role("link", name="alle versies").click()
    expect(heading(regie)).to_have_text("Vastgestelde versies van het plan")
    assert_accessible(regie)
    regie.get_by_role("button", name="Vergelijken").click()
    expect(heading(regie)).to_have_text("Versie 1 en versie 2 vergeleken")
    expect(regie.get_by_text("De GGZ rapporteert elke vier weken aan tafel.")).to_be_visible()
    assert_accessible(regie)
    regie.screenshot(path=SHOTS.format(name="compare"), full_page=True)

    # 4. Time passes: the action is overdue; the worker sends the reminder. What the worker
    # had still to send (invitations, the agreed plan) goes out first and is not counted.
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    mail.outbox.clear()
    Action.objects.filter(pk=action.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    call_command("herinneringen_versturen", verbosity=0)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    action.refresh_from_db()
    assert action.reminded_at is not None
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [world["agent"].email, world["regisseur"].email]
    )
    assert all(case.reference in message.subject for message in mail.outbox)
    reminders = Notification.objects.filter(topic=f"actie-{action.pk}-te-laat")
    assert set(reminders.values_list("user_id", flat=True)) == {
        world["agent"].pk,
        world["regisseur"].pk,
    }

    police.goto("/")
    own_actions = police.get_by_role("region", name=re.compile("Open acties van uw organisatie"))
    expect(own_actions.get_by_role("listitem").filter(has_text=case.reference)).to_contain_text(
        "Te laat"
    )
    assert_accessible(police)
    nav(police, "Berichten")
    expect(heading(police)).to_have_text("Berichten")
    expect(
        police.get_by_role("link", name=re.compile("actie is over de uiterlijke datum"))
    ).to_be_visible()
    assert_accessible(police)

    regie.goto("/")
    overdue = regie.get_by_role("region", name=re.compile("Acties over datum"))
    expect(overdue.get_by_role("link", name=re.compile(case.reference))).to_be_visible()
    expect(overdue).to_contain_text("Te laat")
    assert_accessible(regie)

    # 5. Afschalen: refused while the checklist is incomplete, then done.
    regie.goto(f"/casussen/{case.pk}/")
    regie.get_by_role("navigation", name="Onderdelen van de casus").get_by_role(
        "link", name="Afsluiting"
    ).click()
    regie.get_by_role("link", name="Afschalen", exact=True).click()
    expect(heading(regie)).to_have_text("Afschaalchecklist")
    regie.get_by_role("button", name="Afschalen", exact=True).click()
    expect(regie.get_by_text("Kies de partner bij wie de regie wordt teruggelegd.")).to_be_visible()
    expect(
        regie.get_by_text("Vink aan dat de laatste check op risico's en maatregelen is gedaan.")
    ).to_be_visible()
    assert_accessible(regie)
    case.refresh_from_db()
    assert case.state == CaseState.IN_UITVOERING
    fill_afschaal_checklist(regie)
    regie.get_by_role("button", name="Afschalen", exact=True).click()
    expect(regie.get_by_text("De casus is afgeschaald; de regie is teruggelegd.")).to_be_visible()
    case.refresh_from_db()
    assert case.state == CaseState.AFGESCHAALD
    assert_accessible(regie)

    regie.get_by_role("link", name="Casus afsluiten").click()
    expect(heading(regie)).to_have_text("Casus afsluiten")
    expect(regie.get_by_text(MAIN_GOAL)).to_be_visible()
    assert_accessible(regie)
    regie.get_by_label("Deels behaald").check()
    regie.get_by_label("Reden van afsluiten").fill(
        "De zorg loopt; de overlast is sterk verminderd. Regie ligt bij de GGZ."
    )
    regie.get_by_label("Nee", exact=True).check()
    regie.get_by_label("Leerpunten").fill("Eerder de woningcorporatie betrekken.")
    regie.get_by_label("Verbetervoorstellen").fill(IMPROVEMENT)
    regie.get_by_role("button", name="Casus afsluiten").click()
    expect(regie.get_by_text("De casus is afgesloten en geëvalueerd.")).to_be_visible()
    case.refresh_from_db()
    assert case.state == CaseState.AFGESLOTEN
    assert_accessible(regie)

    manager = new_page(browser, live_server)
    sign_in(manager, world["manager"])
    nav(manager, "Verbetervoorstellen")
    expect(heading(manager)).to_have_text("Verbetervoorstellen")
    expect(manager.get_by_text(IMPROVEMENT)).to_be_visible()
    expect(manager.get_by_text(case.reference)).to_have_count(0)
    expect(manager.get_by_text(TITLE)).to_have_count(0)
    assert_accessible(manager)

    # 6. An uninvolved organisation finds nothing.
    elsewhere = new_page(browser, live_server)
    sign_in(elsewhere, world["buitenstaander"])
    nav(elsewhere, "Overleggen")
    expect(elsewhere.get_by_text("Er staan geen overleggen voor u gepland.")).to_be_visible()
    expect(elsewhere.get_by_text("Volwassenen")).to_have_count(0)
    assert_accessible(elsewhere)
    response = elsewhere.goto(f"/overleggen/{meeting.pk}/")
    assert response.status == 404
    expect(elsewhere.get_by_text(PURPOSE)).to_have_count(0)
    response = elsewhere.goto(item_url)
    assert response.status == 404
    response = elsewhere.goto(plan_url)
    assert response.status == 404
    expect(elsewhere.get_by_text(MAIN_GOAL)).to_have_count(0)
    assert Case.objects.get(pk=case.pk).state == CaseState.AFGESLOTEN


def fill_afschaal_checklist(page: Page) -> None:
    page.get_by_label("Laatste check op risico's en maatregelen gedaan").check()
    page.get_by_label("Toelichting risico's").fill(
        "Geen acute risico's; de meldplicht loopt nog drie maanden."
    )
    page.get_by_label("Laatste check op de samenwerking tussen de partijen gedaan").check()
    page.get_by_label("Toelichting samenwerking").fill("GGZ en politie stemmen rechtstreeks af.")
    page.get_by_label("Regie teruggelegd bij (organisatie)").select_option(label="GGZ Drechtsteden")
    page.get_by_label("Regie teruggelegd bij (persoon)").fill(
        "Gerda Behandelaar, casusregisseur FACT-team"
    )
    page.get_by_label("Afspraken over wanneer opnieuw te consulteren").fill(
        "Bij een nieuwe melding of aan het einde van de meldplicht."
    )
    page.get_by_label("Afspraken over opnieuw opschalen").fill(
        "Bij nieuwe overlast of als de zorg stopt."
    )
