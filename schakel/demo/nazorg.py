"""The demo's nazorg en re-integratie and police incidents, on top of the generated cases.

Every case the generator opened with a detentiemelding gets its notice and quickscan,
in a state that matches the case: in intake the quickscan runs (not started, half done,
all in order, or showing problems); on the Nazorg table it showed problems; not taken on,
everything was in order.

Those are the detainees who needed the ZVH's casework. Every (ex-)detainee of the
region's municipalities passes the ZVH (seed 002), most of them without ever becoming a
casus at a table: for them the region gets a year of detentiemeldingen more, spread over
all ten municipalities (one for every three generated cases). Each opens its own case in
intake, as a detentiemelding does in Schakel; released ones had a quickscan all in order
and their case was closed 'niet in behandeling' (geen nazorgcasus nodig); the ones still
inside have their quickscan running, in every state, and some come out within two weeks
with conditions not in order, so the worklist warns.

Police incidents are made for the main persons of cases with a plan, before and after the
plan's start, and for a control group of fictional persons with incidents who were never
discussed, in every age group and municipality, so the rendementsanalyse has something to
compare. Everything is written in bulk, like the rest of the generator.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from types import SimpleNamespace
from typing import TYPE_CHECKING

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.cases.lifecycle import INTAKE_STATES, PLAN_STATES, CaseState
from schakel.cases.models import (
    Case,
    CaseKind,
    CaseParticipant,
    CasePerson,
    CaseTransition,
    ParticipationReason,
    PersonRole,
)
from schakel.demo import texts
from schakel.demo.rows import insert_objects, insert_rows, new_object
from schakel.incidents.models import IncidentKind, PoliceIncident
from schakel.nazorg.models import (
    Condition,
    ConditionStatus,
    DetentionNotice,
    NoticeEvent,
    NoticeStatus,
    Quickscan,
    QuickscanCondition,
    YesNoUnknown,
)
from schakel.persons.models import Person
from schakel.referrals.models import Referral, ReferralSource, Urgency
from schakel.triage.models import Rating, TriageDecision, TriageOutcome

if TYPE_CHECKING:
    from schakel.demo.generator import _Generator

# The demo's re-integratieofficieren (reference.USERS) and the region's institution.
OFFICERS = ("rio", "rio-drechtsteden")
INSTITUTION = "pi"
REGISTERED_BY = "regisseur-jeugd"
# The columns of the generator's access log rows (generator.LOG_FIELDS; that module
# imports this one, so they are named again here).
LOG_FIELDS = (
    "at", "user", "organisation", "on_behalf_of", "action", "case", "case_ref", "person",
    "person_ref", "object_type", "object_ref", "purpose", "client_address",
)  # fmt: skip
# The region's other detainees: one for every this many generated cases, most of them
# released in the past year, the others still inside.
CASES_PER_REGION_DETAINEE = 3
RELEASED_SHARE = 0.7
# Of the ones still inside, the share released within two weeks.
SOON_SHARE = 0.25
REASONS = {
    CaseState.AANGEMELD: "Melding ontvangen (Detentiemelding)",
    CaseState.IN_TRIAGE: "Quickscan nazorg ingevuld; naar het weegoverleg",
    CaseState.NIET_IN_BEHANDELING: "Weegoverleg: niet in behandeling genomen",
}
NO_AFTERCARE_REASON = (
    "Quickscan nazorg: alle basisvoorwaarden op orde, geen zorgen; geen nazorgcasus nodig."
)
# Incidents of the rendementsanalyse: a year before and after the case's start.
WINDOW_DAYS = 365
# The control group: at least this many persons, or one for every this many cases, in
# the three age groups of the analysis in turn.
CONTROL_GROUP = 60
CASES_PER_CONTROL = 5
CONTROL_AGES = ((12, 17), (18, 23), (24, 60))
# The quickscans still running in intake, in turn.
RUNNING_SHAPES = ("niet_begonnen", "half", "op_orde", "problemen")
# Read once: an enum's .values builds its list anew on every call.
INCIDENT_KINDS = tuple(IncidentKind.values)
ALREADY_KNOWN = tuple(YesNoUnknown.values)
CONCERNS = (
    "Dreigt terug te vallen in het oude netwerk.",
    "Zorgen over middelengebruik na ontslag.",
    "Partner wil geen contact; geen opvangadres.",
)


@dataclass
class _Detainee:
    """One detentiemelding to write: its case and person, dates and quickscan shape."""

    case_id: int
    person_id: int
    municipality_id: int
    received: datetime.date
    release: datetime.date
    status: str
    shape: str
    reference: str


class NazorgBuilder:
    def __init__(self, generator: _Generator, *, region_detainees: int | None = None):
        """region_detainees: how many other detainees to add; by default one for every
        CASES_PER_REGION_DETAINEE generated cases."""
        self.g = generator
        self.rng = generator.rng
        self.today = generator.today
        self.region_detainees = region_detainees

    def build(self) -> None:
        generated_cases = Case.objects.filter(region_id=self.g.region.pk).count()
        detainees = self._casework_detainees()
        count = self.region_detainees
        if count is None:
            count = generated_cases // CASES_PER_REGION_DETAINEE
        detainees += self._region_detainees(count)
        self._write_notices(detainees)
        self._incidents(control_size=max(CONTROL_GROUP, generated_cases // CASES_PER_CONTROL))

    # -- detentiemeldingen ------------------------------------------------------------

    def _casework_detainees(self) -> list[_Detainee]:
        """The notices of the cases the generator opened with a detentiemelding."""
        g, rng = self.g, self.rng
        referrals = (
            Referral.objects.filter(
                case__region_id=g.region.pk, source=ReferralSource.DETENTIEMELDING
            )
            .select_related("case")
            .order_by("case_id", "received_on", "pk")
        )
        first_referral: dict[int, Referral] = {}
        for referral in referrals:
            first_referral.setdefault(referral.case_id, referral)
        main_person = dict(
            CasePerson.objects.filter(
                case_id__in=first_referral, role=PersonRole.HOOFDPERSOON
            ).values_list("case_id", "person_id")
        )
        nazorg_table_id = g.tables["nazorg"].pk
        detainees: list[_Detainee] = []
        for number, (case_id, referral) in enumerate(sorted(first_referral.items()), start=1):
            case = referral.case
            if case_id not in main_person:
                continue
            received = referral.received_on
            if case.state in INTAKE_STATES:
                status = NoticeStatus.OPEN
                shape = RUNNING_SHAPES[number % len(RUNNING_SHAPES)]
                # Every fourth running detainee comes out within two weeks.
                release = self.today + datetime.timedelta(
                    days=rng.randint(2, 13) if number % 4 == 0 else rng.randint(20, 120)
                )
            elif case.state == CaseState.NIET_IN_BEHANDELING:
                status, shape = NoticeStatus.GEEN_NAZORG, "op_orde"
                release = received + datetime.timedelta(days=rng.randint(30, 90))
            else:
                status, shape = NoticeStatus.NAZORGTAFEL, "problemen"
                release = received + datetime.timedelta(days=rng.randint(30, 120))
            # A case on another table than Nazorg does not happen for a detentiemelding.
            assert case.table_id in (None, nazorg_table_id)
            detainees.append(
                _Detainee(
                    case_id=case_id,
                    person_id=main_person[case_id],
                    municipality_id=case.municipality_id,
                    received=received,
                    release=release,
                    status=status,
                    shape=shape,
                    reference=f"PI-DOR-{received.year}-{number:04d}",
                )
            )
        return detainees

    def _region_detainees(self, count: int) -> list[_Detainee]:
        """The region's other detainees of the past year and the months ahead (and of
        the earlier years of a region that has them), each with
        the intake case its detentiemelding opened: released ones closed without a nazorg
        case, the ones still inside with their quickscan running. The first ten come from
        each municipality in turn, so none is without outflow; the rest as people live."""
        g, rng = self.g, self.rng
        pi_org, pi_user = g.orgs[INSTITUTION], g.org_user[INSTITUTION]
        regisseurs = g.table_regisseurs["nazorg"]
        domain_ids = [g.life_domains[c].pk for c in texts.LIFE_DOMAINS["nazorg"]]
        persons = SimpleNamespace(persons=[])
        plans: list[dict] = []
        for number in range(count):
            household = g._household()
            if number < len(g.municipality_specs):
                municipality, spec = g.municipality_specs[number]
                city, postal_areas = spec.towns[0]
                household = replace(
                    household,
                    municipality=municipality,
                    spec=spec,
                    city=city,
                    postal_code=f"{postal_areas[0]}{household.postal_code[4:]}",
                )
            person = g._person(
                household=household, age=(18, 62), migrant=rng.random() < 0.3, rows=persons
            )
            earlier_year = g.recent_share < 1 and rng.random() >= g.recent_share
            if earlier_year or rng.random() < RELEASED_SHARE:
                # Released in the past year, or in an earlier one (see CASES_PER_YEAR).
                release = self.today - datetime.timedelta(
                    days=rng.randint(366, g.history_days) if earlier_year else rng.randint(1, 365)
                )
                received = release - datetime.timedelta(days=rng.randint(30, 150))
                status, shape = NoticeStatus.GEEN_NAZORG, "op_orde"
                path = [
                    (CaseState.AANGEMELD, received),
                    (CaseState.IN_TRIAGE, received + datetime.timedelta(days=rng.randint(3, 10))),
                ]
                path.append(
                    (
                        CaseState.NIET_IN_BEHANDELING,
                        path[-1][1] + datetime.timedelta(days=rng.randint(1, 14)),
                    )
                )
            else:
                received = self.today - datetime.timedelta(days=rng.randint(0, 40))
                soon = rng.random() < SOON_SHARE
                release = self.today + datetime.timedelta(
                    days=rng.randint(2, 13) if soon else rng.randint(15, 150)
                )
                status = NoticeStatus.OPEN
                shape = rng.choice(RUNNING_SHAPES)
                path = [(CaseState.AANGEMELD, received)]
            plans.append(
                {
                    "person": person,
                    "municipality": household.municipality,
                    "received": received,
                    "release": release,
                    "status": status,
                    "shape": shape,
                    "path": path,
                    "regisseur": rng.choice(regisseurs),
                }
            )
        insert_objects(Person, persons.persons)
        at = {
            id(plan): [g.midnight_of(day) + datetime.timedelta(hours=9) for _s, day in plan["path"]]
            for plan in plans
        }
        cases = [
            new_object(
                Case,
                region_id=g.region.pk,
                municipality_id=plan["municipality"].pk,
                kind=CaseKind.PERSOON,
                title=rng.choice(texts.TITLES["nazorg"]),
                state=plan["path"][-1][0],
                procesregisseur_id=plan["regisseur"].pk if len(plan["path"]) > 1 else None,
                created_at=at[id(plan)][0],
                state_changed_at=at[id(plan)][-1],
            )
            for plan in plans
        ]
        insert_objects(Case, cases)
        referrals = [
            new_object(
                Referral,
                case_id=case.pk,
                source=ReferralSource.DETENTIEMELDING,
                reporting_organisation_id=pi_org.pk,
                reported_by_id=pi_user.pk,
                reporter_contact=f"{pi_user.get_full_name()}, {pi_user.email}",
                received_on=plan["received"],
                description=rng.choice(texts.DESCRIPTIONS["nazorg"]),
                urgency=Urgency.NORMAAL,
                question=texts.QUESTIONS["nazorg"],
                created_at=case.created_at,
            )
            for case, plan in zip(cases, plans, strict=True)
        ]
        insert_objects(Referral, referrals)
        insert_rows(
            Referral.life_domains.through,
            ("referral", "lifedomain"),
            [
                (referral.pk, domain_id)
                for referral in referrals
                for domain_id in sorted(rng.sample(domain_ids, 2))
            ],
        )
        insert_rows(
            CasePerson,
            ("case", "person", "role"),
            [
                (case.pk, plan["person"].pk, PersonRole.HOOFDPERSOON)
                for case, plan in zip(cases, plans, strict=True)
            ],
        )
        insert_rows(
            CaseParticipant,
            ("case", "organisation", "reason", "since", "visible_from"),
            [
                (case.pk, pi_org.pk, ParticipationReason.MELDER, case.created_at, None)
                for case in cases
            ],
        )
        transitions = []
        for case, plan in zip(cases, plans, strict=True):
            previous = ""
            for (state, _day), moment in zip(plan["path"], at[id(plan)], strict=True):
                by = pi_user if not previous else plan["regisseur"]
                transitions.append((case.pk, previous, state, by.pk, REASONS[state], moment))
                previous = state
        insert_rows(
            CaseTransition, ("case", "from_state", "to_state", "by", "reason", "at"), transitions
        )
        insert_rows(AccessLogEntry, LOG_FIELDS, self._log_rows(cases, plans, at))
        insert_objects(
            TriageDecision,
            [
                new_object(
                    TriageDecision,
                    case_id=case.pk,
                    meets_multiple_domains=False,
                    needs_multiple_chains=False,
                    impacts_system=False,
                    complexity=Rating.LAAG,
                    risk=Rating.LAAG,
                    unrest=Rating.LAAG,
                    outcome=TriageOutcome.NIET_IN_BEHANDELING,
                    reason=NO_AFTERCARE_REASON,
                    decided_by_id=plan["regisseur"].pk,
                    decided_at=at[id(plan)][-1],
                )
                for case, plan in zip(cases, plans, strict=True)
                if plan["status"] == NoticeStatus.GEEN_NAZORG
            ],
        )
        return [
            _Detainee(
                case_id=case.pk,
                person_id=plan["person"].pk,
                municipality_id=plan["municipality"].pk,
                received=plan["received"],
                release=plan["release"],
                status=plan["status"],
                shape=plan["shape"],
                reference=f"PI-ZHZ-{plan['received'].year}-{number:06d}",
            )
            for number, (case, plan) in enumerate(zip(cases, plans, strict=True), start=1)
        ]

    def _log_rows(self, cases: list[Case], plans: list[dict], at: dict) -> list[tuple]:
        """The access log of the detainees' cases: the institution registering the
        melding, and the procesregisseur who took it to triage."""
        g, rng = self.g, self.rng
        pi_user = g.org_user[INSTITUTION]
        rows = []
        for case, plan in zip(cases, plans, strict=True):
            person_id = plan["person"].pk
            entries = [(pi_user, AccessAction.CREATE, at[id(plan)][0], "Melding registreren")]
            if len(at[id(plan)]) > 1:
                entries.append(
                    (plan["regisseur"], AccessAction.READ, at[id(plan)][1], "Procesregie")
                )
            for user, action, moment, purpose in entries:
                organisation = user.organisation
                rows.append(
                    (
                        moment,
                        user.pk,
                        organisation.pk,
                        organisation.name,
                        action,
                        case.pk,
                        case.pk,
                        person_id,
                        person_id,
                        "Case",
                        str(case.pk),
                        purpose,
                        f"10.20.{organisation.pk % 250}.{rng.randint(1, 254)}",
                    )
                )
        return rows

    def _write_notices(self, detainees: list[_Detainee]) -> None:
        g, rng = self.g, self.rng
        officers = [g.users[name] for name in OFFICERS]
        registered_by = g.users[REGISTERED_BY]
        notices = [
            DetentionNotice(
                region_id=g.region.pk,
                case_id=detainee.case_id,
                person_id=detainee.person_id,
                institution=g.orgs[INSTITUTION],
                detention_started_on=detainee.received
                - datetime.timedelta(days=rng.randint(60, 700)),
                expected_release_on=detainee.release,
                return_municipality_id=detainee.municipality_id,
                source_reference=detainee.reference,
                reintegration_officer=rng.choice(officers) if rng.random() < 0.8 else None,
                status=detainee.status,
                registered_by=registered_by,
            )
            for detainee in detainees
        ]
        shapes = [detainee.shape for detainee in detainees]
        insert_objects(DetentionNotice, notices)
        quickscans = [
            self._quickscan(notice, shape) for notice, shape in zip(notices, shapes, strict=True)
        ]
        insert_objects(Quickscan, quickscans)
        insert_rows(
            QuickscanCondition,
            ("quickscan", "condition", "status", "note"),
            [
                (quickscan.pk, code, status, note)
                for quickscan, shape in zip(quickscans, shapes, strict=True)
                for code, (status, note) in self._conditions(shape).items()
            ],
        )
        events = []
        for notice in notices:
            events.append(
                NoticeEvent(
                    notice=notice, actor=registered_by, description="Detentiemelding geregistreerd"
                )
            )
            if rng.random() < 0.2:
                old = notice.expected_release_on - datetime.timedelta(days=rng.randint(7, 42))
                events.append(
                    NoticeEvent(
                        notice=notice,
                        actor=registered_by,
                        description="Verwachte invrijheidstelling verplaatst",
                        old_release_on=old,
                        new_release_on=notice.expected_release_on,
                        reason="Bericht van de inrichting: de einddatum is herberekend.",
                    )
                )
        insert_objects(NoticeEvent, events)

    def _quickscan(self, notice: DetentionNotice, shape: str) -> Quickscan:
        rng = self.rng
        worried = shape == "problemen" and rng.random() < 0.6
        return Quickscan(
            notice=notice,
            already_known=rng.choice(ALREADY_KNOWN) if shape != "niet_begonnen" else "onbekend",
            concerns=rng.choice(CONCERNS) if worried else "",
            to_be_discussed=shape == "problemen",
            version=0 if shape == "niet_begonnen" else 1,
        )

    def _conditions(self, shape: str) -> dict[str, tuple[str, str]]:
        rng = self.rng
        codes = Condition.values
        if shape == "niet_begonnen":
            return {code: (ConditionStatus.ONBEKEND, "") for code in codes}
        if shape == "op_orde":
            return {code: (ConditionStatus.OP_ORDE, "") for code in codes}
        if shape == "half":
            return {
                code: (ConditionStatus.OP_ORDE, "") if index % 2 else (ConditionStatus.ONBEKEND, "")
                for index, code in enumerate(codes)
            }
        problems = set(rng.sample(codes, rng.randint(2, 4)))
        return {
            code: (ConditionStatus.NIET_OP_ORDE, "Nog te regelen vóór ontslag.")
            if code in problems
            else (
                rng.choice(
                    (ConditionStatus.OP_ORDE, ConditionStatus.OP_ORDE, ConditionStatus.ONBEKEND)
                ),
                "",
            )
            for code in codes
        }

    # -- police incidents -------------------------------------------------------------

    def _incidents(self, *, control_size: int) -> None:
        g, rng = self.g, self.rng
        starts = dict(
            Case.objects.filter(region_id=g.region.pk, state__in=PLAN_STATES).values_list(
                "pk", "created_at"
            )
        )
        # In a fixed order: the random draws below follow it, so a run is repeatable.
        discussed = (
            CasePerson.objects.filter(case_id__in=starts, role=PersonRole.HOOFDPERSOON)
            .order_by("case_id", "person_id")
            .values_list("person_id", "case_id")
        )
        rows: list[tuple] = []
        for person_id, case_id in discussed:
            start = starts[case_id].date()
            # Before the case: a handful; after it, fewer on average (the plan works, mostly).
            rows += self._series(
                person_id, start, before=rng.randint(2, 7), after=rng.randint(0, 4)
            )
        control = SimpleNamespace(persons=[])
        for number in range(control_size):
            g._person(
                household=g._household(),
                age=CONTROL_AGES[number % len(CONTROL_AGES)],
                migrant=rng.random() < 0.3,
                rows=control,
            )
        insert_objects(Person, control.persons)
        kinds = INCIDENT_KINDS
        for person in control.persons:
            # Never discussed: about the same rate on either side of their first incident
            # of a year (the analysis' reference for the control group), so the earlier
            # ones fall in the year before.
            first = self.today - datetime.timedelta(days=rng.randint(30, 330))
            new_year = datetime.date(first.year, 1, 1)
            earliest = first - datetime.timedelta(days=WINDOW_DAYS - 1)
            rows.append((person.pk, first, rng.choice(kinds)))
            if earliest < new_year:
                span = (new_year - earliest).days
                rows += [
                    (
                        person.pk,
                        earliest + datetime.timedelta(days=rng.randint(0, span - 1)),
                        rng.choice(kinds),
                    )
                    for _ in range(rng.randint(1, 5))
                ]
            days_after = min(WINDOW_DAYS - 1, (self.today - first).days)
            rows += [
                (
                    person.pk,
                    first + datetime.timedelta(days=rng.randint(1, days_after)),
                    rng.choice(kinds),
                )
                for _ in range(rng.randint(1, 5))
            ]
        registered_by = g.informatiemakelaar
        insert_rows(
            PoliceIncident,
            (
                "region",
                "person",
                "occurred_on",
                "kind",
                "source_reference",
                "registered_by",
                "registered_at",
            ),
            [
                (
                    g.region.pk,
                    person_id,
                    day,
                    kind,
                    f"PL1700-{day.year}-{number:06d}",
                    registered_by.pk,
                    g.midnight,
                )
                for number, (person_id, day, kind) in enumerate(rows, start=1)
            ],
        )

    def _series(
        self, person_id: int, pivot: datetime.date, *, before: int, after: int
    ) -> list[tuple]:
        rng = self.rng
        kinds = INCIDENT_KINDS
        days_after = max(1, min(WINDOW_DAYS, (self.today - pivot).days))
        found = [
            (
                person_id,
                pivot - datetime.timedelta(days=rng.randint(1, WINDOW_DAYS)),
                rng.choice(kinds),
            )
            for _ in range(before)
        ]
        found += [
            (
                person_id,
                pivot + datetime.timedelta(days=rng.randint(0, days_after - 1)),
                rng.choice(kinds),
            )
            for _ in range(after)
        ]
        return found
