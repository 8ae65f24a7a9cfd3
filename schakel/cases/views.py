from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import CASE_ROLES, require_role
from schakel.cases.forms import CaseFilterForm
from schakel.cases.sections import BY_SLUG, OVERVIEW, SECTIONS, Section
from schakel.cases.selectors import (
    CaseDetail,
    case_detail,
    case_list,
    case_summary,
    main_persons_by_case,
)
from schakel.closure.selectors import case_closure_section
from schakel.followup.selectors import case_followup_section
from schakel.inquiries.selectors import requests_for_case
from schakel.meetings.selectors import case_meetings_section
from schakel.plans.selectors import case_plan_section
from schakel.triage.selectors import decisions_for_case

CASES_PER_PAGE = 25
PAGE_PARAMETER = "pagina"


@login_required
def case_list_view(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *CASE_ROLES)
    form = CaseFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if form.is_bound else {}
    cases = case_list(user=request.user, **filters)
    page = Paginator(cases, CASES_PER_PAGE).get_page(request.GET.get(PAGE_PARAMETER))
    main_persons = main_persons_by_case(cases=list(page))
    rows = [(case, main_persons.get(case.pk, [])) for case in page]
    shown = [person for persons in main_persons.values() for person in persons]
    if shown:
        record_access(
            user=request.user,
            action=AccessAction.READ,
            request=request,
            persons=shown,
            purpose="Casuslijst",
            detail=", ".join(case.reference for case, persons in rows if persons),
        )
    query = request.GET.copy()
    query.pop(PAGE_PARAMETER, None)
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "filter_query": query.urlencode(),
            "page_parameter": PAGE_PARAMETER,
        },
    )


def _read_case(request: HttpRequest, pk: int, section: Section) -> CaseDetail:
    """The visible case, its read logged for every person shown in the page header."""
    require_role(request.user, *CASE_ROLES)
    detail = case_detail(user=request.user, pk=pk)
    record_access(
        user=request.user,
        action=AccessAction.READ,
        request=request,
        case=detail.case,
        persons=[entry.person for entry in detail.persons],
        purpose="Casuspagina",
        detail=str(section.label),
    )
    return detail


def _render_case_page(request: HttpRequest, detail: CaseDetail, section: Section, **extra):
    return render(
        request,
        section.template,
        {
            "case": detail.case,
            "detail": detail,
            "may_direct": detail.may_direct,
            "sections": SECTIONS,
            "current_section": section,
            **extra,
        },
    )


@login_required
def case_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The overview: a summary to scan, the core data and the persons."""
    section = BY_SLUG[OVERVIEW]
    detail = _read_case(request, pk, section)
    return _render_case_page(
        request, detail, section, summary=case_summary(user=request.user, case=detail.case)
    )


@login_required
def case_section_view(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """One section of the case on its own page; only that section's reads are done."""
    part = BY_SLUG[section]
    detail = _read_case(request, pk, part)
    user, case = request.user, detail.case
    extra: dict = {}
    if section == "melding":
        extra = {
            "information_requests": list(requests_for_case(user=user, case=case)),
            "triage_decisions": list(decisions_for_case(case=case)),
            "may_request_information": detail.may_request_information,
        }
    elif section == "overleggen":
        extra = {"meetings_section": case_meetings_section(user=user, case=case)}
    elif section == "aanpak":
        extra = {
            "plan_section": case_plan_section(user=user, case=case),
            "followup_section": case_followup_section(user=user, case=case),
        }
    elif section == "afsluiting":
        extra = {"closure_section": case_closure_section(user=user, case=case)}
    return _render_case_page(request, detail, part, **extra)
