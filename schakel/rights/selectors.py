"""Reads of the rights requests. Every query starts from schakel.access.policy.

`holdings_by_organisation` is the heart of the one contact point: from the persons linked
to a request it finds every case, melding, answer, plan part and action on them in the
region, and which partner organisation holds or supplied each, in a fixed number of
queries whatever the number of cases.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Count, QuerySet
from django.utils import timezone

from schakel.access.models import AccessLogEntry
from schakel.access.policy import visible_rights_requests, visible_rights_tasks
from schakel.cases.models import Case, CaseParticipant, CasePerson
from schakel.followup.models import Action
from schakel.inquiries.models import InformationRequest
from schakel.inquiries.models import RequestStatus as InquiryStatus
from schakel.persons.matching import DuplicateCandidate, find_duplicates
from schakel.persons.models import Person
from schakel.plans.models import Intervention
from schakel.referrals.models import Referral
from schakel.rights.models import (
    HoldingKind,
    RequestStatus,
    RightsRequest,
    RightsRequestPerson,
    RightsTask,
    TaskStatus,
)

if TYPE_CHECKING:
    from schakel.accounts.models import User

WORKLIST_LIMIT = 15


# --- Lists ------------------------------------------------------------------------------


def request_list(*, user: User, overdue_only: bool = False) -> QuerySet[RightsRequest]:
    """The officer's requests: open ones first, each group by deadline (most urgent first)."""
    requests = visible_rights_requests(user)
    if overdue_only:
        requests = requests.filter(status=RequestStatus.OPEN, deadline__lt=timezone.localdate())
    return requests.annotate(
        open_first=models.Case(
            models.When(status=RequestStatus.OPEN, then=models.Value(0)),
            default=models.Value(1),
            output_field=models.IntegerField(),
        ),
        open_tasks=Count("tasks", filter=models.Q(tasks__status=TaskStatus.OPEN)),
    ).order_by("open_first", "deadline", "pk")


def open_requests(*, user: User) -> QuerySet[RightsRequest]:
    """The officer's open requests by deadline: the worklist block."""
    return (
        visible_rights_requests(user).filter(status=RequestStatus.OPEN).order_by("deadline", "pk")
    )


def task_list(*, user: User) -> QuerySet[RightsTask]:
    """A partner's tasks: open ones first, each by the request's deadline."""
    return (
        visible_rights_tasks(user)
        .select_related("request")
        .annotate(
            open_first=models.Case(
                models.When(status=TaskStatus.OPEN, then=models.Value(0)),
                default=models.Value(1),
                output_field=models.IntegerField(),
            )
        )
        .order_by("open_first", "request__deadline", "pk")
    )


def open_tasks(*, user: User) -> QuerySet[RightsTask]:
    return (
        visible_rights_tasks(user)
        .filter(status=TaskStatus.OPEN)
        .select_related("request")
        .order_by("request__deadline", "pk")
    )


def linked_persons(rights_request: RightsRequest) -> list[Person]:
    return list(
        Person.objects.filter(pk__in=rights_request.links.values("person_id")).select_related(
            "municipality"
        )
    )


def persons_by_request(requests: list[RightsRequest]) -> dict[int, list[Person]]:
    """The linked persons of several requests in one query (a list's access-log rows)."""
    found: dict[int, list[Person]] = defaultdict(list)
    links = (
        RightsRequestPerson.objects.filter(request__in=[r.pk for r in requests])
        .select_related("person")
        .order_by("pk")
    )
    for link in links:
        found[link.request_id].append(link.person)
    return found


def get_linked_person(*, rights_request: RightsRequest, person_pk: int) -> Person | None:
    return (
        Person.objects.filter(pk=person_pk, pk__in=rights_request.links.values("person_id"))
        .select_related("municipality")
        .first()
    )


# --- Linking: which person records may be the requester ------------------------------


def candidates(
    *,
    rights_request: RightsRequest,
    bsn: str = "",
    first_names: str = "",
    name_prefix: str = "",
    last_name: str = "",
    birth_date: datetime.date | None = None,
) -> list[DuplicateCandidate]:
    """Person records of the request's region that may be the person described
    (by BSN, or spelling-tolerant by name and date of birth), not linked yet."""
    linked = set(rights_request.links.values_list("person_id", flat=True))
    found = find_duplicates(
        region=rights_request.region_id,
        bsn=bsn,
        first_names=first_names,
        name_prefix=name_prefix,
        last_name=last_name,
        birth_date=birth_date,
    )
    return [candidate for candidate in found if candidate.person.pk not in linked]


def candidates_as_given(rights_request: RightsRequest) -> list[DuplicateCandidate]:
    """Candidates for the details the requester gave."""
    return candidates(
        rights_request=rights_request,
        bsn=rights_request.bsn,
        first_names=rights_request.first_names,
        name_prefix=rights_request.name_prefix,
        last_name=rights_request.last_name,
        birth_date=rights_request.birth_date,
    )


# --- What is held on the linked persons ---------------------------------------------


def person_refs(persons: list[Person]) -> list[int]:
    """The ids under which the persons appear: their own and those of records merged into
    them (the access log keeps the id a row was written under)."""
    pks = [person.pk for person in persons]
    merged = Person.objects.filter(merged_into__in=pks).values_list("pk", flat=True)
    return [*pks, *merged]


def cases_of(persons: list[Person]) -> QuerySet[Case]:
    return Case.objects.filter(
        pk__in=CasePerson.objects.filter(person__in=persons).values("case_id")
    ).order_by("created_at", "pk")


@dataclass
class CaseFinding:
    case: Case
    roles: list[str] = field(default_factory=list)
    referrals: int = 0
    answers: int = 0
    interventions: int = 0
    actions: int = 0


@dataclass
class Findings:
    """What the privacy officer sees before asking the partners: the survey."""

    cases: list[CaseFinding]
    access_rows: int
    holdings: dict[int, list[dict]]
    organisations: dict[int, str]


def holdings_by_organisation(persons: list[Person]) -> dict[int, list[dict]]:
    """Per organisation id, the cases in which it holds or supplied data on the persons,
    with the kinds of items: [{"case_id", "case_ref", "kinds"}], in case order.

    An organisation holds data when it reported a melding, answered an information request
    naming a person, holds an intervention or an action, or took part in the case (whether
    or not that involvement has ended: what it received, it holds).
    """
    cases = {case.pk: case for case in cases_of(persons)}
    if not cases:
        return {}
    found: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))

    def add(rows, kind: str) -> None:
        for organisation_id, case_id in rows:
            found[organisation_id][case_id].add(kind)

    add(
        Referral.objects.filter(case__in=cases).values_list("reporting_organisation_id", "case_id"),
        HoldingKind.MELDING,
    )
    add(
        InformationRequest.objects.filter(
            case__in=cases, persons__in=persons, status=InquiryStatus.BEANTWOORD
        ).values_list("organisation_id", "case_id"),
        HoldingKind.ANTWOORD,
    )
    add(
        Intervention.objects.filter(plan__case__in=cases).values_list(
            "organisation_id", "plan__case_id"
        ),
        HoldingKind.INTERVENTIE,
    )
    add(
        Action.objects.filter(case__in=cases).values_list("owner_organisation_id", "case_id"),
        HoldingKind.ACTIE,
    )
    add(
        CaseParticipant.objects.filter(case__in=cases).values_list("organisation_id", "case_id"),
        HoldingKind.DEELNAME,
    )
    order = list(HoldingKind.values)
    return {
        organisation_id: [
            {
                "case_id": case_id,
                "case_ref": cases[case_id].reference,
                "kinds": sorted(kinds, key=order.index),
            }
            for case_id, kinds in sorted(by_case.items())
        ]
        for organisation_id, by_case in found.items()
    }


def findings(rights_request: RightsRequest) -> Findings:
    """Everything Schakel holds on the request's linked persons, counted per case, and
    what each partner organisation holds (the tasks the officer is about to create)."""
    from schakel.organisations.models import Organisation

    persons = linked_persons(rights_request)
    cases = list(cases_of(persons).select_related("municipality", "table"))
    case_ids = [case.pk for case in cases]
    roles: dict[int, list[str]] = defaultdict(list)
    for link in CasePerson.objects.filter(case__in=case_ids, person__in=persons):
        roles[link.case_id].append(link.get_role_display())

    def counts(queryset, case_field: str) -> dict[int, int]:
        return dict(
            queryset.values_list(case_field).annotate(n=Count("pk")).values_list(case_field, "n")
        )

    referrals = counts(Referral.objects.filter(case__in=case_ids), "case_id")
    answers = counts(
        InformationRequest.objects.filter(
            case__in=case_ids, persons__in=persons, status=InquiryStatus.BEANTWOORD
        ),
        "case_id",
    )
    interventions = counts(Intervention.objects.filter(plan__case__in=case_ids), "plan__case_id")
    actions = counts(Action.objects.filter(case__in=case_ids), "case_id")
    holdings = holdings_by_organisation(persons)
    names = dict(Organisation.objects.filter(pk__in=holdings).values_list("pk", "name"))
    return Findings(
        cases=[
            CaseFinding(
                case=case,
                roles=roles[case.pk],
                referrals=referrals.get(case.pk, 0),
                answers=answers.get(case.pk, 0),
                interventions=interventions.get(case.pk, 0),
                actions=actions.get(case.pk, 0),
            )
            for case in cases
        ],
        access_rows=AccessLogEntry.objects.filter(person_ref__in=person_refs(persons)).count()
        if persons
        else 0,
        holdings=holdings,
        organisations=names,
    )
