"""The authorization matrix: every URL × method × role against one realistic world.

The expectations live in tests/access/matrix.py. The world is built once for this module
through the real services (melding, uitvraag, triage, agenda and invitations, plan,
actions, opschaling); every cell runs in its own savepoint that is rolled back, so a
POST that changes something never affects the next cell.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, include, path, reverse
from django.utils import timezone

from schakel.access import services as break_glass
from schakel.access.models import AccessLogEntry
from schakel.access.policy import active_involvements
from schakel.accounts.models import RoleGrant, SecurityEvent, UserSession
from schakel.accounts.roles import Role
from schakel.accounts.services import create_identity_provider, set_roles
from schakel.api.services import register_api_client
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import (
    Case,
    CaseParticipant,
    LifeDomain,
    ParticipationReason,
    PersonRole,
)
from schakel.followup import services as followup
from schakel.imports.engine import run_job
from schakel.imports.services import start_import
from schakel.inquiries import services as inquiries
from schakel.inquiries.models import LegalGround
from schakel.meetings import services as meetings
from schakel.meetings.models import AttendanceMode, Meeting
from schakel.nazorg.models import Condition
from schakel.nazorg.services import (
    ConditionAnswer,
    put_on_nazorg_table,
    register_detention_notice,
    save_quickscan,
)
from schakel.notifications.services import notify
from schakel.organisations.models import Organisation
from schakel.organisations.services import set_convenant_status
from schakel.persons.models import Person
from schakel.plans import services as plans
from schakel.plans.models import Plan
from schakel.referrals.services import PersonDetails, ReferredPerson, submit_referral
from schakel.rights import services as rights
from schakel.transfers.services import propose_transfer
from schakel.triage import services as triage
from tests.access import matrix
from tests.access.matrix import (
    ANONYMOUS,
    BEHEERDER,
    BESTUURDER,
    IM,
    MANAGER,
    NO_CONVENANT,
    NO_EFFECT,
    OK,
    OTHER_REGION,
    OUTSIDER,
    PARTNER,
    PR,
    PR_OTHER,
    PRIVACY,
    REFUSED,
    ROLES,
    ROUTES,
    SIGN_IN,
    SKIPPED_NAMESPACES,
    SKIPPED_ROUTE_PREFIXES,
    STANDING,
    Route,
)
from tests.conftest import sign_in
from tests.factories import (
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    TableFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Rows a refused request may still write: the session, security and sign-in bookkeeping.
BOOKKEEPING_TABLES = frozenset(
    {
        Session._meta.db_table,
        UserSession._meta.db_table,
        SecurityEvent._meta.db_table,
        *(model._meta.db_table for model in apps.get_app_config("axes").get_models()),
    }
)
ACCESS_LOG_TABLE = AccessLogEntry._meta.db_table
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE)

# --- The URL patterns of the project ------------------------------------------------------


def project_patterns(urlconf=None) -> dict[str, str]:
    """Every URL pattern reachable from the root URLconf, by name (or route if unnamed),
    recursing into includes; Django's and third parties' own patterns are left out."""
    found: dict[str, str] = {}

    def walk(patterns, prefix: str, namespace: str) -> None:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if route.startswith(SKIPPED_ROUTE_PREFIXES):
                continue
            if isinstance(entry, URLResolver):
                if entry.namespace in SKIPPED_NAMESPACES:
                    continue
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry.url_patterns, route, inner)
            elif isinstance(entry, URLPattern):
                if entry.name:
                    key = f"{namespace}:{entry.name}" if namespace else entry.name
                else:
                    key = route
                found[key] = route

    walk(get_resolver(urlconf).url_patterns, "", "")
    return found


# --- The world ------------------------------------------------------------------------------


def _build_world() -> SimpleNamespace:
    """One region with its ZVH, partners and two tables; one case taken all the way from
    melding to a plan in uitvoering through the services; a second region next door."""
    today = timezone.localdate()
    region = RegionFactory(name="Zuid-Holland Zuid", code="zhz")
    municipality = MunicipalityFactory(region=region, name="Dordrecht", cbs_code="GM0505")
    zvh = OrganisationFactory(region=region, name="ZVH Zuid-Holland Zuid", domain="zvh", kind="ZVH")
    police = OrganisationFactory(region=region, name="Politie Dordrecht", domain="straf")
    ggz = OrganisationFactory(region=region, name="GGZ Drechtsteden", domain="zorg", kind="GGZ")
    housing = OrganisationFactory(region=region, name="Woningcorporatie Elders", domain="overig")
    probation = OrganisationFactory(region=region, name="Reclassering Dordrecht", domain="straf")
    table = TableFactory(region=region, name="Volwassenen")
    other_table = TableFactory(region=region, name="Jeugd")
    # GGZ sits at the Volwassenen table as a standing member.
    table.fixed_participants.add(ggz)

    users = {
        PR: UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR], first_name="Regie"),
        PR_OTHER: UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR], first_name="Jeugd"),
        IM: UserFactory(organisation=zvh, roles=[Role.INFORMATIEMAKELAAR]),
        PARTNER: UserFactory(organisation=police, roles=[Role.KETENPARTNER]),
        OUTSIDER: UserFactory(organisation=housing, roles=[Role.KETENPARTNER]),
        STANDING: UserFactory(organisation=ggz, roles=[Role.KETENPARTNER]),
        NO_CONVENANT: UserFactory(organisation=probation, roles=[Role.KETENPARTNER]),
        MANAGER: UserFactory(organisation=zvh, roles=[Role.MANAGER]),
        BEHEERDER: UserFactory(organisation=zvh, roles=[Role.BEHEERDER]),
        PRIVACY: UserFactory(organisation=zvh, roles=[Role.PRIVACY_OFFICER]),
        BESTUURDER: UserFactory(organisation=zvh, roles=[Role.BESTUURDER]),
    }
    table.procesregisseurs.add(users[PR])
    other_table.procesregisseurs.add(users[PR_OTHER])
    director, partner = users[PR], users[PARTNER]

    far_region = RegionFactory(name="Haaglanden", code="hgl")
    far_zvh = OrganisationFactory(region=far_region, name="ZVH Haaglanden", domain="zvh")
    users[OTHER_REGION] = UserFactory(organisation=far_zvh, roles=list(Role.values))
    TableFactory(region=far_region, name="Haaglanden Volwassenen").procesregisseurs.add(
        users[OTHER_REGION]
    )

    # The police report the case: they are its melder.
    referral = submit_referral(
        actor=partner,
        source="veldaanmelding",
        received_on=today,
        municipality=municipality,
        kind="persoon",
        title="Overlast en zorgen om verwaarlozing",
        description="Buren melden aanhoudende overlast; de woning lijkt vervuild.",
        question="Kan het ZVH de partners bij elkaar brengen?",
        persons=[
            ReferredPerson(
                role=PersonRole.HOOFDPERSOON,
                details=PersonDetails(
                    first_names="Fenna",
                    name_prefix="van",
                    last_name="Oosterhout",
                    birth_date=datetime.date(1988, 5, 17),
                ),
            )
        ],
    )
    case = Case.objects.get(pk=referral.case_id)
    person = Person.objects.get(case_links__case=case)

    # Uitvraag in intake: the informatiemakelaar asks the police.
    information_request = inquiries.request_information(
        actor=users[IM],
        case=case,
        organisation=police,
        persons=[person],
        question="Wat is bij u bekend over de woonsituatie?",
        purpose="Beeldvorming voor de triage",
        legal_ground=LegalGround.WGS,
        deadline=today + datetime.timedelta(days=7),
    )

    # Triage: onto the Volwassenen table; the reclassering must be there.
    triage.start_triage(actor=director, case=case)
    triage.decide_triage(
        actor=director,
        case=Case.objects.get(pk=case.pk),
        meets_multiple_domains=True,
        needs_multiple_chains=True,
        impacts_system=True,
        impacts_local_safety=False,
        o3mp_applied=False,
        o3mp_ondoorgrondelijk=False,
        o3mp_ongrijpbaar=False,
        o3mp_ontwrichtend=False,
        complexity="hoog",
        risk="midden",
        unrest="laag",
        outcome="agenderen",
        reason="Meerdere ketens lopen vast; regie nodig.",
        table=table,
        purpose="Gezamenlijk beeld en één plan van aanpak",
        questions="Wie neemt de casusregie?",
        required_partners=[probation],
    )
    case = Case.objects.get(pk=case.pk)

    # A sitting in two hours: the information window (48 hours) is open.
    starts_at = timezone.now() + datetime.timedelta(hours=2)
    meeting = meetings.add_meeting(
        table=table,
        actor=director,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        location="ZVH, Dordrecht",
    )
    (item,) = meetings.build_agenda(meeting=meeting, actor=director)
    # Wisselende samenstelling: the police and the reclassering for this case; GGZ,
    # standing member of the table, is unticked.
    meetings.set_invited_organisations(item=item, actor=director, organisations=[police, probation])
    # The sitting begins: attendance and the agreed plan are recorded in it, never before.
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now())
    meeting.refresh_from_db()
    attendance = meetings.record_attendance(
        meeting=meeting,
        actor=director,
        organisation=police,
        user=partner,
        mode=AttendanceMode.values[0],
        item=item,
    )

    # The plan: hoofddoel, one subdoel, the police's intervention; agreed at the sitting.
    # Triage created the plan when it put the case on the table.
    plan = Plan.objects.get(case=case)
    plan.case = case
    plans.update_plan_general(
        plan=plan,
        actor=director,
        expected_revision=plan.revision,
        main_goal="Wonen en zorg op orde; geen nieuwe incidenten",
        main_goal_domains=LifeDomain.objects.filter(code__in=["wonen"]),
        casusregisseur_organisation=None,
        casusregisseur_name="",
        non_compliance="Gesprek met de officier van justitie.",
        monitoring="Maandelijks overzicht van incidenten.",
        reporting_organisation=None,
        reporting_frequency="elke vier weken",
        next_evaluation_on=today + datetime.timedelta(days=90),
        escalation_agreements="",
    )
    goal = plans.save_goal(
        plan=plan,
        actor=director,
        expected_revision=plan.revision,
        description="Vaste woonplek binnen drie maanden",
        measure="Huurcontract getekend",
        life_domains=LifeDomain.objects.filter(code="wonen"),
    )
    intervention = plans.save_intervention(
        plan=plan,
        actor=director,
        expected_revision=plan.revision,
        line="zorg",
        kader="drang",
        description="Wekelijks huisbezoek wijkagent",
        organisation=police,
        responsible_name="J. de Vries",
        goal=goal,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=180),
        status="gepland",
    )
    version = plans.agree_plan(
        plan=plan, actor=director, meeting=meeting, expected_revision=plan.revision
    )
    case = Case.objects.get(pk=case.pk)

    action = followup.create_action(
        actor=director,
        case=case,
        description="Huisbezoek afleggen en terugkoppelen",
        owner_organisation=police,
        owner_user=None,
        due_on=today + datetime.timedelta(days=14),
        agenda_item=item,
    )
    escalation = followup.raise_escalation(
        actor=director,
        case=case,
        level="tactisch",
        question="Er is geen passende woning beschikbaar.",
        addressee="Wethouder wonen",
        raised_on=today,
        addressed_to=users[BESTUURDER],
        briefing="Volwassene zonder woning; het plan wacht op huisvesting.",
    )

    # After the invitation, the reclassering's convenant ended.
    set_convenant_status(actor=users[MANAGER], organisation=probation, convenant_signed_on=None)

    notify(users=[director], text="Testbericht voor de matrix", topic="matrix")
    notification = director.notifications.get(topic="matrix")
    other_device = SessionStore()
    other_device.create()
    user_session = UserSession.objects.create(user=director, session_key=other_device.session_key)
    # The account the beheer pages are opened on: a colleague at the police.
    account = UserFactory(organisation=police, roles=[Role.KETENPARTNER])
    # A case role for that colleague, asked by a second beheerder: it waits for approval.
    second_beheerder = UserFactory(
        organisation=users[BEHEERDER].organisation, roles=[Role.BEHEERDER]
    )
    set_roles(
        user=account,
        roles={Role.KETENPARTNER, Role.INFORMATIEMAKELAAR},
        actor=second_beheerder,
    )
    role_grant = RoleGrant.objects.get(user=account, role=Role.INFORMATIEMAKELAAR)
    identity_provider = create_identity_provider(
        actor=users[BEHEERDER],
        organisation=police,
        name="Politie-inlog",
        issuer="https://login.politie.example",
        client_id="schakel",
        client_secret_variable="SCHAKEL_IDP_POLITIE",
        email_domains=["politie.example"],
        trusts_mfa=True,
        mfa_acr_values="",
        is_active=True,
    )

    # The person moves to the next region: the procesregisseur proposes the transfer.
    transfer = propose_transfer(
        actor=director,
        case=case,
        to_municipality=MunicipalityFactory(region=far_region, name="Den Haag", cbs_code="GM0518"),
        reason="Betrokkene is verhuisd naar Den Haag.",
    )
    # The other table's procesregisseur broke the glass on the case and ended it again: it
    # awaits the privacy officer's review, and opens nothing any more.
    emergency_access = break_glass.start_emergency_access(
        actor=users[PR_OTHER],
        case_number=str(case.pk),
        reason="Crisismelding over de hoofdpersoon buiten kantooruren",
    )
    break_glass.end_emergency_access(actor=users[PR_OTHER], access=emergency_access)

    # The person asks the ZVH for inzage; the privacy officer links her and asks the
    # partners that hold data on her (the police among them).
    rights_request = rights.register_request(
        actor=users[PRIVACY],
        kind="inzage",
        first_names="Fenna",
        last_name="Oosterhout",
        birth_date=datetime.date(1988, 5, 17),
        identity_check="balie",
        received_on=today,
        request_text="Ik wil weten wat er over mij is vastgelegd.",
    )
    rights.link_person(actor=users[PRIVACY], rights_request=rights_request, person=person)
    rights.create_tasks(actor=users[PRIVACY], rights_request=rights_request)
    rights_task = rights_request.tasks.get(organisation=police)

    # A ZSM file read by the informatiemakelaar: its one row is refused (no valid BSN), so
    # the job has a report and no case is added to the world.
    import_job = run_job(
        start_import(
            actor=users[IM],
            kind="zsm",
            upload=SimpleUploadedFile(
                "zsm.csv",
                b"zsm_referentie;datum_melding;organisatie;bsn;voornaam;achternaam;gemeente;"
                b"aanleiding;omschrijving\nZSM-1;03-03-2025;Politie Dordrecht;12345;Fictief;"
                b"Persoon;Dordrecht;Overlast;Buren melden overlast.\n",
            ),
        )
    )
    assert import_job.rows_bad == 1
    # A partner system of the police, on the beheer pages of the API clients.
    api_client = register_api_client(
        actor=users[BEHEERDER], organisation=police, name="Politiekoppeling", scopes=["agenda"]
    ).client

    # A detainee registered and, after the quickscan, put on the Nazorg table (directed by
    # nobody in this world, so the case adds to no other page); every procesregisseur of the
    # region reads the detentiemelding (ZVH back office); no partner is its officer.
    detention_notice = register_detention_notice(
        actor=director,
        person=PersonDetails(first_names="Fictief", last_name="Gedetineerde"),
        institution=probation,
        detention_started_on=today - datetime.timedelta(days=120),
        expected_release_on=today + datetime.timedelta(days=60),
        return_municipality=municipality,
    )
    save_quickscan(
        actor=director,
        notice=detention_notice,
        expected_version=0,
        conditions={code: ConditionAnswer(status="niet_op_orde") for code in Condition.values},
        already_known="nee",
        concerns="",
        to_be_discussed=True,
    )
    put_on_nazorg_table(
        actor=director,
        notice=detention_notice,
        table=TableFactory(region=region, name="Nazorg en Re-integratie"),
        expected_quickscan_version=1,
        meets_multiple_domains=True,
        needs_multiple_chains=True,
        impacts_system=True,
        impacts_local_safety=False,
    )

    clients = {ANONYMOUS: Client()}
    for role, user in users.items():
        clients[role] = sign_in(Client(), user)
    cookies = {role: _copy(client.cookies) for role, client in clients.items()}

    return SimpleNamespace(
        clients=clients,
        cookies=cookies,
        users=users,
        case=case,
        # One section of the case page; all sections share one view and one access check.
        case_section="aanpak",
        person=person,
        information_request=information_request,
        meeting=meeting,
        item=item,
        attendance=attendance,
        table=table,
        calendar_token=table.calendar_token,
        goal=goal,
        intervention=intervention,
        version_number=version.number,
        action=action,
        escalation=escalation,
        notification=notification,
        user_session=user_session,
        police=police,
        municipality=municipality,
        account=account,
        role_grant=role_grant,
        transfer=transfer,
        report_key="productie",
        identity_provider=identity_provider,
        emergency_access=emergency_access,
        rights_request=rights_request,
        rights_task=rights_task,
        import_job=import_job,
        api_client=api_client,
        detention_notice=detention_notice,
    )


def _copy(cookies: SimpleCookie) -> SimpleCookie:
    copied = SimpleCookie()
    copied.load(cookies.output(header="", sep=";"))
    return copied


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


# --- Playing one cell -------------------------------------------------------------------


@dataclass
class Writes:
    tables: list[str] = field(default_factory=list)

    def __call__(self, execute, sql, params, many, context):
        found = WRITE.match(sql)
        if found:
            self.tables.append(found.group(1))
        return execute(sql, params, many, context)

    @property
    def logged(self) -> bool:
        return ACCESS_LOG_TABLE in self.tables

    @property
    def changes(self) -> list[str]:
        return sorted({t for t in self.tables if t not in BOOKKEEPING_TABLES})


def url_of(route: Route, world) -> str:
    kwargs = {}
    for name, attribute in route.kwargs.items():
        value = getattr(world, attribute)
        kwargs[name] = getattr(value, "pk", value)
    url = reverse(route.key, kwargs=kwargs)
    return f"{url}?{route.query}" if route.query else url


SIGN_IN_PATH = resolve_url(settings.LOGIN_URL)


def classify(response) -> str:
    if response.status_code == 302:
        target = response.headers.get("Location", "")
        return SIGN_IN if target.split("?")[0] == SIGN_IN_PATH else OK
    if response.status_code == 200:
        return OK
    return str(response.status_code)


def play(world, route: Route, method: str, role: str) -> tuple[str, Writes]:
    """One request, in a savepoint that is always rolled back."""
    client = world.clients[role]
    writes = Writes()
    url = url_of(route, world)
    try:
        with transaction.atomic():
            with connection.execute_wrapper(writes):
                try:
                    response = client.get(url) if method == "GET" else client.post(url, {})
                    outcome = classify(response)
                except Exception as error:  # noqa: BLE001 - a crash is a failing cell too
                    outcome = f"raised {type(error).__name__}: {error}"[:160]
            transaction.set_rollback(True)
    finally:
        # Logging out or changing the password turns the session over; the rollback
        # restored the old one, so the client gets its old cookie back.
        client.cookies = _copy(world.cookies[role])
    return outcome, writes


def check(world, route: Route, method: str, role: str, expected) -> str | None:
    """What is wrong with this cell, or None."""
    outcome, writes = play(world, route, method, role)
    want = expected.outcome(role)
    must_log = expected.logs(role)
    problems = []
    if want == NO_EFFECT:
        if outcome != OK:
            problems.append(f"expected {NO_EFFECT}, got {outcome}")
        if writes.changes:
            problems.append(f"changed {writes.changes}")
    elif outcome != want:
        problems.append(f"expected {want}, got {outcome}")
    if want in REFUSED and writes.changes:
        problems.append(f"refused request changed {writes.changes}")
    if want in (OK, NO_EFFECT) and outcome == OK and writes.logged != must_log:
        problems.append("no access-log row written" if must_log else "unexpected access-log row")
    if not problems:
        return None
    return f"{method:4} {role:32} " + "; ".join(problems)


# --- The tests --------------------------------------------------------------------------

CELLS = matrix.cell_count()
ROLE_COUNT = len(ROLES)


def test_matrix_size_is_reported():
    patterns = len(ROUTES)
    methods = sum(len(route.methods()) for route in ROUTES)
    assert CELLS == methods * ROLE_COUNT
    print(
        f"\nAuthorization matrix: {patterns} patterns × {ROLE_COUNT} roles, "
        f"{methods} pattern-methods, {CELLS} cells"
    )


def _view(request):
    raise AssertionError("never called")


class SampleUrlconf:
    """Nested namespaces, an unnamed pattern and the skipped static routes."""

    urlpatterns = [
        path("", include(([path("lijst/", _view, name="lijst")], "buiten"))),
        path(
            "a/",
            include(
                (
                    [
                        path("<int:pk>/", _view, name="detail"),
                        path("naamloos/", _view),
                        path("b/", include(([path("c/", _view, name="c")], "binnen"))),
                    ],
                    "midden",
                )
            ),
        ),
        path("static/bestand.css", _view, name="statisch"),
    ]


def test_patterns_are_found_through_includes_and_skips_are_left_out():
    assert project_patterns(SampleUrlconf) == {
        "buiten:lijst": "lijst/",
        "midden:detail": "a/<int:pk>/",
        "a/naamloos/": "a/naamloos/",
        "midden:binnen:c": "a/b/c/",
    }


def test_the_world_is_the_one_the_matrix_describes(world):
    """The matrix is only as good as its world: check who takes part, and how."""
    case, item = world.case, world.item
    users = world.users

    def reasons(role):
        return set(
            CaseParticipant.objects.filter(
                case=case, organisation=users[role].organisation_id
            ).values_list("reason", flat=True)
        )

    invited = set(item.invited_organisations.values_list("pk", flat=True))
    assert case.state == CaseState.IN_UITVOERING
    assert case.table_id == world.table.pk
    assert set(world.table.procesregisseurs.all()) == {users[PR]}
    assert not users[PR_OTHER].directed_tables.filter(pk=world.table.pk).exists()
    assert users[PARTNER].organisation_id in invited
    assert {ParticipationReason.MELDER, ParticipationReason.UITGENODIGD} <= reasons(PARTNER)
    assert not CaseParticipant.objects.filter(
        case=case, organisation=users[PARTNER].organisation_id, visible_from__gt=timezone.now()
    ).exists(), "the information window must be open"
    # The standing member was a default invitee; unticked, its invitation has ended.
    assert reasons(STANDING) <= {ParticipationReason.UITGENODIGD}
    assert not active_involvements(
        organisation_id=users[STANDING].organisation_id, case_id=case.pk
    ).exists()
    assert users[STANDING].organisation_id not in invited
    assert world.table.fixed_participants.filter(pk=users[STANDING].organisation_id).exists()
    assert reasons(OUTSIDER) == set()
    assert users[OUTSIDER].organisation.has_signed_convenant
    assert users[OUTSIDER].organisation.region_id == case.region_id
    assert ParticipationReason.UITGENODIGD in reasons(NO_CONVENANT)
    assert users[NO_CONVENANT].organisation_id in invited
    assert not Organisation.objects.get(pk=users[NO_CONVENANT].organisation_id).has_signed_convenant
    assert users[OTHER_REGION].region_id != case.region_id
    assert set(users[OTHER_REGION].role_set) == set(Role.values)


def test_every_url_pattern_has_a_declaration():
    declared = {route.key for route in ROUTES}
    missing = sorted(set(project_patterns()) - declared)
    assert not missing, f"URL patterns without a row in tests/access/matrix.py: {missing}"


def test_every_declaration_names_an_existing_pattern():
    declared = [route.key for route in ROUTES]
    vanished = sorted(set(declared) - set(project_patterns()))
    assert not vanished, f"Rows in tests/access/matrix.py for URLs that no longer exist: {vanished}"
    doubles = sorted({key for key in declared if declared.count(key) > 1})
    assert not doubles, f"URL patterns declared twice: {doubles}"


def test_declarations_are_consistent():
    problems = [
        f"{route.key} {method}: {problem}"
        for route in ROUTES
        for method, expected in route.methods()
        for problem in expected.problems()
    ]
    assert not problems
    assert all(route.methods() for route in ROUTES)


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.key)
def test_access(world, route):
    failures = [
        failure
        for method, expected in route.methods()
        for role in ROLES
        if (failure := check(world, route, method, role, expected)) is not None
    ]
    assert not failures, (
        f"{route.key} ({url_of(route, world)}): {len(failures)} cell(s) off\n  "
        + "\n  ".join(failures)
    )
