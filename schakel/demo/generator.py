"""Builds the demo region in bulk, fast enough for a million cases on PostgreSQL.

The generator writes with the models directly, in chunks of cases that are each
committed on their own, so memory stays flat whatever the size and an interrupted run
keeps the chunks it finished. On PostgreSQL the rows go in with COPY (schakel.demo.rows).
It is deterministic for a given seed and day: all dates are counted back from `today`.

Up to REGION_CASES cases all belong to the demo region. A larger run is a national
installation: the demo region gets its share and the rest is spread over fictional
regions built after the same reference (tables, partners, users), so a demo user sees
only the cases of the own region, as need-to-know demands.

What the size counts: up to REGION_CASES, the generated cases, and each region's other
detainees (schakel.demo.nazorg, one for every three) come on top, as the demo has always
had them. In a national run the size is every case of the installation, those
detainees' cases included: a quarter of each region's share are other detainees, three
quarters are generated, so `--size 1000000` is a million cases.
"""

from __future__ import annotations

import datetime
import functools
import math
import multiprocessing
import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, connections, models, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from schakel.access.models import AccessAction, AccessLogEntry, EmergencyAccess
from schakel.access.partitions import ensure_partitions
from schakel.access.rules import CASE_ROLES
from schakel.accounts.models import RoleAssignment, User
from schakel.accounts.roles import Role
from schakel.api.demo_key import DEMO_CLIENT_ID
from schakel.api.models import ApiClient
from schakel.cases.lifecycle import PLAN_STATES, CaseState, is_allowed
from schakel.cases.models import (
    Case,
    CaseKind,
    CaseParticipant,
    CasePerson,
    CaseTransition,
    LifeDomain,
    ParticipationReason,
    PersonRole,
)
from schakel.closure.models import CaseEvaluation, Closure, DeEscalation
from schakel.demo import names, texts
from schakel.demo.api_client import create_demo_api_client
from schakel.demo.casework import CASEWORK_CASES, Casework
from schakel.demo.credentials import DEMO_DEVICE_NAME, DEMO_PASSWORD, DEMO_TOTP_KEY_HEX
from schakel.demo.nazorg import CASES_PER_REGION_DETAINEE, NazorgBuilder
from schakel.demo.privacy import create_privacy_examples
from schakel.demo.reference import (
    CASE_PARTNERS,
    MUNICIPALITIES,
    ORGANISATIONS,
    REGION_CODE,
    REGION_NAME,
    TABLES,
    USERS,
    MunicipalitySpec,
)
from schakel.demo.rows import (
    check_foreign_keys,
    insert_objects,
    insert_rows,
    new_object,
    write_with_row_checks,
    write_without_row_checks,
)
from schakel.demo.seed_cases import SEED_CASES, SeedCase
from schakel.followup.models import Action, Escalation, ProgressMeasurement
from schakel.incidents.models import PoliceIncident
from schakel.inquiries.models import InformationRequest, LegalGround, RequestStatus
from schakel.meetings.models import AgendaItem, Attendance, Meeting
from schakel.nazorg.models import DetentionNotice
from schakel.notifications.models import Notification
from schakel.organisations.models import Municipality, Organisation, Region
from schakel.persons.matching import name_key
from schakel.persons.models import Gender, Person, ProcessingRestriction
from schakel.plans.models import Intervention, InterventionUpdate, Plan, PlanVersion
from schakel.referrals.models import Referral, ReferralSource, Urgency
from schakel.retention.models import MAX_ACCESS_LOG_YEARS, MAX_CASE_MONTHS, RetentionPolicy
from schakel.rights.models import RightsRequest, RightsTask
from schakel.tables.models import Table
from schakel.triage.models import Rating, TriageDecision, TriageOutcome

# How far back the generated access log can reach (a case is at most a year old, and
# its partners read it a while longer); see generate_demo_data.
LOG_HISTORY_DAYS = 2 * 366
DEFAULT_SIZE = 300
CASES_PER_CHUNK = 1000
# Above this many cases the run spreads over several regions (a national installation
# has about thirty); each region's nazorg and incidents are built in one go, so this also
# bounds the generator's memory.
REGION_CASES = 40_000
# The meldingen of one region in a year: the upper end of the country's 15,000-75,000 a
# year over its 25 regions. A region given more generated cases than this spreads them
# back over the years before (a decade at a million cases): the past year's cases are in
# every state, the older ones closed. An installation then grows by its history and by
# its regions, as a real one does, not by more work per region per year.
CASES_PER_YEAR = 3_000
# How long an earlier year's case ran before it was closed (lowest, highest days).
PAST_RUN_DAYS = {CaseState.AFGESLOTEN: (75, 365), CaseState.NIET_IN_BEHANDELING: (5, 45)}
PAST_CLOSED_SHARE = 0.75
# The other regions get meetings, plans and follow-up for fewer cases: their pages are
# not demonstrated, and the detailed casework is the slowest part to generate.
OTHER_REGION_CASEWORK_CASES = 100

S = CaseState
TABLE_STATES = frozenset({S.GEAGENDEERD, S.IN_UITVOERING, S.AFGESCHAALD, S.AFGESLOTEN})

STATE_WEIGHTS = {
    S.AANGEMELD: 7,
    S.IN_UITVRAAG: 9,
    S.IN_TRIAGE: 7,
    S.GEAGENDEERD: 10,
    S.IN_UITVOERING: 25,
    S.AFGESCHAALD: 10,
    S.AFGESLOTEN: 24,
    S.NIET_IN_BEHANDELING: 8,
}

# How many days ago a case in this state was reported (lowest, highest).
AGE_DAYS = {
    S.AANGEMELD: (0, 14),
    S.IN_UITVRAAG: (2, 35),
    S.IN_TRIAGE: (5, 45),
    S.GEAGENDEERD: (10, 60),
    S.IN_UITVOERING: (30, 330),
    S.AFGESCHAALD: (60, 360),
    S.AFGESLOTEN: (75, 365),
    S.NIET_IN_BEHANDELING: (10, 300),
}
REOPENED_AGE_DAYS = (200, 365)
REOPENED_SHARE = 0.15


@dataclass(frozen=True)
class Scenario:
    state: str
    age_days: int | None = None
    reopened: bool = False
    # The days from its melding to its last step; by default all of its age.
    run_days: int | None = None


# The first cases are fixed, so even a small run has every state, every request status
# (open, overdue, answered) and a her-melding.
OPENING_SCENARIOS = (
    Scenario(S.AANGEMELD),
    Scenario(S.IN_UITVRAAG, age_days=2),
    Scenario(S.IN_UITVRAAG, age_days=30),
    Scenario(S.IN_TRIAGE),
    Scenario(S.GEAGENDEERD),
    Scenario(S.IN_UITVOERING),
    Scenario(S.AFGESCHAALD),
    Scenario(S.AFGESLOTEN),
    Scenario(S.NIET_IN_BEHANDELING),
    Scenario(S.AANGEMELD, reopened=True),
)

FIRST_SOURCES = (
    ReferralSource.VELDAANMELDING,
    ReferralSource.ZSM,
    ReferralSource.DETENTIEMELDING,
    ReferralSource.VEILIG_THUIS,
)
SOURCE_WEIGHTS = {
    ReferralSource.ZSM: 20,
    ReferralSource.VELDAANMELDING: 50,
    ReferralSource.DETENTIEMELDING: 12,
    ReferralSource.VEILIG_THUIS: 18,
}
FIELD_REPORTERS = (
    "politie", "ggz", "ggd", "wijkteam", "leerplicht", "jeugdteam", "mee", "verslavingszorg",
    "reclassering", "legerdesheils", "jeugdbescherming", "raad", "wss", "woningcorporatie",
)  # fmt: skip
YOUTH_REPORTERS = ("politie", "leerplicht", "jeugdteam", "raad", "jeugdbescherming")
LOCAL_TEAMS = {
    "Zwijndrecht": "wijkteam-zwijndrecht",
    "Hoeksche Waard": "wijkteam-hoekschewaard",
    "Gorinchem": "wijkteam-gorinchem",
}
LEGAL_GROUNDS = {
    "politie": LegalGround.WPG,
    "om": LegalGround.WJSG,
    "reclassering": LegalGround.WJSG,
    "pi": LegalGround.WJSG,
}
OTHER_OUTCOMES = (
    (TriageOutcome.ADVIES, 3),
    (TriageOutcome.DOORVERWIJZEN, 4),
    (TriageOutcome.ZSM_ADVIES, 1),
    (TriageOutcome.NIET_IN_BEHANDELING, 2),
)
REQUEST_DEADLINE_DAYS = 10
LOG_FIELDS = (
    "at", "user", "organisation", "on_behalf_of", "action", "case", "case_ref", "person",
    "person_ref", "object_type", "object_ref", "purpose", "client_address",
)  # fmt: skip
# Why a partner opens a case, by the involvement that lets it (schakel.access.policy):
# asked for information (uitvraag) it reads only the request, never the case.
READ_PURPOSES = {
    ParticipationReason.MELDER: "Terugkoppeling op de melding",
    ParticipationReason.UITGENODIGD: "Casusoverleg voorbereiden",
    ParticipationReason.INTERVENTIE: "Uitvoering plan van aanpak",
    ParticipationReason.ACTIE: "Uitvoering plan van aanpak",
    ParticipationReason.REGIE: "Casusregie",
}
READS_AFTER_CLOSING_DAYS = 30
FIRST_BSN_PREFIX = 99_000_000  # BSNs 99xxxxxxx: the range used for test persons
BSN_PREFIXES = 1_000_000
# Each region starts further on in the range, so the regions' fictional persons share a
# BSN only in the largest runs.
BSN_REGION_SPACING = 40_000


@dataclass(frozen=True)
class RegionSpec:
    """The demo region (number 0) or one of the fictional regions beside it."""

    number: int
    name: str
    code: str

    @property
    def is_demo(self) -> bool:
        return self.number == 0

    def username(self, name: str) -> str:
        return name if self.is_demo else f"{name}.{self.code}"

    def mail_domain(self, organisation_key: str) -> str:
        return f"{organisation_key}.{self.code}.example"

    def municipality(self, spec: MunicipalitySpec, position: int) -> tuple[str, str]:
        """(CBS code, name): the real ones in the demo region, fictional ones elsewhere."""
        if self.is_demo:
            return spec.cbs_code, spec.name
        return f"GX{self.number:02d}{position:02d}", f"Gemeente {self.number:02d}-{position:02d}"


DEMO_REGION = RegionSpec(number=0, name=REGION_NAME, code=REGION_CODE)


def region_specs(size: int, regions: int | None = None) -> list[tuple[RegionSpec, int]]:
    """The regions of a run and how many cases each gets; the demo region comes first."""
    count = max(1, regions if regions is not None else math.ceil(size / REGION_CASES))
    share, extra = divmod(size, count)
    specs = [DEMO_REGION] + [
        RegionSpec(number=n, name=f"Fictieve regio {n:02d}", code=f"regio{n:02d}")
        for n in range(1, count)
    ]
    return [(spec, share + (1 if n < extra else 0)) for n, spec in enumerate(specs)]


@dataclass
class DemoSummary:
    counts: dict[str, int] = field(default_factory=dict)
    # The cases modelled on seed 002: (reference, title).
    examples: list[tuple[str, str]] = field(default_factory=list)


def region_exists() -> bool:
    return Region.objects.exists()


def demo_was_interrupted() -> bool:
    """Is the demo region there without the API client, which a finished run makes last?"""
    return (
        Region.objects.filter(code=REGION_CODE).exists()
        and not ApiClient.objects.filter(application__client_id=DEMO_CLIENT_ID).exists()
    )


def generate_demo_data(
    *,
    size: int = DEFAULT_SIZE,
    seed: int = 1,
    today: datetime.date | None = None,
    progress: Callable[[int, int], None] | None = None,
    regions: int | None = None,
    workers: int = 1,
) -> DemoSummary:
    """Build the fictional region Zuid-Holland Zuid with `size` cases (and, for a large
    size, the fictional regions beside it), committing chunk by chunk.

    With workers > 1 on PostgreSQL the other regions are built by that many processes at
    once; each region draws from its own random stream, so only their keys depend on
    the order in which the processes write.
    """
    today = today or timezone.localdate()
    national = size > REGION_CASES
    specs = region_specs(size, regions)
    # The generated log goes back as far as the oldest case: its rows then land in their
    # own month's partition on PostgreSQL rather than in the DEFAULT one, as a live log's
    # rows do.
    history = max(
        history_days(national_split(share)[0] if national else share) for _spec, share in specs
    )
    ensure_partitions(since=today - datetime.timedelta(days=LOG_HISTORY_DAYS + history))

    def report(done: int) -> None:
        if progress is not None:
            progress(done, size)

    (demo_spec, done), *others = specs
    with _given_timestamps():
        # The demo region first and on its own, so its keys are the same in every run.
        generator = _build_region(
            demo_spec, done, seed=seed, today=today, progress=report, national=national
        )
        unchecked = generator.rows_unchecked
        jobs = [(spec, share, seed, today, national) for spec, share in others]
        if workers > 1 and len(jobs) > 1 and connection.vendor == "postgresql":
            connections.close_all()  # a forked process must open its own connection
            with multiprocessing.get_context("fork").Pool(min(workers, len(jobs))) as pool:
                for share, rows_unchecked in pool.imap_unordered(_build_region_in_worker, jobs):
                    unchecked = unchecked or rows_unchecked
                    done += share
                    report(done)
        else:
            for spec, share, _seed, _today, _national in jobs:
                other = _build_region(
                    spec,
                    share,
                    seed=seed,
                    today=today,
                    progress=lambda built, before=done: report(before + built),
                    national=national,
                )
                unchecked = unchecked or other.rows_unchecked
                done += share
    if unchecked:
        check_foreign_keys()
    # Outside the given timestamps: its log rows and events are stamped now.
    with transaction.atomic():
        create_demo_api_client()
        create_privacy_examples(
            today=generator.today,
            leave_alone=[pk for _key, pk, _title in generator.casework.examples],
        )
    examples = [
        (Case.objects.get(pk=pk).reference, title)
        for _key, pk, title in generator.casework.examples
    ]
    return DemoSummary(counts=count_rows(), examples=examples)


def history_days(generated: int) -> int:
    """How many days back a region's earlier years reach: none up to a year's cases."""
    if generated <= CASES_PER_YEAR:
        return 0
    return round(365 * generated / CASES_PER_YEAR)


def national_split(share: int) -> tuple[int, int]:
    """(generated cases, other detainees) of a region's share in a national run: the
    detainees are one for every CASES_PER_REGION_DETAINEE generated cases, as in the demo."""
    detainees = share // (CASES_PER_REGION_DETAINEE + 1)
    return share - detainees, detainees


def _build_region(
    spec: RegionSpec,
    size: int,
    *,
    seed: int,
    today: datetime.date,
    progress: Callable[[int], None] | None = None,
    national: bool = False,
) -> _Generator:
    """Build one region with `size` generated cases, or, in a national run, with `size`
    cases in all, its other detainees included."""
    generated, detainees = national_split(size) if national else (size, None)
    generator = _Generator(
        seed=seed, today=today, region=spec, national=national, generated=generated
    )
    with _fast_writes() as generator.rows_unchecked:
        with transaction.atomic():
            generator.build_region()
        for built in generator.build_cases(generated):
            if progress is not None:
                progress(built)
        with transaction.atomic():
            generator.casework.finish()
            NazorgBuilder(generator, region_detainees=detainees).build()
    if progress is not None and national:
        progress(size)
    return generator


def _build_region_in_worker(
    job: tuple[RegionSpec, int, int, datetime.date, bool],
) -> tuple[int, bool]:
    spec, size, seed, today, national = job
    try:
        generator = _build_region(spec, size, seed=seed, today=today, national=national)
    finally:
        connections.close_all()
    return size, generator.rows_unchecked


@contextmanager
def _fast_writes() -> Iterator[bool]:
    """This session's settings for filling a demo or benchmark database on PostgreSQL;
    yields whether the rows skip their per-row checks (schakel.demo.rows), which the
    caller then owes a check_foreign_keys.

    Commits return before PostgreSQL has flushed them to disk: a crash loses at most the
    last chunks, which an interrupted run loses anyway (demo_was_interrupted refuses to
    carry on with it), and the data stays consistent. Only the generator's own session
    does this, never Schakel's.
    """
    if connection.vendor != "postgresql":
        yield False
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
    try:
        yield write_without_row_checks()
    finally:
        write_with_row_checks()
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def count_rows() -> dict[str, int]:
    counted: Sequence[type[models.Model]] = (
        Region, Municipality, Organisation, Table, User, TOTPDevice, Person, Case, CasePerson,
        Referral, CaseParticipant, CaseTransition, InformationRequest, TriageDecision,
        AccessLogEntry, Meeting, AgendaItem, Attendance, Plan, PlanVersion, Intervention,
        InterventionUpdate, Action, Escalation, ProgressMeasurement, DeEscalation, Closure,
        CaseEvaluation, Notification, DetentionNotice, PoliceIncident, RightsRequest,
        RightsTask, ProcessingRestriction, EmergencyAccess,
    )  # fmt: skip
    return {model._meta.label: model.objects.count() for model in counted}


@contextmanager
def _given_timestamps() -> Iterator[None]:
    """Let the generator set the auto_now_add dates itself, to spread a year of history.

    Only for the duration of the generator, in a management command's single thread.
    """
    stamped = (
        Person, Case, CaseTransition, CaseParticipant, Referral, InformationRequest,
        TriageDecision, AccessLogEntry, Meeting, PlanVersion, InterventionUpdate, Action,
        Closure, CaseEvaluation, Notification,
    )  # fmt: skip
    fields = [
        f
        for model in stamped
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now_add", False)
    ]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True


@dataclass
class _Household:
    municipality: Municipality
    spec: MunicipalitySpec
    street: str
    postal_code: str
    city: str
    number: int


class _Generator:
    def __init__(
        self,
        *,
        seed: int,
        today: datetime.date,
        region: RegionSpec = DEMO_REGION,
        national: bool = False,
        generated: int = 0,
    ):
        self.spec = region
        # The region's earlier years (see CASES_PER_YEAR): the share of its cases from
        # the past year, and how many days back the oldest go.
        self.history_days = history_days(generated)
        self.recent_share = min(1.0, CASES_PER_YEAR / generated) if self.history_days else 1.0
        # A national installation carries a decade of access log: about ten log rows per
        # case of the installation (10 million at a million cases), so its cases are
        # opened more often than the demo region's.
        self.national = national
        self.rng = random.Random(seed if region.is_demo else f"{seed}-{region.code}")
        # The reads of the cases over their lifetime draw from their own stream, so the
        # rest of the data is the same as it was before they were added.
        self.log_rng = random.Random(f"{seed}-{region.code}-reads")
        self.casework_cases = (
            CASEWORK_CASES if region.is_demo else OTHER_REGION_CASEWORK_CASES
        ) + len(SEED_CASES)
        # The fictional regions have no named example cases.
        self.first_index = 0 if region.is_demo else len(SEED_CASES)
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.midnight = datetime.datetime.combine(today, datetime.time(), tzinfo=self.zone)
        self.today = today
        self.next_bsn_prefix = FIRST_BSN_PREFIX + region.number * BSN_REGION_SPACING % BSN_PREFIXES
        self.known_people: list[tuple[Person, _Household]] = []
        # (user id, organisation id and name, network) by id() of the user, for _log.
        self.log_identities: dict[int, tuple[int, int, str, str]] = {}
        # Whether its rows were written without per-row checks (see _fast_writes).
        self.rows_unchecked = False
        self.reasons: dict[tuple[str, str], str] = {}

    # -- the fixed region --------------------------------------------------------------

    def build_region(self) -> None:
        self.region = Region.objects.create(name=self.spec.name, code=self.spec.code)
        if self.history_days:
            # Its convenant keeps what its earlier years left, so that removal (section
            # 14) finds nothing overdue the first night: the closed cases a year beyond
            # the oldest, the access log two.
            RetentionPolicy.objects.create(
                region=self.region,
                case_months=min(MAX_CASE_MONTHS, math.ceil(self.history_days / 30) + 12),
                access_log_years=min(MAX_ACCESS_LOG_YEARS, math.ceil(self.history_days / 365) + 2),
            )
        self.municipalities = Municipality.objects.bulk_create(
            [
                Municipality(cbs_code=code, name=name, region=self.region)
                for code, name in (
                    self.spec.municipality(spec, position)
                    for position, spec in enumerate(MUNICIPALITIES, start=1)
                )
            ]
        )
        self.municipality_specs = list(zip(self.municipalities, MUNICIPALITIES, strict=True))
        self.municipality_weights = [spec.weight for spec in MUNICIPALITIES]

        organisations = Organisation.objects.bulk_create(
            [
                Organisation(
                    region=self.region,
                    name=spec.name,
                    domain=spec.domain,
                    kind=spec.kind,
                    convenant_signed_on=spec.signed_on,
                    email=f"info@{self.spec.mail_domain(spec.key)}",
                )
                for spec in ORGANISATIONS
            ]
        )
        self.orgs = {spec.key: org for spec, org in zip(ORGANISATIONS, organisations, strict=True)}
        self.signed_partner_keys = [
            spec.key
            for spec in ORGANISATIONS
            if spec.signed_on and spec.key not in ("zvh", "gemeente")
        ]
        self.org_keys = {org.pk: key for key, org in self.orgs.items()}
        self._build_users()
        self._build_tables()
        self.life_domains = {d.code: d for d in LifeDomain.objects.all()}
        self.case_partners = {
            key: [k for k in partners if self.orgs[k].has_signed_convenant]
            for key, partners in CASE_PARTNERS.items()
        }
        self.casework = Casework(self)
        self.casework.build_schedules()

    def midnight_of(self, day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(), tzinfo=self.zone)

    def _build_users(self) -> None:
        password = make_password(DEMO_PASSWORD)  # hashed once: the hasher is slow on purpose
        users = []
        for spec in USERS:
            gender = self.rng.choice((Gender.MAN, Gender.VROUW))
            first_name, prefix, last_name = self._name(
                gender=gender, migrant=self.rng.random() < 0.25
            )
            username = self.spec.username(spec.username)
            users.append(
                User(
                    username=username,
                    first_name=first_name,
                    last_name=f"{prefix} {last_name}".strip(),
                    email=f"{username}@{self.spec.mail_domain(spec.organisation)}",
                    organisation=self.orgs[spec.organisation],
                    job_title=spec.job_title,
                    password=password,
                )
            )
        for user in users:
            user.save()
        # Keyed by the reference's names, whichever region.
        self.users = {spec.username: user for spec, user in zip(USERS, users, strict=True)}
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(user=self.users[spec.username], role=role)
                for spec in USERS
                for role in spec.roles
            ]
        )
        TOTPDevice.objects.bulk_create(
            [
                TOTPDevice(user=user, name=DEMO_DEVICE_NAME, key=DEMO_TOTP_KEY_HEX, confirmed=True)
                for user in users
            ]
        )
        # Who acts for an organisation in its cases: only someone who may read them, never
        # a bestuurder, manager, privacy officer or beheerder of that organisation.
        self.org_user = {}
        for spec in USERS:
            if set(spec.roles) & set(CASE_ROLES):
                self.org_user.setdefault(spec.organisation, self.users[spec.username])
        self.informatiemakelaar = self.users["informatiemakelaar"]
        # Who opens a case for a partner: a ketenpartner of an organisation that signed.
        self.case_readers: dict[str, User] = {}
        for spec in USERS:
            signed = self.orgs[spec.organisation].has_signed_convenant
            if Role.KETENPARTNER in spec.roles and signed and spec.organisation != "zvh":
                self.case_readers.setdefault(spec.organisation, self.users[spec.username])

    def _build_tables(self) -> None:
        self.tables = {}
        self.table_regisseurs: dict[str, list[User]] = {}
        for spec in TABLES:
            table = Table.objects.create(
                region=self.region, name=spec.name, target_group=spec.target_group
            )
            table.fixed_participants.set([self.orgs[key] for key in spec.fixed_participants])
            regisseurs = [self.users[name] for name in spec.procesregisseurs]
            table.procesregisseurs.set(regisseurs)
            self.tables[spec.key] = table
            self.table_regisseurs[spec.key] = regisseurs
        self.table_fixed = {spec.key: spec.fixed_participants for spec in TABLES}

    # -- cases -------------------------------------------------------------------------

    def build_cases(self, size: int) -> Iterator[int]:
        """Build the cases chunk by chunk, each chunk in its own transaction."""
        first = self.first_index
        for start in range(0, size, CASES_PER_CHUNK):
            stop = min(size, start + CASES_PER_CHUNK)
            with transaction.atomic():
                self._build_chunk(range(first + start, first + stop))
            yield stop

    def _build_chunk(self, indexes: range) -> None:
        rows = _ChunkRows()
        plans = [self._plan_case(i, rows) for i in indexes]
        # Rows whose primary key is needed later go through bulk_create, which returns it.
        insert_objects(Case, [plan.case for plan in plans])
        insert_objects(Person, rows.persons)
        for plan in plans:
            self._plan_history(plan, rows)
        insert_objects(Referral, rows.referrals)
        insert_objects(InformationRequest, rows.requests)
        insert_objects(TriageDecision, rows.triages)

        insert_rows(CasePerson, ("case", "person", "role"), rows.case_persons)
        insert_rows(
            CaseTransition,
            ("case", "from_state", "to_state", "by", "reason", "at"),
            rows.transitions,
        )
        insert_rows(
            Referral.life_domains.through,
            ("referral", "lifedomain"),
            [
                (r.pk, domain_id)
                for r, domain_ids in rows.referral_domains
                for domain_id in domain_ids
            ],
        )
        insert_rows(
            InformationRequest.persons.through,
            ("informationrequest", "person"),
            [(r.pk, person.pk) for r, people in rows.request_persons for person in people],
        )
        insert_rows(
            TriageDecision.required_partners.through,
            ("triagedecision", "organisation"),
            [(t.pk, org_id) for t, org_ids in rows.triage_partners for org_id in org_ids],
        )
        # The work at the tables: meetings, plans, follow-up and closing.
        worked_out = [p for p in plans if p.on_table and p.index < self.casework_cases]
        self.casework.build(worked_out)
        # The other cases put on a table have the plan triage created for them, still empty.
        worked_out_pks = {p.case.pk for p in worked_out}
        insert_objects(
            Plan,
            [
                Plan(case_id=p.case.pk)
                for p in plans
                if p.case.state in PLAN_STATES and p.case.pk not in worked_out_pks
            ],
        )
        for plan in plans:
            self._reads(plan, rows)
        insert_rows(
            AccessLogEntry,
            LOG_FIELDS,
            [
                row[:10] + (_object_ref(row[10]),) + row[11:]  # the request's key is known now
                for row in rows.log_entries
            ],
        )
        insert_rows(
            CaseParticipant,
            ("case", "organisation", "reason", "since", "visible_from"),
            [
                (plan.case.pk, self.orgs[org_key].pk, reason, since, visible_from)
                for plan in plans
                for (org_key, reason), (since, visible_from) in plan.participants.items()
            ],
        )

    def _plan_case(self, index: int, rows: _ChunkRows) -> _CasePlan:
        rng = self.rng
        if index < len(SEED_CASES):
            return self._plan_seed_case(index, SEED_CASES[index], rows)
        opening = index - len(SEED_CASES)
        if opening < len(OPENING_SCENARIOS):
            scenario = OPENING_SCENARIOS[opening]
            source = FIRST_SOURCES[opening % len(FIRST_SOURCES)]
        else:
            if self._of_an_earlier_year(index):
                scenario = self._past_scenario()
            else:
                state = rng.choices(list(STATE_WEIGHTS), weights=list(STATE_WEIGHTS.values()))[0]
                reopened = state == S.AANGEMELD and rng.random() < REOPENED_SHARE
                scenario = Scenario(state, reopened=reopened)
            source = rng.choices(list(SOURCE_WEIGHTS), weights=list(SOURCE_WEIGHTS.values()))[0]

        kind = self._kind_for(source)
        general_source = source in (ReferralSource.ZSM, ReferralSource.VELDAANMELDING)
        youth = kind != CaseKind.GEBIED and general_source and rng.random() < 0.3
        table_key = self._table_for(source=source, kind=kind, youth=youth)
        household = self._household()
        people = self._people(kind=kind, source=source, youth=youth, household=household, rows=rows)

        path = self._path(scenario, always_ask=0 <= opening < len(OPENING_SCENARIOS))
        times = self._times(scenario, len(path))
        on_table = scenario.state in TABLE_STATES or scenario.reopened
        regisseur = rng.choice(self.table_regisseurs[table_key])
        plan = _CasePlan(
            case=None,
            source=source,
            table_key=table_key,
            household=household,
            people=people,
            path=path,
            times=times,
            regisseur=regisseur,
            reopened=scenario.reopened,
            index=index,
            on_table=on_table,
        )
        if on_table:
            self.casework.align(plan)
        plan.case = new_object(
            Case,
            region_id=self.region.pk,
            municipality_id=household.municipality.pk,
            kind=kind,
            title=rng.choice(texts.TITLES[table_key]),
            state=scenario.state,
            table_id=self.tables[table_key].pk if on_table else None,
            procesregisseur_id=None if path == [S.AANGEMELD] else regisseur.pk,
            created_at=times[0],
            state_changed_at=times[-1],
        )
        return plan

    def _plan_seed_case(self, index: int, seed: SeedCase, rows: _ChunkRows) -> _CasePlan:
        """One of the three named cases modelled on seed 002, with fixed dates and people."""
        municipality, spec = next(
            (m, s) for m, s in self.municipality_specs if m.name == seed.municipality
        )
        postal_areas = dict(spec.towns)[seed.town]
        household = _Household(
            municipality=municipality,
            spec=spec,
            street=seed.street,
            postal_code=f"{postal_areas[0]} KD" if seed.street else "",
            city=seed.town,
            number=0,
        )
        people = []
        for person in seed.people:
            birth_date = self.today - datetime.timedelta(
                days=person.age_years * 365 + person.age_years // 4 + person.extra_days
            )
            created = new_object(
                Person,
                region_id=self.region.pk,
                bsn=self._bsn(),
                first_names=person.first_names,
                name_prefix=person.name_prefix,
                last_name=person.last_name,
                birth_date=birth_date,
                gender=person.gender,
                street_address=seed.street,
                postal_code=household.postal_code,
                city=seed.town,
                municipality_id=municipality.pk,
                name_key=_name_key(person.first_names, person.name_prefix, person.last_name),
                created_at=self.midnight - datetime.timedelta(days=seed.days_ago[0] + 1),
            )
            rows.persons.append(created)
            people.append((created, person.role))
        times = [
            self.midnight
            - datetime.timedelta(days=days_ago)
            + datetime.timedelta(hours=10, minutes=7 * step)
            for step, days_ago in enumerate(seed.days_ago)
        ]
        plan = _CasePlan(
            case=None,
            source=seed.source,
            table_key=seed.table_key,
            household=household,
            people=people,
            path=list(seed.path),
            times=times,
            regisseur=self.table_regisseurs[seed.table_key][0],
            reopened=False,
            index=index,
            on_table=True,
            seed=seed,
        )
        self.casework.align(plan)
        plan.case = new_object(
            Case,
            region_id=self.region.pk,
            municipality_id=municipality.pk,
            kind=seed.kind,
            title=seed.title,
            state=seed.path[-1],
            table_id=self.tables[seed.table_key].pk,
            procesregisseur_id=plan.regisseur.pk,
            created_at=times[0],
            state_changed_at=times[-1],
        )
        return plan

    def _kind_for(self, source: str) -> str:
        rng = self.rng
        if source == ReferralSource.DETENTIEMELDING:
            return CaseKind.PERSOON
        if source == ReferralSource.VEILIG_THUIS:
            return CaseKind.SYSTEEM if rng.random() < 0.8 else CaseKind.PERSOON
        if source == ReferralSource.VELDAANMELDING and rng.random() < 0.12:
            return CaseKind.GEBIED
        return CaseKind.SYSTEEM if rng.random() < 0.25 else CaseKind.PERSOON

    def _table_for(self, *, source: str, kind: str, youth: bool) -> str:
        if kind == CaseKind.GEBIED:
            return "o3mp"
        if source == ReferralSource.DETENTIEMELDING:
            return "nazorg"
        if source == ReferralSource.VEILIG_THUIS:
            return "huiselijk-geweld"
        if youth:
            return "jeugd"
        return "o3mp" if self.rng.random() < 0.08 else "volwassenen"

    def _path(self, scenario: Scenario, *, always_ask: bool) -> list[str]:
        """The states the case went through, in order, ending in its current state."""
        state = scenario.state
        path = [S.AANGEMELD]
        if state == S.AANGEMELD and not scenario.reopened:
            return path
        if state == S.IN_UITVRAAG or always_ask or self.rng.random() < 0.7:
            path.append(S.IN_UITVRAAG)
        if state == S.IN_UITVRAAG:
            return path
        path.append(S.IN_TRIAGE)
        if state == S.IN_TRIAGE:
            return path
        if state == S.NIET_IN_BEHANDELING:
            return [*path, state]
        path.append(S.GEAGENDEERD)
        if state == S.GEAGENDEERD:
            return path
        path.append(S.IN_UITVOERING)
        if state == S.IN_UITVOERING:
            return path
        if state == S.AFGESCHAALD or self.rng.random() < 0.7:
            path.append(S.AFGESCHAALD)
        if state == S.AFGESCHAALD:
            return path
        path.append(S.AFGESLOTEN)
        if scenario.reopened:
            path.append(S.AANGEMELD)
        return path

    def _of_an_earlier_year(self, index: int) -> bool:
        """Is this case from before the past year? Never one with worked-out casework; no
        draw at all in a region of one year, so the demo stays what it was."""
        if self.recent_share >= 1 or index < self.casework_cases:
            return False
        return self.rng.random() >= self.recent_share

    def _past_scenario(self) -> Scenario:
        """A case of an earlier year: reported then, closed after its usual run."""
        rng = self.rng
        state = S.AFGESLOTEN if rng.random() < PAST_CLOSED_SHARE else S.NIET_IN_BEHANDELING
        low, high = PAST_RUN_DAYS[state]
        return Scenario(
            state, age_days=rng.randint(366, self.history_days), run_days=rng.randint(low, high)
        )

    def _times(self, scenario: Scenario, steps: int) -> list[datetime.datetime]:
        """When each step happened: spread over the case's age, all before today."""
        rng = self.rng
        if scenario.age_days is not None:
            age = scenario.age_days
        else:
            low, high = REOPENED_AGE_DAYS if scenario.reopened else AGE_DAYS[scenario.state]
            age = rng.randint(low, high)
        reported_day = self.midnight - datetime.timedelta(days=age + 1)
        created = reported_day + datetime.timedelta(hours=rng.uniform(8, 17))
        span = datetime.timedelta(
            days=(age if scenario.run_days is None else scenario.run_days) + 0.2
        )
        if scenario.state == S.IN_UITVRAAG:
            # The uitvraag starts early, so that older requests run past their deadline.
            fractions = [rng.uniform(0.02, 0.3)]
        else:
            fractions = sorted(rng.uniform(0.02, 0.95) for _ in range(steps - 1))
            if scenario.reopened:
                fractions[-1] = rng.uniform(0.96, 0.99)
        return [created] + [created + span * fraction for fraction in fractions]

    # -- persons -----------------------------------------------------------------------

    def _household(self) -> _Household:
        rng = self.rng
        municipality, spec = rng.choices(
            self.municipality_specs, weights=self.municipality_weights
        )[0]
        city, postal_areas = rng.choice(spec.towns)
        letters = rng.choice("ABCDEGHJKLMNPRTVWXZ") + rng.choice("ABCDEGHJKLMNPRTVWXZ")
        return _Household(
            municipality=municipality,
            spec=spec,
            street=rng.choice(names.STREETS),
            postal_code=f"{rng.choice(postal_areas)} {letters}",
            city=city,
            number=rng.randint(1, 240),
        )

    def _name(self, *, gender: str, migrant: bool) -> tuple[str, str, str]:
        rng = self.rng
        if migrant:
            first = rng.choice(
                names.MIGRANT_FEMALE if gender == Gender.VROUW else names.MIGRANT_MALE
            )
            prefix, last = rng.choice(names.MIGRANT_SURNAMES)
        else:
            first = rng.choice(names.DUTCH_FEMALE if gender == Gender.VROUW else names.DUTCH_MALE)
            prefix, last = rng.choice(names.DUTCH_SURNAMES)
        return first, prefix, last

    def _bsn(self) -> str:
        while True:
            prefix = f"{self.next_bsn_prefix:08d}"
            # Wraps within the test range; unique within a region up to 900,000 persons.
            self.next_bsn_prefix += 1
            if self.next_bsn_prefix == FIRST_BSN_PREFIX + BSN_PREFIXES:
                self.next_bsn_prefix = FIRST_BSN_PREFIX
            check = sum(int(d) * w for d, w in zip(prefix, range(9, 1, -1), strict=True)) % 11
            if check < 10:
                return prefix + str(check)

    def _person(
        self,
        *,
        household: _Household,
        age: tuple[int, int],
        migrant: bool,
        gender: str | None = None,
        surname: tuple[str, str] | None = None,
        rows: _ChunkRows,
    ) -> Person:
        rng = self.rng
        gender = gender or rng.choice((Gender.MAN, Gender.VROUW))
        first, prefix, last = self._name(gender=gender, migrant=migrant)
        if surname is not None:
            prefix, last = surname
        birth_date = self.today - datetime.timedelta(
            days=rng.randint(age[0] * 365, age[1] * 365 + 364)
        )
        person = new_object(
            Person,
            region_id=self.region.pk,
            bsn=self._bsn() if rng.random() < 0.9 else "",
            first_names=first,
            name_prefix=prefix,
            last_name=last,
            birth_date=birth_date,
            gender=gender,
            street_address=f"{household.street} {household.number}",
            postal_code=household.postal_code,
            city=household.city,
            municipality_id=household.municipality.pk,
            name_key=_name_key(first, prefix, last),
            created_at=self.midnight - datetime.timedelta(days=rng.randint(1, 365)),
        )
        rows.persons.append(person)
        return person

    def _people(
        self, *, kind: str, source: str, youth: bool, household: _Household, rows: _ChunkRows
    ) -> list[tuple[Person, str]]:
        rng = self.rng
        migrant = rng.random() < 0.3
        if kind == CaseKind.GEBIED:
            return [
                (
                    self._person(
                        household=household, age=(14, 24), migrant=rng.random() < 0.4, rows=rows
                    ),
                    PersonRole.GROEPSLID,
                )
                for _ in range(rng.randint(3, 6))
            ]
        if kind == CaseKind.PERSOON and self.known_people and rng.random() < 0.05:
            # A person already known from an earlier case: shows up as a match at intake.
            main, known_household = rng.choice(self.known_people)
            household.municipality, household.spec = (
                known_household.municipality,
                known_household.spec,
            )
        else:
            age = (12, 22) if youth else (18, 70)
            main = self._person(household=household, age=age, migrant=migrant, rows=rows)
            if len(self.known_people) < 2000:
                self.known_people.append((main, household))
        people = [(main, PersonRole.HOOFDPERSOON)]
        if kind == CaseKind.SYSTEEM:
            surname = (main.name_prefix, main.last_name)
            if youth:
                people.append(
                    (
                        self._person(
                            household=household,
                            age=(38, 55),
                            migrant=migrant,
                            surname=surname,
                            rows=rows,
                        ),
                        PersonRole.OUDER,
                    )
                )
            else:
                partner_role = (
                    PersonRole.SLACHTOFFER
                    if source == ReferralSource.VEILIG_THUIS
                    else PersonRole.PARTNER
                )
                other = Gender.VROUW if main.gender == Gender.MAN else Gender.MAN
                people.append(
                    (
                        self._person(
                            household=household,
                            age=(20, 60),
                            migrant=migrant,
                            gender=other,
                            rows=rows,
                        ),
                        partner_role,
                    )
                )
                for _ in range(rng.randint(0, 3)):
                    people.append(
                        (
                            self._person(
                                household=household,
                                age=(0, 17),
                                migrant=migrant,
                                surname=surname,
                                rows=rows,
                            ),
                            PersonRole.KIND,
                        )
                    )
        elif rng.random() < 0.2:
            witness = self._household()
            people.append(
                (
                    self._person(
                        household=witness, age=(20, 80), migrant=rng.random() < 0.3, rows=rows
                    ),
                    PersonRole.GETUIGE,
                )
            )
        return people

    # -- what happened to the case -------------------------------------------------------

    def _plan_history(self, plan: _CasePlan, rows: _ChunkRows) -> None:
        case = plan.case
        rows.case_persons += [(case.pk, p.pk, role) for p, role in plan.people]
        main_person = plan.people[0][0]
        reporter_key = self._reporter_for(plan)
        reporter = self.org_user[reporter_key]
        take_part = plan.take_part

        self._referral(plan, plan.source, reporter_key, plan.times[0], rows)
        take_part(reporter_key, ParticipationReason.MELDER, plan.times[0])
        self._log(
            rows,
            user=reporter,
            action=AccessAction.CREATE,
            case=case,
            person=main_person,
            at=plan.times[0],
            purpose="Melding registreren",
        )

        previous = ""
        for step, (state, at) in enumerate(zip(plan.path, plan.times, strict=True)):
            if previous and not is_allowed(previous, state):
                raise ValueError(f"Demo history breaks the lifecycle: {previous} -> {state}")
            by = reporter if step == 0 else self._actor_for(state, plan)
            rows.transitions.append(
                (case.pk, previous, state, by.pk, self._reason(previous, state, plan), at)
            )
            if state == S.IN_UITVRAAG:
                next_at = plan.times[step + 1] if step + 1 < len(plan.times) else None
                for org_key in self._ask(
                    plan, rows, at=at, answered_before=next_at, main_person=main_person
                ):
                    take_part(org_key, ParticipationReason.UITVRAAG, at)
            elif previous == S.IN_TRIAGE:
                invited = self._triage(plan, rows, outcome_state=state, at=at)
                if invited:
                    # Invited for the first sitting: sees the case from its information window.
                    sitting = self.casework.first_sitting_after_triage(plan.table_key, at)
                    opens = self.casework.opens_at(plan.table_key, sitting)
                    for org_key in invited:
                        take_part(org_key, ParticipationReason.UITGENODIGD, at, visible_from=opens)
            if step > 0 and by.pk != reporter.pk and step <= 2:
                self._log(
                    rows,
                    user=by,
                    action=AccessAction.READ,
                    case=case,
                    person=main_person,
                    at=at,
                    purpose="Procesregie",
                )
            if state == S.AANGEMELD and step > 0:
                self._referral(plan, ReferralSource.HERMELDING, reporter_key, at, rows)
            previous = state

    def _reporter_for(self, plan: _CasePlan) -> str:
        rng = self.rng
        if plan.seed is not None:
            return plan.seed.reporter
        source = plan.source
        if source == ReferralSource.ZSM:
            return "om" if rng.random() < 0.6 else "politie"
        if source == ReferralSource.DETENTIEMELDING:
            return "pi"
        if source == ReferralSource.VEILIG_THUIS:
            return "veiligthuis"
        if plan.table_key == "jeugd":
            return rng.choice(YOUTH_REPORTERS)
        reporter = rng.choice(FIELD_REPORTERS)
        if reporter == "wijkteam":
            return LOCAL_TEAMS.get(plan.household.municipality.name, "wijkteam")
        return reporter

    def _actor_for(self, state: str, plan: _CasePlan) -> User:
        if state == S.IN_UITVRAAG and self.rng.random() < 0.7:
            return self.informatiemakelaar
        return plan.regisseur

    def _reason(self, previous: str, state: str, plan: _CasePlan) -> str:
        key = (previous and state, plan.source if previous == "" else plan.table_key)
        reason = self.reasons.get(key)
        if reason is None:
            reason = self.reasons[key] = self._reason_text(previous, state, plan)
        return reason

    def _reason_text(self, previous: str, state: str, plan: _CasePlan) -> str:
        table = self.tables[plan.table_key].name
        if previous == "":
            return f"Melding ontvangen ({ReferralSource(plan.source).label})"
        reasons = {
            S.IN_UITVRAAG: "Informatie opvragen bij de betrokken partners",
            S.IN_TRIAGE: "Voldoende informatie voor het weegoverleg",
            S.GEAGENDEERD: f"Weegoverleg: agenderen op de regietafel {table}",
            S.IN_UITVOERING: "Plan van aanpak vastgesteld op de regietafel",
            S.AFGESCHAALD: "Afgeschaald: regie teruggelegd bij de casusregisseur",
            S.AFGESLOTEN: "Casus geëvalueerd en afgesloten",
            S.NIET_IN_BEHANDELING: "Weegoverleg: niet in behandeling genomen",
            S.AANGEMELD: "Her-melding: casus heropend",
        }
        return reasons[state]

    def _referral(
        self,
        plan: _CasePlan,
        source: str,
        reporter_key: str,
        at: datetime.datetime,
        rows: _ChunkRows,
    ) -> None:
        rng = self.rng
        reporter = self.org_user[reporter_key]
        referral = new_object(
            Referral,
            case_id=plan.case.pk,
            source=source,
            reporting_organisation_id=self.orgs[reporter_key].pk,
            reported_by_id=reporter.pk,
            reporter_contact=f"{reporter.get_full_name()}, {reporter.email}",
            received_on=at.astimezone(self.zone).date(),
            description=plan.seed.description if plan.seed else texts.DESCRIPTIONS[plan.table_key],
            urgency=rng.choices(
                (Urgency.NORMAAL, Urgency.HOOG, Urgency.ACUUT), weights=(70, 25, 5)
            )[0],
            question=plan.seed.question if plan.seed else texts.QUESTIONS[plan.table_key],
            created_at=at,
        )
        rows.referrals.append(referral)
        typical = texts.LIFE_DOMAINS[plan.table_key]
        codes = set(rng.sample(typical, rng.randint(2, min(4, len(typical)))))
        if rng.random() < 0.3:
            codes.add(rng.choice(list(self.life_domains)))
        if plan.seed is not None:
            codes = set(plan.seed.domain_codes)
        if not plan.domain_codes:
            plan.domain_codes = [c for c in sorted(codes) if c in self.life_domains]
        rows.referral_domains.append(
            (referral, [self.life_domains[c].pk for c in sorted(codes) if c in self.life_domains])
        )

    def _ask(
        self,
        plan: _CasePlan,
        rows: _ChunkRows,
        *,
        at: datetime.datetime,
        answered_before: datetime.datetime | None,
        main_person: Person,
    ) -> list[str]:
        """Information requests to 1-3 partners; open while the case is still in uitvraag."""
        rng = self.rng
        candidates = [k for k in self.table_fixed[plan.table_key] if k in self.signed_partner_keys]
        candidates.append(LOCAL_TEAMS.get(plan.household.municipality.name, "wijkteam"))
        asked = rng.sample(sorted(set(candidates)), rng.randint(1, 3))
        requester = self.informatiemakelaar if rng.random() < 0.7 else plan.regisseur
        deadline = at.astimezone(self.zone).date() + datetime.timedelta(days=REQUEST_DEADLINE_DAYS)
        people = [p for p, _role in plan.people[:3]]
        for position, org_key in enumerate(asked):
            # While the case is in uitvraag at least one request is still open.
            still_open = answered_before is None and (
                position > 0 or len(asked) == 1 or rng.random() < 0.6
            )
            end = answered_before or self.midnight
            request = new_object(
                InformationRequest,
                case_id=plan.case.pk,
                region_id=plan.case.region_id,
                organisation_id=self.orgs[org_key].pk,
                question=texts.REQUEST_QUESTION,
                purpose=texts.PURPOSES[plan.table_key],
                legal_ground=LEGAL_GROUNDS.get(org_key, LegalGround.WGS),
                deadline=deadline,
                requested_by_id=requester.pk,
                requested_at=at,
            )
            if not still_open:
                if answered_before is not None and rng.random() < 0.03:
                    request.status = RequestStatus.INGETROKKEN
                else:
                    answerer = self.org_user[org_key]
                    request.status = RequestStatus.BEANTWOORD
                    request.answer = rng.choice(texts.ANSWERS)
                    request.answered_by_id = answerer.pk
                    request.answered_at = at + (end - at) * rng.uniform(0.2, 0.9)
                    # Asked for information, the partner reads the request, not the case.
                    self._log(
                        rows,
                        user=answerer,
                        action=AccessAction.READ,
                        case=plan.case,
                        person=main_person,
                        at=request.answered_at,
                        purpose="Informatieverzoek beantwoorden",
                        obj=request,
                    )
            rows.requests.append(request)
            rows.request_persons.append((request, people))
        return asked

    def _triage(
        self, plan: _CasePlan, rows: _ChunkRows, *, outcome_state: str, at: datetime.datetime
    ) -> list[str]:
        """The weegoverleg decision; returns the partners invited beyond the fixed ones."""
        rng = self.rng
        ratings = (Rating.LAAG, Rating.MIDDEN, Rating.HOOG)
        if outcome_state == S.GEAGENDEERD:
            o3mp = plan.table_key == "o3mp"
            fixed = list(self.table_fixed[plan.table_key])
            required = rng.sample(fixed, rng.randint(2, min(4, len(fixed))))
            extra = self.case_partners[plan.table_key]
            invited = [rng.choice(extra)] if extra and rng.random() < 0.3 else []
            if plan.seed is not None:
                required = list(fixed)
                invited = [k for k in plan.seed.invitees if self.orgs[k].has_signed_convenant]
            impacts_system = rng.random() < 0.9
            triage = new_object(
                TriageDecision,
                case_id=plan.case.pk,
                meets_multiple_domains=True,
                needs_multiple_chains=True,
                impacts_system=impacts_system,
                # An agendered case meets the Landelijk Kader: 1+2+3, or 4 on its own.
                impacts_local_safety=o3mp or not impacts_system or rng.random() < 0.3,
                o3mp_applied=o3mp,
                o3mp_ondoorgrondelijk=o3mp,
                o3mp_ongrijpbaar=o3mp,
                o3mp_ontwrichtend=o3mp,
                complexity=rng.choices(ratings, weights=(1, 4, 5))[0],
                risk=rng.choices(ratings, weights=(2, 5, 3))[0],
                unrest=rng.choices(ratings, weights=(3, 4, 3))[0],
                outcome=TriageOutcome.AGENDEREN,
                reason=texts.TRIAGE_REASON_AGENDEREN,
                table_id=self.tables[plan.table_key].pk,
                purpose=plan.seed.purpose if plan.seed else texts.PURPOSES[plan.table_key],
                questions=(
                    plan.seed.questions if plan.seed else texts.TRIAGE_QUESTIONS[plan.table_key]
                ),
                decided_by_id=plan.regisseur.pk,
                decided_at=at,
            )
            partners = [self.orgs[k].pk for k in required + invited]
            plan.triage_required, plan.triage_invited = list(required), list(invited)
        else:
            outcome = rng.choices(
                [o for o, _w in OTHER_OUTCOMES], weights=[w for _o, w in OTHER_OUTCOMES]
            )[0]
            local_team = self.orgs[LOCAL_TEAMS.get(plan.household.municipality.name, "wijkteam")]
            triage = new_object(
                TriageDecision,
                case_id=plan.case.pk,
                meets_multiple_domains=rng.random() < 0.5,
                needs_multiple_chains=False,
                impacts_system=rng.random() < 0.3,
                complexity=Rating.LAAG,
                risk=rng.choice((Rating.LAAG, Rating.MIDDEN)),
                unrest=Rating.LAAG,
                outcome=outcome,
                reason=texts.TRIAGE_REASONS_OTHER[outcome],
                referred_to=local_team.name if outcome == TriageOutcome.DOORVERWIJZEN else "",
                decided_by_id=plan.regisseur.pk,
                decided_at=at,
            )
            partners, invited = [], []
        rows.triages.append(triage)
        rows.triage_partners.append((triage, partners))
        plan.triage = triage
        return invited

    def _log(
        self,
        rows: _ChunkRows,
        *,
        user: User,
        action: str,
        case: Case,
        person: Person,
        at: datetime.datetime,
        purpose: str,
        obj: InformationRequest | None = None,
        rng: random.Random | None = None,
    ) -> None:
        # Written about ten times per case: the user's part is worked out once, and the
        # keys are read as plain attributes (`.pk` is a property).
        who = self.log_identities.get(id(user))
        if who is None:
            organisation = user.organisation
            who = self.log_identities[id(user)] = (
                user.id,
                organisation.id,
                organisation.name,
                f"10.20.{organisation.id % 250}.",
            )
        user_id, organisation_id, organisation_name, network = who
        case_id, person_id = case.id, person.id
        rows.log_entries.append(
            (
                at,
                user_id,
                organisation_id,
                organisation_name,
                action,
                case_id,
                case_id,
                person_id,
                person_id,
                type(obj).__name__ if obj is not None else "Case",
                obj if obj is not None else str(case_id),
                purpose,
                f"{network}{(rng or self.rng).randint(1, 254)}",
            )
        )

    def _reads(self, plan: _CasePlan, rows: _ChunkRows) -> None:
        """The case page opened over the case's life by those who may open it: its
        procesregisseur, and partners while their involvement opens the case (the access
        policy). Like the case page, every view logs a row per person of the case."""
        rng = self.log_rng
        case = plan.case
        end = self.midnight
        if case.state in (S.AFGESLOTEN, S.NIET_IN_BEHANDELING):
            end = min(end, plan.times[-1] + datetime.timedelta(days=READS_AFTER_CLOSING_DAYS))
        viewers: list[tuple[User, datetime.datetime, int, str]] = []
        if case.procesregisseur_id is not None:
            views = rng.randint(1, 2) + (1 if self.national and rng.random() < 0.55 else 0)
            viewers.append((plan.regisseur, plan.times[1], views, "Procesregie"))
        for (org_key, reason), (since, visible_from) in sorted(
            plan.participants.items(), key=lambda item: (item[0][0], item[0][1])
        ):
            user = self.case_readers.get(org_key)
            if reason not in READ_PURPOSES or user is None or rng.random() < 0.25:
                continue
            start = max(since, visible_from) if visible_from is not None else since
            views = 2 if rng.random() < 0.3 else 1
            if self.national and rng.random() < 0.55:
                views += 1
            viewers.append((user, start, views, READ_PURPOSES[reason]))
        for user, start, views, purpose in viewers:
            if start >= end:
                continue
            for _ in range(views):
                at = start + (end - start) * rng.random()
                for person, _role in plan.people:
                    self._log(
                        rows,
                        user=user,
                        action=AccessAction.READ,
                        case=case,
                        person=person,
                        at=at,
                        purpose=purpose,
                        rng=rng,
                    )


# The generator draws names from short lists: each key is worked out once.
_name_key = functools.lru_cache(maxsize=None)(name_key)


def _object_ref(value: str | models.Model) -> str:
    return value if type(value) is str else str(value.pk)


@dataclass
class _CasePlan:
    case: Case | None
    source: str
    table_key: str
    household: _Household
    people: list[tuple[Person, str]]
    path: list[str]
    times: list[datetime.datetime]
    regisseur: User
    reopened: bool
    index: int = 0
    on_table: bool = False
    seed: SeedCase | None = None
    domain_codes: list[str] = field(default_factory=list)
    triage: TriageDecision | None = None
    triage_required: list[str] = field(default_factory=list)
    triage_invited: list[str] = field(default_factory=list)
    # (index in path, sitting, kind) of every step into uitvoering: where a version was agreed.
    agreements: list[tuple[int, datetime.date, str]] = field(default_factory=list)
    # (organisation key, reason) -> (since, visible_from): who takes part, and from when.
    participants: dict[tuple[str, str], tuple] = field(default_factory=dict)

    def take_part(
        self,
        org_key: str,
        reason: str,
        since: datetime.datetime,
        visible_from: datetime.datetime | None = None,
    ) -> None:
        """Record a participation; the earliest since and visible_from win."""
        known = self.participants.get((org_key, reason))
        if known is not None:
            since = min(since, known[0])
            if known[1] is None or visible_from is None:
                visible_from = None
            else:
                visible_from = min(visible_from, known[1])
        self.participants[(org_key, reason)] = (since, visible_from)


@dataclass
class _ChunkRows:
    """What one chunk of cases writes: model instances where the pk is needed, else tuples."""

    persons: list[Person] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    requests: list[InformationRequest] = field(default_factory=list)
    triages: list[TriageDecision] = field(default_factory=list)
    case_persons: list[tuple] = field(default_factory=list)
    transitions: list[tuple] = field(default_factory=list)
    log_entries: list[tuple] = field(default_factory=list)
    referral_domains: list[tuple[Referral, list[int]]] = field(default_factory=list)
    request_persons: list[tuple[InformationRequest, list[Person]]] = field(default_factory=list)
    triage_partners: list[tuple[TriageDecision, list[int]]] = field(default_factory=list)
