"""The inzage document (AVG art. 15): everything Schakel holds on one person, and who read it.

Built for the privacy officer, on screen and as a PDF. Every item passes through
`withheld_reason` before it is shown: the one place that decides what the person may not
see of what Schakel holds (AVG art. 15(4): the rights and freedoms of others).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.access.models import AccessLogEntry
from schakel.cases.models import CasePerson
from schakel.core.confidentiality import Confidential
from schakel.followup.models import Action
from schakel.inquiries.models import InformationRequest
from schakel.persons.models import Person
from schakel.plans.models import DomainAnalysis, Goal, Intervention, Plan
from schakel.referrals.models import Referral
from schakel.rights.selectors import cases_of, person_refs

if TYPE_CHECKING:
    from schakel.cases.models import Case
    from schakel.rights.models import RightsRequest

THIRD_PARTY = _(
    "Gegevens van een andere betrokkene bij deze casus. Die zijn vertrouwelijk ten opzichte "
    "van de verzoeker en worden niet verstrekt (AVG art. 15 lid 4)."
)


def withheld_reason(item: object, *, subject: Person) -> str | None:
    """Why this item is left out of the subject's inzage document, or None to show it.

    Left out, with the reason shown in its place:
    - another person of the same case (a third party): named only as "andere betrokkene";
    - an item marked *vertrouwelijk* (PRODUCT.md section 14; an answer or an analysis): its
      content is withheld here too, naming the organisation that marked it, which decides
      itself on inzage in it. Every item of the document (melding, answer, analysis, goal,
      intervention, action) passes through this function, so this is the one place.
    """
    person = item.person if isinstance(item, CasePerson) else item
    if isinstance(person, Person) and person.pk != subject.pk:
        return str(THIRD_PARTY)
    if isinstance(item, Confidential) and item.is_confidential:
        holder = item.whom_to_ask.organisation or _("de organisatie die het vastlegde")
        return _(
            "Vertrouwelijk gemarkeerd door %(holder)s. De inhoud staat niet in dit document; "
            "%(holder)s beoordeelt zelf of u dit onderdeel mag inzien."
        ) % {"holder": holder}
    return None


@dataclass
class Entry:
    """One item of the document: shown, or withheld with the reason in its place."""

    item: object
    withheld: str | None = None


@dataclass
class CaseSection:
    case: Case
    roles: list[str]
    others: list[Entry] = field(default_factory=list)
    referrals: list[Entry] = field(default_factory=list)
    answers: list[Entry] = field(default_factory=list)
    plan: Plan | None = None
    main_goal: Entry | None = None
    analyses: list[Entry] = field(default_factory=list)
    goals: list[Entry] = field(default_factory=list)
    interventions: list[Entry] = field(default_factory=list)
    actions: list[Entry] = field(default_factory=list)


@dataclass
class InzageDocument:
    rights_request: RightsRequest
    person: Person
    cases: list[CaseSection]
    access_rows: list[AccessLogEntry]
    produced_at: datetime.datetime


def _entries(items, subject: Person) -> list[Entry]:
    return [Entry(item, withheld_reason(item, subject=subject)) for item in items]


def _grouped(items, key: str) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for item in items:
        grouped[getattr(item, key)].append(item)
    return grouped


def build_document(*, rights_request: RightsRequest, person: Person) -> InzageDocument:
    """The document for one linked person, read in a fixed number of queries."""
    cases = list(cases_of([person]).select_related("municipality", "table"))
    case_ids = [case.pk for case in cases]
    links = _grouped(
        CasePerson.objects.filter(case__in=case_ids).select_related("person").order_by("pk"),
        "case_id",
    )
    referrals = _grouped(
        Referral.objects.filter(case__in=case_ids)
        .select_related("reporting_organisation")
        .prefetch_related("life_domains")
        .order_by("received_on", "pk"),
        "case_id",
    )
    answers = _grouped(
        InformationRequest.objects.filter(case__in=case_ids, persons=person)
        .select_related("organisation", "confidential_organisation", "confidential_contact")
        .order_by("requested_at", "pk"),
        "case_id",
    )
    plans = {plan.case_id: plan for plan in Plan.objects.filter(case__in=case_ids)}
    analyses = _grouped(
        DomainAnalysis.objects.filter(plan__case__in=case_ids).select_related(
            "life_domain", "confidential_organisation", "confidential_contact"
        ),
        "plan_id",
    )
    goals = _grouped(Goal.objects.filter(plan__case__in=case_ids), "plan_id")
    interventions = _grouped(
        Intervention.objects.filter(plan__case__in=case_ids).select_related("organisation"),
        "plan_id",
    )
    actions = _grouped(
        Action.objects.filter(case__in=case_ids).select_related("owner_organisation"),
        "case_id",
    )

    sections = []
    for case in cases:
        own = [link for link in links[case.pk] if link.person_id == person.pk]
        others: dict[int, CasePerson] = {}
        for link in links[case.pk]:
            if link.person_id != person.pk:
                others.setdefault(link.person_id, link)
        section = CaseSection(
            case=case,
            roles=[link.get_role_display() for link in own],
            others=_entries(others.values(), person),
            referrals=_entries(referrals[case.pk], person),
            answers=_entries(answers[case.pk], person),
            actions=_entries(actions[case.pk], person),
        )
        plan = plans.get(case.pk)
        if plan is not None:
            section.plan = plan
            if plan.main_goal:
                section.main_goal = Entry(plan, withheld_reason(plan, subject=person))
            section.analyses = _entries(
                [a for a in analyses[plan.pk] if a.analysis or a.status != "onbekend"], person
            )
            section.goals = _entries(goals[plan.pk], person)
            section.interventions = _entries(interventions[plan.pk], person)
        sections.append(section)

    access_rows = list(
        AccessLogEntry.objects.filter(person_ref__in=person_refs([person]))
        .select_related("user", "organisation")
        .order_by("at", "pk")
    )
    return InzageDocument(
        rights_request=rights_request,
        person=person,
        cases=sections,
        access_rows=access_rows,
        produced_at=timezone.now(),
    )


def document_html(document: InzageDocument) -> str:
    return render_to_string("rights/inzage_pdf.html", {"document": document})


def render_pdf(document: InzageDocument) -> bytes:
    # Imported here: WeasyPrint loads its system libraries on import, which only the
    # PDF download needs.
    from weasyprint import HTML

    return HTML(string=document_html(document)).write_pdf()
