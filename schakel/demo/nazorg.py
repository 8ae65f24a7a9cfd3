"""The demo's nazorg en re-integratie and police incidents, on top of the generated cases.

Every case the generator opened with a detentiemelding gets its notice and quickscan,
in a state that matches the case: in intake the quickscan runs (not started, half done,
all in order, or showing problems); on the Nazorg table it showed problems; not taken on,
everything was in order. Some detainees are released within two weeks, so the worklist
warns. Police incidents are made for the main persons of cases with a plan, before and
after the case's start (instroom), and for a control group of fictional persons with
incidents who were never discussed, so the rendementsanalyse has something to compare.
Everything is written in bulk, like the rest of the generator.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import TYPE_CHECKING

from schakel.cases.lifecycle import INTAKE_STATES, PLAN_STATES, CaseState
from schakel.cases.models import Case, CasePerson, PersonRole
from schakel.demo.rows import insert_rows
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
from schakel.referrals.models import Referral, ReferralSource

if TYPE_CHECKING:
    from schakel.demo.generator import _Generator

# The demo's re-integratieofficieren (reference.USERS) and the region's institution.
OFFICERS = ("rio", "rio-drechtsteden")
INSTITUTION = "pi"
REGISTERED_BY = "regisseur-jeugd"
# Incidents of the rendementsanalyse: a year before and after the case's start.
WINDOW_DAYS = 365
CONTROL_GROUP = 40
# The quickscans still running in intake, in turn.
RUNNING_SHAPES = ("niet_begonnen", "half", "op_orde", "problemen")
CONCERNS = (
    "Dreigt terug te vallen in het oude netwerk.",
    "Zorgen over middelengebruik na ontslag.",
    "Partner wil geen contact; geen opvangadres.",
)


class NazorgBuilder:
    def __init__(self, generator: _Generator):
        self.g = generator
        self.rng = generator.rng
        self.today = generator.today

    def build(self) -> None:
        self._notices()
        self._incidents()

    # -- detentiemeldingen ------------------------------------------------------------

    def _notices(self) -> None:
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
        officers = [g.users[name] for name in OFFICERS]
        registered_by = g.users[REGISTERED_BY]
        nazorg_table_id = g.tables["nazorg"].pk
        notices: list[DetentionNotice] = []
        shapes: list[str] = []
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
            notices.append(
                DetentionNotice(
                    region_id=g.region.pk,
                    case_id=case_id,
                    person_id=main_person[case_id],
                    institution=g.orgs[INSTITUTION],
                    detention_started_on=received - datetime.timedelta(days=rng.randint(60, 700)),
                    expected_release_on=release,
                    return_municipality_id=case.municipality_id,
                    source_reference=f"PI-DOR-{received.year}-{number:04d}",
                    reintegration_officer=rng.choice(officers) if rng.random() < 0.8 else None,
                    status=status,
                    registered_by=registered_by,
                )
            )
            shapes.append(shape)
            # A case on another table than Nazorg does not happen for a detentiemelding.
            assert case.table_id in (None, nazorg_table_id)
        DetentionNotice.objects.bulk_create(notices)
        quickscans = Quickscan.objects.bulk_create(
            [self._quickscan(notice, shape) for notice, shape in zip(notices, shapes, strict=True)]
        )
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
        NoticeEvent.objects.bulk_create(events)

    def _quickscan(self, notice: DetentionNotice, shape: str) -> Quickscan:
        rng = self.rng
        worried = shape == "problemen" and rng.random() < 0.6
        return Quickscan(
            notice=notice,
            already_known=rng.choice(YesNoUnknown.values)
            if shape != "niet_begonnen"
            else "onbekend",
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

    def _incidents(self) -> None:
        g, rng = self.g, self.rng
        starts = dict(
            Case.objects.filter(region_id=g.region.pk, state__in=PLAN_STATES).values_list(
                "pk", "created_at"
            )
        )
        discussed = CasePerson.objects.filter(
            case_id__in=starts, role=PersonRole.HOOFDPERSOON
        ).values_list("person_id", "case_id")
        rows: list[tuple] = []
        for person_id, case_id in discussed:
            start = starts[case_id].date()
            # Before the case: a handful; after it, fewer on average (the plan works, mostly).
            rows += self._series(
                person_id, start, before=rng.randint(2, 7), after=rng.randint(0, 4)
            )
        control = SimpleNamespace(persons=[])
        for _ in range(CONTROL_GROUP):
            g._person(
                household=g._household(),
                age=(16, 55),
                migrant=rng.random() < 0.3,
                rows=control,
            )
        Person.objects.bulk_create(control.persons)
        for person in control.persons:
            # Never discussed: the same rate on either side of an arbitrary date.
            pivot = self.today - datetime.timedelta(days=rng.randint(60, 300))
            rows += self._series(
                person.pk, pivot, before=rng.randint(2, 6), after=rng.randint(2, 6)
            )
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
        kinds = IncidentKind.values
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
