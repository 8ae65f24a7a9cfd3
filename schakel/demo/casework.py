"""The demo's work at the regietafels: meetings, agendas, plans, follow-up and closing.

Runs per chunk of cases, after the intake rows exist, and writes with the models
directly (bulk where the primary key is needed back, plain rows otherwise). Only the
cases of the first CASEWORK_CASES get this detail, so a run of a hundred thousand cases
stays as fast as before; at the default size every case on a table gets it.

Dates follow the tables' schedules: a case goes in uitvoering at the sitting where its
first plan version is agreed, evaluations happen at later sittings, and the sittings of
the last eight and the next four weeks all exist.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import formats

from schakel.cases import lifecycle
from schakel.cases.lifecycle import CaseState
from schakel.closure.models import CaseEvaluation, Closure, DeEscalation, Outcome
from schakel.demo import names, texts
from schakel.demo.reference import TABLE_LOCATION, TABLES, TableSpec
from schakel.demo.rows import insert_rows
from schakel.followup.models import (
    Action,
    ActionStatus,
    Escalation,
    EscalationLevel,
    EscalationStatus,
    GoalScore,
    ProgressMeasurement,
)
from schakel.meetings.models import (
    AgendaItem,
    AgendaSource,
    Attendance,
    AttendanceMode,
    Meeting,
    MeetingStatus,
)
from schakel.notifications.models import Notification
from schakel.plans.models import (
    DomainAnalysis,
    DomainStatus,
    Goal,
    Intervention,
    InterventionStatus,
    InterventionUpdate,
    Plan,
    PlanVersion,
)
from schakel.plans.snapshot import plan_snapshot
from schakel.tables.models import DAY_PART_HOURS, Frequency

if TYPE_CHECKING:
    from schakel.demo.generator import _CasePlan, _Generator

S = CaseState
CASEWORK_CASES = 1000
PAST_WEEKS = 8
FUTURE_WEEKS = 4
PREPARATION = datetime.timedelta(hours=20)  # from the weegoverleg to the first sitting
PLAN_STATES = frozenset({S.IN_UITVOERING, S.AFGESCHAALD, S.AFGESLOTEN})
DAY = datetime.timedelta(days=1)


class TableSchedule:
    """The sittings of one table: its weekday, and for a two-weekly table its anchor week."""

    def __init__(self, *, spec: TableSpec, anchor: datetime.date, zone):
        self.spec = spec
        self.anchor = anchor
        self.zone = zone
        self.cancelled: set[datetime.date] = set()
        self.moved: dict[datetime.date, tuple[int, int]] = {}

    def is_sitting(self, day: datetime.date) -> bool:
        if day.weekday() != self.spec.weekday:
            return False
        return self.spec.frequency == Frequency.WEEKLY or (day - self.anchor).days % 14 == 0

    def hours(self, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
        start, end = self.moved.get(day, DAY_PART_HOURS[self.spec.day_part])
        midnight = datetime.datetime.combine(day, datetime.time(), tzinfo=self.zone)
        return midnight + datetime.timedelta(hours=start), midnight + datetime.timedelta(hours=end)

    def first_from(self, moment: datetime.datetime) -> datetime.date:
        """The first held-or-planned sitting that starts at or after the moment."""
        day = moment.astimezone(self.zone).date()
        while True:
            if self.is_sitting(day) and day not in self.cancelled and self.hours(day)[0] >= moment:
                return day
            day += DAY

    def last_ending_before(self, moment: datetime.datetime) -> datetime.date:
        day = moment.astimezone(self.zone).date()
        while True:
            if self.is_sitting(day) and day not in self.cancelled and self.hours(day)[1] < moment:
                return day
            day -= DAY

    def sittings(self, start: datetime.date, stop: datetime.date) -> list[datetime.date]:
        days = (start + DAY * n for n in range((stop - start).days))
        return [d for d in days if self.is_sitting(d)]


@dataclass
class _Agreement:
    """One agreed version of a plan: at which sitting and why."""

    number: int
    day: datetime.date
    kind: str  # agreed / reagreed / evaluation
    agreed_at: datetime.datetime


@dataclass
class _Episode:
    plan: _CasePlan
    agreements: list[_Agreement] = field(default_factory=list)
    items: list[tuple[datetime.date, str, str, int | None]] = field(default_factory=list)
    holders: set[str] = field(default_factory=set)
    db_plan: Plan | None = None
    goals: list[Goal] = field(default_factory=list)
    interventions: list[Intervention] = field(default_factory=list)
    analyses: dict[str, DomainAnalysis] = field(default_factory=dict)
    agenda: list[AgendaItem] = field(default_factory=list)


class Casework:
    def __init__(self, generator: _Generator):
        self.g = generator
        self.rng = generator.rng
        self.zone = generator.zone
        self.today = generator.today
        self.midnight = generator.midnight
        self.specs = {spec.key: spec for spec in TABLES}
        self.schedules: dict[str, TableSchedule] = {}
        self.meetings: dict[tuple[str, datetime.date], Meeting] = {}
        self.item_counts: dict[int, int] = defaultdict(int)
        self.examples: list[tuple[str, int, str]] = []  # (key, case pk, title)
        self.overdue_by_org: dict[str, list[tuple[Action, datetime.datetime]]] = defaultdict(list)
        self.invitations: list[tuple[str, AgendaItem, Meeting]] = []
        self.case_table: dict[int, str] = {}

    # -- schedules and meetings --------------------------------------------------------

    def build_schedules(self) -> None:
        """Set each table's schedule and make every sitting of the last 8 and next 4 weeks."""
        year_back = self.today - datetime.timedelta(days=364)
        for spec in TABLES:
            table = self.g.tables[spec.key]
            first = year_back + DAY * ((spec.weekday - year_back.weekday()) % 7)
            anchor = first + datetime.timedelta(weeks=spec.anchor_offset_weeks)
            table.frequency = spec.frequency
            table.weekday = spec.weekday
            table.day_part = spec.day_part
            table.schedule_anchor = anchor if spec.frequency == Frequency.BIWEEKLY else None
            table.location = TABLE_LOCATION
            table.information_window_hours = spec.information_window_hours
            table.save()
            self.schedules[spec.key] = TableSchedule(spec=spec, anchor=anchor, zone=self.zone)

        start = self.today - datetime.timedelta(weeks=PAST_WEEKS)
        stop = self.today + datetime.timedelta(weeks=FUTURE_WEEKS)
        # One past sitting was cancelled (a holiday), one coming sitting moved by hand.
        hg = self.schedules["huiselijk-geweld"]
        hg.cancelled.add(hg.sittings(start, self.today)[3])
        volwassenen = self.schedules["volwassenen"]
        volwassenen.moved[volwassenen.sittings(self.today + DAY, stop)[0]] = (13, 16)
        for key, schedule in self.schedules.items():
            for day in schedule.sittings(start, stop):
                self.meeting(key, day)

    def meeting(self, table_key: str, day: datetime.date) -> Meeting:
        found = self.meetings.get((table_key, day))
        if found is not None:
            return found
        schedule = self.schedules[table_key]
        starts_at, ends_at = schedule.hours(day)
        if day in schedule.cancelled:
            status = MeetingStatus.CANCELLED
        elif day < self.today:
            status = MeetingStatus.HELD
        else:
            status = MeetingStatus.PLANNED
        meeting = Meeting.objects.create(
            table=self.g.tables[table_key],
            starts_at=starts_at,
            ends_at=ends_at,
            location=TABLE_LOCATION,
            status=status,
            from_schedule=True,
            scheduled_for=day,
            created_at=min(starts_at, self.midnight) - datetime.timedelta(days=21),
        )
        self.meetings[(table_key, day)] = meeting
        return meeting

    def opens_at(self, table_key: str, day: datetime.date) -> datetime.datetime:
        """From here an invited organisation sees the case (the table's information window)."""
        starts_at, _ends = self.schedules[table_key].hours(day)
        return starts_at - datetime.timedelta(hours=self.specs[table_key].information_window_hours)

    def first_sitting_after_triage(self, table_key: str, agendered_at: datetime.datetime):
        return self.schedules[table_key].first_from(agendered_at + PREPARATION)

    # -- aligning a case's history with the sittings -----------------------------------

    def align(self, plan: _CasePlan) -> None:
        """Move each step into uitvoering to just after a sitting of the case's table.

        Where the sitting falls after the next step, the steps before are moved back, so
        the history keeps its order.
        """
        schedule = self.schedules[plan.table_key]
        path, times = plan.path, plan.times
        for i, state in enumerate(path):
            if state != S.IN_UITVOERING:
                continue
            limit = times[i + 1] if i + 1 < len(times) else self.midnight
            day = schedule.first_from(times[i - 1] + PREPARATION)
            if schedule.hours(day)[1] + datetime.timedelta(hours=2) >= limit:
                day = schedule.last_ending_before(limit - datetime.timedelta(hours=2))
                latest = schedule.hours(day)[0] - datetime.timedelta(
                    hours=self.rng.uniform(24, 24 * 5)
                )
                times[i - 1] = min(times[i - 1], latest)
                for j in range(i - 2, -1, -1):
                    if times[j] >= times[j + 1]:
                        times[j] = times[j + 1] - datetime.timedelta(hours=self.rng.uniform(12, 72))
            times[i] = schedule.hours(day)[1] + datetime.timedelta(
                minutes=self.rng.randint(15, 110)
            )
            kind = "agreed" if path[i - 1] == S.GEAGENDEERD else "reagreed"
            plan.agreements.append((i, day, kind))

    # -- the chunk -----------------------------------------------------------------------

    def build(self, plans: list[_CasePlan]) -> None:
        episodes = [self._episode(plan) for plan in plans]
        for plan in plans:
            self.case_table[plan.case.pk] = plan.table_key
        with_plan = [e for e in episodes if e.agreements]
        drafts = [
            e
            for e in episodes
            if e.plan.case.state == S.GEAGENDEERD and (e.plan.seed or self.rng.random() < 0.6)
        ]
        self._plans(with_plan, drafts)
        # Every other case that was put on a table got its (still empty) plan then, as
        # triage does (triage.services.decide_triage).
        started = {e.plan.case.pk for e in with_plan + drafts}
        Plan.objects.bulk_create(
            [
                Plan(case_id=e.plan.case.pk)
                for e in episodes
                if e.plan.case.state in lifecycle.PLAN_STATES and e.plan.case.pk not in started
            ],
            batch_size=2000,
        )
        self._agenda(episodes)
        self._minutes_and_actions(episodes)
        self._measurements([e for e in episodes if e.agreements])
        self._escalations(episodes)
        self._closing(episodes)
        for episode in episodes:
            if episode.plan.seed is not None:
                self.examples.append(
                    (episode.plan.seed.key, episode.plan.case.pk, episode.plan.case.title)
                )

    def _episode(self, plan: _CasePlan) -> _Episode:
        episode = _Episode(plan=plan)
        schedule = self.schedules[plan.table_key]
        times = plan.times
        number = 0
        for index, day, kind in plan.agreements:
            number += 1
            ends_at = schedule.hours(day)[1]
            episode.agreements.append(
                _Agreement(number, day, kind, ends_at + datetime.timedelta(minutes=10))
            )
            source = AgendaSource.TRIAGE if kind == "agreed" else AgendaSource.MANUAL
            episode.items.append((day, source, kind, number))
            # Evaluations at later sittings within this period in uitvoering.
            end = times[index + 1] if index + 1 < len(times) else self.midnight
            for eval_day in self._evaluation_days(plan, day, end):
                number += 1
                eval_end = schedule.hours(eval_day)[1]
                episode.agreements.append(
                    _Agreement(
                        number, eval_day, "evaluation", eval_end + datetime.timedelta(minutes=10)
                    )
                )
                episode.items.append((eval_day, AgendaSource.EVALUATION, "evaluation", number))
        if plan.case.state == S.GEAGENDEERD:
            first = self.first_sitting_after_triage(plan.table_key, times[-1])
            if first < self.today:
                episode.items.append((first, AgendaSource.TRIAGE, "concept", None))
                upcoming = schedule.first_from(self.midnight)
                episode.items.append((upcoming, AgendaSource.MANUAL, "upcoming", None))
            else:
                episode.items.append((first, AgendaSource.TRIAGE, "upcoming", None))
        return episode

    def _evaluation_days(self, plan: _CasePlan, agreed: datetime.date, end: datetime.datetime):
        schedule = self.schedules[plan.table_key]
        if plan.seed is not None:
            days = []
            for days_ago in plan.seed.evaluation_versions_days_ago:
                moment = self.midnight - datetime.timedelta(days=days_ago)
                day = schedule.first_from(moment)
                if day > agreed and schedule.hours(day)[1] < end:
                    days.append(day)
            return days
        candidates = [
            d
            for d in schedule.sittings(agreed + datetime.timedelta(days=35), end.date() + DAY)
            if d not in schedule.cancelled and schedule.hours(d)[1] < end
        ]
        if not candidates:
            return []
        wanted = self.rng.choice((0, 1, 1, 2)) if len(candidates) > 3 else self.rng.choice((0, 1))
        wanted = min(wanted, len(candidates))
        if wanted == 0:
            return []
        step = len(candidates) / wanted
        return [candidates[min(len(candidates) - 1, int(step * (k + 0.5)))] for k in range(wanted)]

    # -- agenda items and invitations ----------------------------------------------------

    def _agenda(self, episodes: list[_Episode]) -> None:
        items: list[AgendaItem] = []
        owners: list[tuple[_Episode, AgendaItem, Meeting, str, set[str]]] = []
        for episode in episodes:
            plan = episode.plan
            triage = plan.triage
            fixed = set(self.g.table_fixed[plan.table_key])
            seen: set[datetime.date] = set()
            minutes = 0
            for day, source, kind, _number in sorted(episode.items, key=lambda i: i[0]):
                if day in seen:
                    continue
                seen.add(day)
                meeting = self.meeting(plan.table_key, day)
                # The table's standing members are ticked by default, like the partners
                # triage named; only the ticked ones read the case.
                invited = fixed | set(plan.triage_required) | set(plan.triage_invited)
                if plan.seed is not None:
                    invited |= set(plan.seed.invitees)
                    if kind != "agreed":
                        invited |= {i.organisation for i in plan.seed.interventions}
                elif kind in ("evaluation", "reagreed", "due"):
                    invited |= episode.holders
                elif self.rng.random() < 0.35:
                    invited.add(self.rng.choice(self.g.case_partners[plan.table_key]))
                invited = {key for key in invited if self.g.orgs[key].has_signed_convenant}
                if kind in ("upcoming", "concept", "agreed"):
                    purpose, questions = triage.purpose, triage.questions
                elif kind == "reagreed":
                    purpose = "Her-melding door de casusregisseur: opnieuw een gezamenlijk doel."
                    questions = "Wat is er veranderd sinds de afschaling?"
                elif kind == "due":
                    purpose = "Evaluatie van het plan van aanpak: de evaluatiedatum is bereikt."
                    questions = "Worden de subdoelen gehaald? Is afschalen aan de orde?"
                else:
                    purpose = "Evaluatie van het plan van aanpak en zo nodig bijstellen."
                    questions = "Worden de subdoelen gehaald? Lopen alle interventies?"
                self.item_counts[meeting.pk] += 1
                item = AgendaItem(
                    meeting_id=meeting.pk,
                    case_id=plan.case.pk,
                    position=self.item_counts[meeting.pk],
                    source=source,
                    triage_id=triage.pk if source == AgendaSource.TRIAGE else None,
                    purpose=purpose,
                    questions=questions,
                )
                item.demo_kind = kind
                item.demo_day = day
                if day < self.today and kind not in ("upcoming", "due"):
                    minutes += 1
                    self._minute(episode, item, meeting, minutes)
                items.append(item)
                owners.append((episode, item, meeting, kind, invited))
                for key in sorted(invited):
                    plan.take_part(
                        key,
                        "uitgenodigd",
                        since=min(meeting.starts_at - datetime.timedelta(days=7), self.midnight),
                        visible_from=self.opens_at(plan.table_key, day),
                    )
        AgendaItem.objects.bulk_create(items, batch_size=2000)
        insert_rows(
            AgendaItem.invited_organisations.through,
            ("agendaitem", "organisation"),
            [
                (item.pk, self.g.orgs[key].pk)
                for _e, item, _m, _k, invited in owners
                for key in sorted(invited)
            ],
        )
        attendance = []
        for episode, item, meeting, _kind, invited in owners:
            item.demo_invited = invited
            episode.agenda.append(item)
            fixed = set(self.g.table_fixed[episode.plan.table_key])
            if meeting.status != MeetingStatus.HELD:
                for key in sorted(invited - fixed):
                    self.invitations.append((key, item, meeting))
                continue
            for key in sorted(invited - fixed):
                mode = AttendanceMode.REMOTE if self.rng.random() < 0.3 else AttendanceMode.PRESENT
                user = self.g.org_user.get(key)
                attendance.append(
                    (meeting.pk, self.g.orgs[key].pk, user.pk if user else None, "", mode, item.pk)
                )
            remote = episode.plan.seed.remote_attendee if episode.plan.seed else ""
            if episode.plan.table_key == "nazorg" or remote:
                # The detainee joins from the penitentiary institution by video.
                attendance.append(
                    (
                        meeting.pk,
                        self.g.orgs["pi"].pk,
                        None,
                        texts.DETAINEE_ATTENDANCE,
                        AttendanceMode.REMOTE,
                        item.pk,
                    )
                )
        insert_rows(
            Attendance, ("meeting", "organisation", "user", "name", "mode", "item"), attendance
        )

    def _minute(self, episode: _Episode, item: AgendaItem, meeting: Meeting, nth: int) -> None:
        """BOB minutes of a discussed item; the nth discussion of the case at the table."""
        rng = self.rng
        plan = episode.plan
        kind = item.demo_kind
        regie = str(episode.db_plan.casusregisseur_organisation) if episode.db_plan else ""
        if plan.seed is not None:
            item.beeldvorming = plan.seed.beeldvorming[min(nth, len(plan.seed.beeldvorming)) - 1]
        else:
            item.beeldvorming = rng.choice(texts.BEELDVORMING[plan.table_key])
        item.oordeelvorming = rng.choice(texts.OORDEELVORMING)
        number = next((a.number for a in episode.agreements if a.day == item.demo_day), None)
        item.besluitvorming = texts.DECISIONS[kind].format(version=number, regie=regie)
        item.minuted_by_id = plan.regisseur.pk
        item.minuted_at = meeting.ends_at + datetime.timedelta(minutes=rng.randint(5, 90))

    # -- plans ---------------------------------------------------------------------------

    def _plans(self, episodes: list[_Episode], drafts: list[_Episode]) -> None:
        rng = self.rng
        domains = self.g.life_domains
        plans = []
        for episode in episodes + drafts:
            plan = episode.plan
            seed = plan.seed
            key = plan.table_key
            regie = seed.casusregisseur if seed else rng.choice(texts.CASUSREGISSEURS[key])
            draft = not episode.agreements
            db_plan = Plan(
                case_id=plan.case.pk,
                revision=rng.randint(1, 4),
                main_goal=seed.main_goals[0] if seed else rng.choice(texts.MAIN_GOALS[key]),
                casusregisseur_organisation=self.g.orgs[regie],
                casusregisseur_name=seed.casusregisseur_name if seed else self._contact_name(),
                non_compliance="" if draft and rng.random() < 0.5 else texts.NON_COMPLIANCE[key],
                monitoring="" if draft else rng.choice(texts.MONITORING),
                reporting_organisation=None if draft else self.g.orgs[regie],
                reporting_frequency="" if draft else rng.choice(texts.REPORTING_FREQUENCIES),
                next_evaluation_on=None,
                escalation_agreements="" if draft else rng.choice(texts.ESCALATION_AGREEMENTS),
                updated_by_id=plan.regisseur.pk,
            )
            episode.db_plan = db_plan
            plans.append(db_plan)
        Plan.objects.bulk_create(plans, batch_size=2000)

        main_domains, analyses, goals, goal_domains = [], [], [], []
        for episode in episodes + drafts:
            plan, db_plan = episode.plan, episode.db_plan
            codes = list(plan.domain_codes)
            main_domains += [(db_plan.pk, domains[c].pk) for c in codes[:2]]
            for code, domain in domains.items():
                concern = code in codes
                analysis = DomainAnalysis(
                    plan_id=db_plan.pk,
                    life_domain=domain,
                    status=DomainStatus.ZORG if concern else self._other_status(),
                    analysis=texts.DOMAIN_ANALYSES[code][0] if concern else "",
                )
                if analysis.status == DomainStatus.OP_ORDE:
                    analysis.analysis = texts.DOMAIN_ANALYSES[code][2]
                episode.analyses[code] = analysis
                analyses.append(analysis)
            if plan.seed is not None:
                goal_specs = list(plan.seed.goals)
            else:
                picked = self.rng.sample(codes, min(len(codes), self.rng.randint(2, 4)))
                goal_specs = [(c, *texts.GOALS[c]) for c in picked]
            for position, (code, description, measure) in enumerate(goal_specs):
                goal = Goal(
                    plan_id=db_plan.pk, description=description, measure=measure, position=position
                )
                goal.demo_code = code
                episode.goals.append(goal)
                goals.append(goal)
        DomainAnalysis.objects.bulk_create(analyses, batch_size=2000)
        Goal.objects.bulk_create(goals, batch_size=2000)
        for episode in episodes + drafts:
            for goal in episode.goals:
                goal_domains.append((goal.pk, domains[goal.demo_code].pk))
        insert_rows(Plan.main_goal_domains.through, ("plan", "lifedomain"), main_domains)
        insert_rows(Goal.life_domains.through, ("goal", "lifedomain"), goal_domains)

        # The interventions of the first version (drafts: proposed, not yet agreed).
        interventions = []
        self._version_in_progress = 1
        for episode in episodes + drafts:
            for spec in self._intervention_specs(episode, version=1):
                interventions.append(self._intervention(episode, spec, position=len(interventions)))
        Intervention.objects.bulk_create(interventions, batch_size=2000)

        versions, updates = [], []
        for episode in episodes:
            versions += self._versions(episode)
            updates += self._intervention_updates(episode)
        PlanVersion.objects.bulk_create(versions, batch_size=500)
        InterventionUpdate.objects.bulk_create(updates, batch_size=2000)

    def _other_status(self) -> str:
        return self.rng.choices(
            (DomainStatus.ONBEKEND, DomainStatus.OP_ORDE, DomainStatus.STABIEL), weights=(5, 4, 1)
        )[0]

    def _contact_name(self) -> str:
        rng = self.rng
        first = rng.choice(names.DUTCH_FEMALE + names.DUTCH_MALE + names.MIGRANT_FEMALE)
        prefix, last = rng.choice(names.DUTCH_SURNAMES + names.MIGRANT_SURNAMES)
        return " ".join(part for part in (first, prefix, last) if part)

    def _intervention_specs(self, episode: _Episode, *, version: int) -> list[tuple]:
        """(line, kader, org, description, goal index, status) added in this version."""
        seed = episode.plan.seed
        if seed is not None:
            return [
                (i.line, i.kader, i.organisation, i.description, i.goal, i.statuses[version - 1])
                for i in seed.interventions
                if i.statuses[version - 1] and (version == 1 or not i.statuses[version - 2])
            ]
        catalogue = [
            spec
            for spec in texts.INTERVENTIONS[episode.plan.table_key]
            if spec[2] not in episode.holders
        ]
        if version == 1:
            count = self.rng.randint(2, 4)
        else:
            count = 1 if self.rng.random() < 0.6 else 0
        picked = self.rng.sample(catalogue, min(count, len(catalogue)))
        goals = len(episode.goals)
        return [
            (line, kader, org, text, self.rng.randrange(goals) if goals else None, "gepland")
            for line, kader, org, text in picked
        ]

    def _intervention(self, episode: _Episode, spec: tuple, *, position: int) -> Intervention:
        line, kader, org, description, goal_index, status = spec
        start = (
            episode.agreements[0].day
            if episode.agreements
            else self.today + datetime.timedelta(days=14)
        )
        episode.holders.add(org)
        if episode.agreements:
            since = episode.agreements[max(0, self._version_in_progress - 1)].agreed_at
        else:
            since = min(episode.plan.times[-1] + DAY, self.midnight - datetime.timedelta(hours=1))
        episode.plan.take_part(org, "interventie", since=since)
        intervention = Intervention(
            plan_id=episode.db_plan.pk,
            line=line,
            kader=kader,
            description=description,
            organisation=self.g.orgs[org],
            responsible_name=self._contact_name(),
            goal=episode.goals[goal_index] if goal_index is not None and episode.goals else None,
            starts_on=start,
            ends_on=start + datetime.timedelta(days=self.rng.choice((90, 120, 180))),
            status=status,
            position=position,
        )
        episode.interventions.append(intervention)
        return intervention

    def _versions(self, episode: _Episode) -> list[PlanVersion]:
        plan, db_plan = episode.plan, episode.db_plan
        versions = []
        for agreement in episode.agreements:
            self._version_in_progress = agreement.number
            if agreement.number > 1:
                self._revise(episode, agreement)
            meeting = self.meeting(plan.table_key, agreement.day)
            versions.append(
                PlanVersion(
                    plan_id=db_plan.pk,
                    number=agreement.number,
                    agreed_at=agreement.agreed_at,
                    agreed_by_id=plan.regisseur.pk,
                    meeting_id=meeting.pk,
                    based_on_revision=db_plan.revision,
                    snapshot=plan_snapshot(db_plan),
                )
            )
        self._after_last_version(episode)
        return versions

    def _org_key(self, organisation_id: int) -> str:
        return self.g.org_keys[organisation_id]

    def _revise(self, episode: _Episode, agreement: _Agreement) -> None:
        """Change the plan between two agreed versions, so comparing shows the difference."""
        rng = self.rng
        plan, db_plan = episode.plan, episode.db_plan
        seed = plan.seed
        number = agreement.number
        db_plan.revision += rng.randint(1, 3)
        if seed is not None:
            db_plan.main_goal = seed.main_goals[min(number, len(seed.main_goals)) - 1]
            for intervention, spec in zip(
                episode.interventions,
                [i for i in seed.interventions if any(i.statuses[: number - 1])],
                strict=False,
            ):
                intervention.status = spec.statuses[number - 1]
        else:
            for intervention in episode.interventions:
                if intervention.status == InterventionStatus.GEPLAND:
                    intervention.status = InterventionStatus.LOPEND
                elif intervention.status == InterventionStatus.LOPEND and rng.random() < 0.4:
                    intervention.status = rng.choice(
                        (InterventionStatus.AFGEROND, InterventionStatus.AFGEROND, "gestopt")
                    )
        _save_statuses(episode.interventions)
        new = [
            self._intervention(episode, spec, position=len(episode.interventions))
            for spec in self._intervention_specs(episode, version=number)
        ]
        for intervention in new:
            intervention.starts_on = agreement.day
            intervention.save()
        # One leefgebied of concern improves.
        concerns = [a for a in episode.analyses.values() if a.status == DomainStatus.ZORG]
        if concerns:
            improved = rng.choice(concerns)
            improved.status = DomainStatus.STABIEL
            improved.analysis = texts.DOMAIN_ANALYSES[improved.life_domain.code][1]
            improved.save(update_fields=["status", "analysis"])
        db_plan.monitoring = rng.choice(texts.REVISED_MONITORING)
        db_plan.next_evaluation_on = agreement.day + datetime.timedelta(weeks=8)
        db_plan.save()

    def _after_last_version(self, episode: _Episode) -> None:
        """The plan as it stands today: working copy after the last agreed version."""
        rng = self.rng
        plan, db_plan = episode.plan, episode.db_plan
        state = plan.case.state
        seed = plan.seed
        if seed is not None:
            for intervention, spec in zip(
                episode.interventions,
                [i for i in seed.interventions if any(i.statuses[:-1])],
                strict=False,
            ):
                intervention.status = spec.statuses[-1]
        else:
            for intervention in episode.interventions:
                if state in (S.AFGESCHAALD, S.AFGESLOTEN) or plan.reopened:
                    if intervention.status in (
                        InterventionStatus.GEPLAND,
                        InterventionStatus.LOPEND,
                    ):
                        intervention.status = (
                            InterventionStatus.AFGEROND
                            if rng.random() < 0.85
                            else InterventionStatus.GESTOPT
                        )
                elif intervention.status == InterventionStatus.GEPLAND:
                    intervention.status = InterventionStatus.LOPEND
        _save_statuses(episode.interventions)
        if state == S.IN_UITVOERING:
            if seed is not None and seed.next_evaluation_in_days is not None:
                offset = seed.next_evaluation_in_days
            else:
                offset = rng.randint(-10, 45)
            db_plan.next_evaluation_on = self.today + datetime.timedelta(days=offset)
            if rng.random() < 0.3:
                db_plan.revision += 1  # a change after the last agreement, not yet agreed
            db_plan.save()
            # Due soon: on the agenda of the next sitting (some are left for the procesregisseur).
            if offset <= 21 and (seed is not None or rng.random() < 0.7):
                schedule = self.schedules[plan.table_key]
                moment = max(
                    self.midnight,
                    self.midnight + datetime.timedelta(days=offset - 7),
                )
                day = schedule.first_from(moment)
                if day not in {d for d, *_rest in episode.items}:
                    episode.items.append((day, AgendaSource.EVALUATION, "due", None))
        elif state in (S.AFGESCHAALD, S.AFGESLOTEN):
            db_plan.next_evaluation_on = None
            db_plan.save()

    def _intervention_updates(self, episode: _Episode) -> list[InterventionUpdate]:
        rng = self.rng
        updates = []
        start = self.g.midnight_of(episode.agreements[0].day) + datetime.timedelta(days=3)
        end = self._episode_end(episode)
        if end <= start:
            return updates
        for intervention in episode.interventions:
            if intervention.status == InterventionStatus.GEPLAND:
                continue
            user = self.g.org_user.get(self._org_key(intervention.organisation_id))
            if user is None:
                continue
            for n in range(rng.randint(1, 2)):
                status = intervention.status if n else InterventionStatus.LOPEND
                updates.append(
                    InterventionUpdate(
                        intervention_id=intervention.pk,
                        by_id=user.pk,
                        at=start + (end - start) * (0.3 + 0.6 * n) * rng.uniform(0.6, 1),
                        status=status,
                        text=rng.choice(texts.INTERVENTION_UPDATES[status]),
                    )
                )
        return updates

    def _episode_end(self, episode: _Episode) -> datetime.datetime:
        """When the work at the table stopped: afgeschaald, afgesloten or still going."""
        plan = episode.plan
        for state, at in zip(plan.path, plan.times, strict=True):
            if state in (S.AFGESCHAALD, S.AFGESLOTEN) and at > self.g.midnight_of(
                episode.agreements[-1].day
            ):
                return at
        return self.midnight

    # -- minutes, actions ------------------------------------------------------------------

    def _minutes_and_actions(self, episodes: list[_Episode]) -> None:
        actions = []
        for episode in episodes:
            plan = episode.plan
            for item in episode.agenda:
                if not item.is_minuted:
                    continue
                meeting = self.meeting(plan.table_key, item.demo_day)
                actions += self._actions(episode, item, meeting)
            for org, description, overdue in seed_overdue(plan):
                item = next((i for i in reversed(episode.agenda) if i.demo_day < self.today), None)
                if item is None:
                    continue
                meeting = self.meeting(plan.table_key, item.demo_day)
                actions.append(
                    self._action(
                        episode,
                        item,
                        meeting,
                        org,
                        description,
                        due=self.today - datetime.timedelta(days=overdue),
                        status=ActionStatus.OPEN,
                    )
                )
        for action in actions:
            if action.status == ActionStatus.OPEN and action.due_on < self.today:
                # The worker reminded the owner the morning after the due date.
                action.reminded_at = min(
                    self.g.midnight_of(action.due_on) + datetime.timedelta(days=1, hours=8),
                    self.midnight,
                )
        Action.objects.bulk_create(actions, batch_size=2000)
        for action in actions:
            if action.status == ActionStatus.OPEN and action.due_on < self.today:
                key = self._org_key(action.owner_organisation_id)
                self.overdue_by_org[key].append((action, action.demo_case))

    def _actions(self, episode: _Episode, item: AgendaItem, meeting: Meeting) -> list[Action]:
        rng = self.rng
        owners = sorted(
            k for k in item.demo_invited | episode.holders if self.g.orgs[k].has_signed_convenant
        )
        if not owners:
            return []
        end = self._episode_end(episode)
        still_open = end >= self.midnight
        actions = []
        for _n in range(rng.randint(1, 3)):
            due = item.demo_day + datetime.timedelta(days=rng.randint(10, 28))
            if not still_open or due < self.today:
                status = ActionStatus.CANCELLED if rng.random() < 0.08 else ActionStatus.DONE
                if still_open and rng.random() < 0.25:
                    status = ActionStatus.OPEN  # over the due date
            else:
                status = ActionStatus.DONE if rng.random() < 0.2 else ActionStatus.OPEN
            actions.append(
                self._action(
                    episode, item, meeting, rng.choice(owners), rng.choice(texts.ACTIONS),
                    due=due, status=status,
                )
            )  # fmt: skip
        return actions

    def _action(
        self,
        episode: _Episode,
        item: AgendaItem,
        meeting: Meeting,
        org: str,
        description: str,
        *,
        due: datetime.date,
        status: str,
    ) -> Action:
        rng = self.rng
        owner = self.g.org_user.get(org)
        created = meeting.ends_at + datetime.timedelta(minutes=rng.randint(10, 120))
        completed = None
        if status == ActionStatus.DONE:
            latest = min(
                self.g.midnight_of(due) + datetime.timedelta(days=3),
                self._episode_end(episode),
            )
            completed = created + (latest - created) * rng.uniform(0.3, 0.95)
        action = Action(
            case_id=episode.plan.case.pk,
            agenda_item_id=item.pk,
            description=description,
            owner_organisation_id=self.g.orgs[org].pk,
            owner_user_id=owner.pk if owner else None,
            due_on=due,
            status=status,
            result=rng.choice(texts.ACTION_RESULTS) if status == ActionStatus.DONE else "",
            created_by_id=episode.plan.regisseur.pk,
            created_at=created,
            completed_at=completed,
        )
        action.demo_case = episode.plan.case
        if status != ActionStatus.CANCELLED:
            episode.plan.take_part(org, "actie", since=created)
        return action

    # -- Stappenmeter, escalations, closing ----------------------------------------------

    def _measurements(self, episodes: list[_Episode]) -> None:
        rng = self.rng
        measurements, scores = [], []
        for episode in episodes:
            start = episode.agreements[0].day
            end = self._episode_end(episode).astimezone(self.zone).date() - DAY
            count = rng.randint(2, 4)
            span = max((end - start).days, count)
            rising = episode.plan.seed is not None or rng.random() < 0.8
            base = rng.randint(1, 2) if rising else rng.randint(3, 4)
            items = {item.demo_day: item for item in episode.agenda}
            for n in range(count):
                day = start + datetime.timedelta(days=round(span * n / max(count - 1, 1)))
                day = min(day, self.today - DAY)
                step = n if rising else -n
                measurement = ProgressMeasurement(
                    case_id=episode.plan.case.pk,
                    measured_on=day,
                    agenda_item_id=items[day].pk if day in items else None,
                    cooperation=_score(base + 1 + step // 2 + rng.choice((-1, 0, 0, 1))),
                    main_goal_score=_score(base + step),
                    note=texts.MEASUREMENT_NOTES[min(n, len(texts.MEASUREMENT_NOTES) - 1)],
                    by_id=episode.plan.regisseur.pk,
                )
                measurements.append(measurement)
                scores.append(
                    (measurement, [(g, _score(base + step + rng.choice((-1, 0, 1)))) for g in episode.goals])
                )  # fmt: skip
        ProgressMeasurement.objects.bulk_create(measurements, batch_size=2000)
        insert_rows(
            GoalScore,
            ("measurement", "goal", "score"),
            [(m.pk, goal.pk, score) for m, goal_scores in scores for goal, score in goal_scores],
        )

    def _escalations(self, episodes: list[_Episode]) -> None:
        rng = self.rng
        rows = []
        for episode in episodes:
            plan = episode.plan
            if plan.seed is not None:
                for spec in plan.seed.escalations:
                    rows.append(
                        Escalation(
                            case_id=plan.case.pk,
                            level=spec.level,
                            question=spec.question,
                            addressee=spec.addressee,
                            raised_on=self.today - datetime.timedelta(days=spec.raised_days_ago),
                            raised_by_id=plan.regisseur.pk,
                            status=spec.status,
                            outcome=spec.outcome,
                            resolved_on=(
                                self.today - datetime.timedelta(days=spec.resolved_days_ago)
                                if spec.resolved_days_ago is not None
                                else None
                            ),
                            addressed_to_id=(
                                self.g.users[spec.addressed_to].pk if spec.addressed_to else None
                            ),
                            briefing=spec.briefing,
                        )
                    )
                continue
            if not episode.agreements or rng.random() > 0.08:
                continue
            question, addressee, outcome = rng.choice(texts.ESCALATION_QUESTIONS)
            raised = episode.agreements[0].day + datetime.timedelta(days=rng.randint(20, 60))
            if raised >= self.today:
                continue
            done = plan.case.state != S.IN_UITVOERING or rng.random() < 0.5
            resolved = min(raised + datetime.timedelta(days=rng.randint(10, 40)), self.today - DAY)
            rows.append(
                Escalation(
                    case_id=plan.case.pk,
                    level=EscalationLevel.TACTISCH,
                    question=question,
                    addressee=addressee,
                    raised_on=raised,
                    raised_by_id=plan.regisseur.pk,
                    status=EscalationStatus.AFGEROND if done else EscalationStatus.LOPEND,
                    outcome=outcome if done else "",
                    resolved_on=resolved if done else None,
                )
            )
        Escalation.objects.bulk_create(rows, batch_size=2000)

    def _closing(self, episodes: list[_Episode]) -> None:
        rng = self.rng
        checklists, closures, evaluations = [], [], []
        checked: set[int] = set()
        for episode in episodes:
            plan = episode.plan
            seed = plan.seed
            for state, at in zip(plan.path, plan.times, strict=True):
                if state == S.AFGESCHAALD and plan.case.pk not in checked:
                    checked.add(plan.case.pk)
                    regie = episode.db_plan.casusregisseur_organisation if episode.db_plan else None
                    checklists.append(
                        DeEscalation(
                            case_id=plan.case.pk,
                            risks_checked=True,
                            risks_note=texts.DE_ESCALATION["risks"],
                            cooperation_checked=True,
                            cooperation_note=texts.DE_ESCALATION["cooperation"],
                            regie_organisation=regie or self.g.orgs["wijkteam"],
                            regie_contact=(
                                episode.db_plan.casusregisseur_name
                                if episode.db_plan
                                else self._contact_name()
                            ),
                            consult_agreements=texts.DE_ESCALATION["consult"],
                            reescalation_agreements=texts.DE_ESCALATION["reescalation"],
                            completed_by_id=plan.regisseur.pk,
                            completed_at=at - datetime.timedelta(minutes=rng.randint(5, 240)),
                        )
                    )
                if state == S.AFGESLOTEN:
                    if seed is not None and seed.closure is not None:
                        outcome, reason = seed.closure
                    else:
                        outcome = rng.choices(
                            (Outcome.BEHAALD, Outcome.DEELS, Outcome.NIET), weights=(45, 40, 15)
                        )[0]
                        reason = rng.choice(texts.CLOSURE_REASONS[outcome])
                    closures.append(
                        Closure(
                            case_id=plan.case.pk,
                            outcome=outcome,
                            reason=reason,
                            closed_by_id=plan.regisseur.pk,
                            closed_at=at,
                        )
                    )
                    if seed is not None and seed.evaluation is not None:
                        worked, leer, voorstel = seed.evaluation
                    else:
                        worked = outcome == Outcome.BEHAALD or rng.random() < 0.4
                        leer = "" if worked and rng.random() < 0.5 else rng.choice(texts.LEERPUNTEN)
                        voorstel = "" if worked else rng.choice(texts.VERBETERVOORSTELLEN)
                    evaluations.append(
                        CaseEvaluation(
                            case_id=plan.case.pk,
                            chain_worked_well=worked,
                            leerpunten=leer,
                            verbetervoorstellen=voorstel,
                            by_id=plan.regisseur.pk,
                            at=at + datetime.timedelta(minutes=rng.randint(1, 30)),
                        )
                    )
        DeEscalation.objects.bulk_create(checklists, batch_size=2000)
        Closure.objects.bulk_create(closures, batch_size=2000)
        CaseEvaluation.objects.bulk_create(evaluations, batch_size=2000)

    # -- after every chunk -----------------------------------------------------------------

    def finish(self) -> None:
        """Attendance of every held sitting and a few notifications for the demo users."""
        rng = self.rng
        rows = []
        zvh = self.g.orgs["zvh"]
        for (key, _day), meeting in sorted(self.meetings.items(), key=lambda m: m[1].starts_at):
            if meeting.status != MeetingStatus.HELD:
                continue
            for regisseur in self.g.table_regisseurs[key]:
                rows.append((meeting.pk, zvh.pk, regisseur.pk, "", AttendanceMode.PRESENT, None))
            for org in self.g.table_fixed[key]:
                user = self.g.org_user.get(org)
                mode = rng.choices(
                    (AttendanceMode.PRESENT, AttendanceMode.REMOTE, AttendanceMode.ABSENT),
                    weights=(70, 20, 10),
                )[0]
                rows.append(
                    (meeting.pk, self.g.orgs[org].pk, user.pk if user else None, "", mode, None)
                )
        insert_rows(Attendance, ("meeting", "organisation", "user", "name", "mode", "item"), rows)
        self._notifications()

    def _notifications(self) -> None:
        rng = self.rng
        notes: list[Notification] = []
        topics: set[tuple[int, str]] = set()

        def note(user, text, link, topic, at: datetime.datetime, read: bool, case_id: int):
            if user is None or (user.pk, topic) in topics:
                return
            topics.add((user.pk, topic))
            notes.append(
                Notification(
                    user=user,
                    text=text[:300],
                    link=link,
                    topic=topic,
                    case_id=case_id,
                    created_at=at,
                    read_at=at + datetime.timedelta(hours=2) if read else None,
                )
            )

        for org in ("politie", "ggz", *sorted(self.overdue_by_org)):
            for action, case in self.overdue_by_org.get(org, [])[:3]:
                at = self.g.midnight_of(action.due_on) + datetime.timedelta(days=1, hours=7)
                link = reverse("cases:detail", args=[case.pk])
                # As the reminder task writes it: a reference and a date, no case content.
                text = (
                    f"Casus {case.reference}: actie is over de uiterlijke datum "
                    f"(uiterlijk {formats.date_format(action.due_on, 'j F Y')})."
                )
                topic = f"actie-{action.pk}-te-laat"
                note(action.owner_user, text, link, topic, at, False, case.pk)
                for regisseur in self.g.table_regisseurs[self.case_table[case.pk]]:
                    note(regisseur, text, link, topic, at, rng.random() < 0.5, case.pk)
        for key, item, meeting in self.invitations[:40]:
            user = self.g.org_user.get(key)
            text = (
                f"Uw organisatie is uitgenodigd voor het casusoverleg {meeting.table.name} "
                f"van {meeting.starts_at.astimezone(self.zone):%d-%m-%Y %H:%M}."
            )
            at = min(meeting.starts_at - datetime.timedelta(days=7), self.midnight)
            note(
                user,
                text,
                reverse("meetings:detail", args=[meeting.pk]),
                f"uitnodiging:{item.pk}",
                at,
                rng.random() < 0.3,
                None,  # about the meeting, which the invitee sees; it names no case
            )
        Notification.objects.bulk_create(notes, batch_size=2000)


def _save_statuses(interventions: list[Intervention]) -> None:
    by_status: dict[str, list[int]] = defaultdict(list)
    for intervention in interventions:
        by_status[intervention.status].append(intervention.pk)
    for status, pks in by_status.items():
        Intervention.objects.filter(pk__in=pks).update(status=status)


def _score(value: int) -> int:
    return max(1, min(5, value))


def seed_overdue(plan: _CasePlan):
    return plan.seed.overdue_actions if plan.seed is not None else ()
