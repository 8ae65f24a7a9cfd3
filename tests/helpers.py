"""Helpers the tests share: sign-in, form posts, records made directly for set-ups the
lifecycle would not produce. Fixtures live in the conftest files, builders that go through
the real services in tests.builders."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from schakel.accounts.backends import SIGN_IN_BACKEND
from schakel.accounts.middleware import LOGIN_AT_KEY
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case, CaseTransition, LifeDomain
from schakel.cases.services import transition_case
from schakel.closure.services import ChecklistInput
from schakel.followup.models import Action
from schakel.meetings.models import AgendaItem, AgendaSource, Meeting
from schakel.notifications.models import Notification
from schakel.persons.matching import name_key
from schakel.persons.models import Person
from schakel.plans import services as plan_services
from schakel.referrals.models import Referral, ReferralSource
from schakel.triage.models import TriageDecision, TriageOutcome
from tests.factories import CaseFactory, PersonFactory, add_person, verified_device

VALID_BSN = "111222333"
OTHER_VALID_BSN = "123456782"


# --- Signing in ---------------------------------------------------------------------------


def sign_in(client, user):
    """Log a user in with a verified second factor, as after a real TOTP login."""
    device = verified_device(user)
    client.force_login(user, backend=SIGN_IN_BACKEND)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[LOGIN_AT_KEY] = timezone.now().isoformat()
    session.save()
    return client


# --- Persons and meldingen ----------------------------------------------------------------


def make_person(region, *, first_names="Fictief", name_prefix="", last_name="Persoon", **fields):
    """A fictional person with its name key set, as services.create_person would."""
    fields.setdefault("birth_date", datetime.date(1990, 1, 1))
    return Person.objects.create(
        region=region,
        first_names=first_names,
        name_prefix=name_prefix,
        last_name=last_name,
        name_key=name_key(first_names, name_prefix, last_name),
        **fields,
    )


def known_person(region, **fields):
    """A person already registered in the region, with the name key matching relies on."""
    person = PersonFactory(region=region, **fields)
    person.name_key = name_key(person.first_names, person.name_prefix, person.last_name)
    person.save(update_fields=["name_key"])
    return person


def make_referral(case, organisation, user, **overrides):
    """The melding record of a case made by a factory (the case itself is already there)."""
    values = {
        "case": case,
        "source": ReferralSource.VELDAANMELDING,
        "reporting_organisation": organisation,
        "reported_by": user,
        "reporter_contact": "Wijkagent K. de Vries, 078-1234567",
        "received_on": datetime.date(2025, 3, 14),
        "description": "Buren melden al maanden geluidsoverlast en een sterke geur.",
        "question": "Kan het ZVH de aanpak coördineren?",
    }
    values.update(overrides)
    referral = Referral.objects.create(**values)
    referral.life_domains.set(LifeDomain.objects.filter(code__in=["wonen", "psychisch"]))
    return referral


def person_row(**overrides):
    row = {
        "role": "hoofdpersoon",
        "bsn": "",
        "first_names": "Fenna",
        "name_prefix": "van",
        "last_name": "Oosterhout",
        "birth_date": "1988-05-17",
        "gender": "vrouw",
        "street_address": "Voorstraat 1",
        "postal_code": "3311AA",
        "city": "Dordrecht",
        "match": "",
    }
    row.update(overrides)
    return row


def empty_row():
    """An untouched row, as the browser posts it (the gender select keeps its default)."""
    return {**{name: "" for name in person_row()}, "gender": "onbekend"}


def referral_post(municipality, *, persons=None, **overrides) -> dict:
    """A complete, valid melding as the browser posts it."""
    persons = [person_row()] if persons is None else persons
    data = {
        "source": "veldaanmelding",
        "received_on": datetime.date(2025, 3, 14).isoformat(),
        "municipality": str(municipality.pk),
        "kind": "persoon",
        "title": "Overlast en zorgen om verwaarlozing",
        "description": "Buren melden aanhoudende overlast; de woning lijkt vervuild.",
        "life_domains": [],
        "urgency": "hoog",
        "question": "Kan het ZVH de partners bij elkaar brengen?",
        "reporter_contact": "K. de Vries, 078-1234567",
        "betrokkene-TOTAL_FORMS": str(len(persons)),
        "betrokkene-INITIAL_FORMS": "0",
        "betrokkene-MIN_NUM_FORMS": "1",
        "betrokkene-MAX_NUM_FORMS": "20",
    }
    for index, row in enumerate(persons):
        for name, value in row.items():
            data[f"betrokkene-{index}-{name}"] = value
    data.update(overrides)
    return data


# --- Lifecycle short-cuts -----------------------------------------------------------------


def close_case(case, actor, to_state=CaseState.AFGESLOTEN):
    """Walk a case along the lifecycle graph to closed (or niet in behandeling)."""
    path = (
        [CaseState.IN_TRIAGE, CaseState.GEAGENDEERD, CaseState.AFGESLOTEN]
        if to_state == CaseState.AFGESLOTEN
        else [CaseState.IN_TRIAGE, CaseState.NIET_IN_BEHANDELING]
    )
    for state in path:
        transition_case(case=case, to_state=state, actor=actor, reason=f"Naar {state}")
    return case


def set_state(case, state, by):
    """Put a case in a state the lifecycle graph would not lead to from here, with a
    transition recorded: for tests of what refuses or tolerates such a state."""
    CaseTransition.objects.create(
        case=case, from_state=case.state, to_state=state, by=by, reason="Testopzet"
    )
    Case.objects.filter(pk=case.pk).update(state=state)
    case.refresh_from_db()
    return case


def make_table_case(table, municipality, *, title="Casus aan tafel", state=CaseState.GEAGENDEERD):
    """A case already on a table in the given state, without its history: for the meeting
    tests that need many cases and never look at how they got there."""
    case = CaseFactory(region=table.region, municipality=municipality, title=title, table=table)
    Case.objects.filter(pk=case.pk).update(state=state)
    case.state = state
    add_person(case)
    return case


def decide_agenderen(case, table, by, *, purpose="Gezamenlijk plan", required=()):
    """A triage decision record alone (the case does not move): what build_agenda reads."""
    decision = TriageDecision.objects.create(
        case=case,
        meets_multiple_domains=True,
        needs_multiple_chains=True,
        impacts_system=True,
        complexity="hoog",
        risk="hoog",
        unrest="midden",
        outcome=TriageOutcome.AGENDEREN,
        reason="Meerdere ketens nodig",
        table=table,
        purpose=purpose,
        questions="Wie neemt de regie?",
        decided_by=by,
    )
    decision.required_partners.set(required)
    return decision


# --- Meetings -----------------------------------------------------------------------------


def make_meeting(table, *, days=7, hours=0, **fields):
    starts_at = timezone.now() + datetime.timedelta(days=days, hours=hours)
    return Meeting.objects.create(
        table=table,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        location=fields.pop("location", "ZVH, Dordrecht"),
        **fields,
    )


def put_on_agenda(meeting, case, *, invited=(), position=1, purpose="Bespreken aanpak"):
    item = AgendaItem.objects.create(
        meeting=meeting,
        case=case,
        position=position,
        source=AgendaSource.MANUAL,
        purpose=purpose,
        questions="Welke hulp is er?",
    )
    item.invited_organisations.set(invited)
    return item


# --- Plans --------------------------------------------------------------------------------


def fill_general(plan, by, main_goal="Wonen en zorg op orde; geen nieuwe incidenten"):
    return plan_services.update_plan_general(
        plan=plan,
        actor=by,
        expected_revision=plan.revision,
        main_goal=main_goal,
        main_goal_domains=LifeDomain.objects.filter(code__in=["wonen", "psychisch"]),
        casusregisseur_organisation=None,
        casusregisseur_name="",
        non_compliance="Bij niet-naleving volgt een gesprek met de officier van justitie.",
        monitoring="Maandelijks overzicht van incidenten.",
        reporting_organisation=None,
        reporting_frequency="elke vier weken",
        next_evaluation_on=datetime.date(2030, 3, 1),
        escalation_agreements="",
    )


def add_goal(plan, by, description="Vaste woonplek binnen drie maanden"):
    return plan_services.save_goal(
        plan=plan,
        actor=by,
        expected_revision=plan.revision,
        description=description,
        measure="Huurcontract getekend",
        life_domains=LifeDomain.objects.filter(code="wonen"),
    )


def add_intervention(plan, by, organisation, description="Behandeling bij de FACT-poli", goal=None):
    return plan_services.save_intervention(
        plan=plan,
        actor=by,
        expected_revision=plan.revision,
        line="zorg",
        kader="drang",
        description=description,
        organisation=organisation,
        responsible_name="J. de Vries",
        goal=goal,
        starts_on=datetime.date(2030, 1, 1),
        ends_on=datetime.date(2030, 6, 30),
        status="gepland",
    )


# --- Follow-up and closure ----------------------------------------------------------------


def make_action(case, organisation, by, *, due_on=None, owner_user=None, **extra):
    """An action record as it stands, overdue by default (the service refuses a past
    due date): for the reminder and werklijst tests."""
    return Action.objects.create(
        case=case,
        description=extra.pop("description", "Huisbezoek afleggen en terugkoppelen"),
        owner_organisation=organisation,
        owner_user=owner_user,
        due_on=due_on or timezone.localdate() - datetime.timedelta(days=2),
        created_by=by,
        **extra,
    )


def complete_checklist(regie_organisation, **overrides) -> ChecklistInput:
    values = {
        "risks_checked": True,
        "risks_note": "Geen acute risico's meer; toezicht reclassering loopt door.",
        "cooperation_checked": True,
        "cooperation_note": "Wijkteam en GGZ hebben vaste afspraken over overleg.",
        "regie_organisation": regie_organisation,
        "regie_contact": "Casusregisseur wijkteam (J. Jansen)",
        "consult_agreements": "Bij een nieuwe melding van overlast belt het wijkteam het ZVH.",
        "reescalation_agreements": "Bij terugval in middelengebruik opnieuw aan tafel.",
    }
    values.update(overrides)
    return ChecklistInput(**values)


def checklist_post(regie_organisation, *, actie="afschalen", **overrides):
    data = {
        "risks_checked": "on",
        "risks_note": "Geen acute risico's meer.",
        "cooperation_checked": "on",
        "cooperation_note": "De partners werken goed samen.",
        "regie_organisation": str(regie_organisation.pk) if regie_organisation else "",
        "regie_contact": "Casusregisseur wijkteam",
        "consult_agreements": "Bij een nieuwe melding belt het wijkteam het ZVH.",
        "reescalation_agreements": "Bij terugval opnieuw aan tafel.",
        "actie": actie,
        "version": "0",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- Notifications ------------------------------------------------------------------------


def messages_of(user, **filters):
    return list(Notification.objects.filter(user=user, **filters))


def recipients(**filters) -> set[int]:
    return set(Notification.objects.filter(**filters).values_list("user_id", flat=True))


def assert_no_names_or_content(text, case, *, extra=()):
    """A message names the case by reference only: no person, no title, no user names."""
    forbidden = [case.title, *extra]
    for link in case.case_persons.select_related("person"):
        forbidden += [link.person.last_name, link.person.first_names]
    for word in forbidden:
        assert word not in text, word
    assert "Gebruiker " not in text  # the test users' names


def migrate_to(targets):
    """Migrate the test database to these (app, migration) targets, and give the apps as
    they stand there: for a test that writes rows as an earlier migration stored them."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps
