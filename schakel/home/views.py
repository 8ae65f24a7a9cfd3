from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import require_role
from schakel.access.rules import CASE_ROLES
from schakel.cases.sections import BY_SLUG, OVERVIEW, SECTIONS, Section
from schakel.closure.selectors import case_closure_section
from schakel.core.confidentiality import prefetch_markings
from schakel.followup.selectors import case_followup_section
from schakel.home.case_page import CaseDetail, case_detail, case_summary
from schakel.home.selectors import worklist_for
from schakel.inquiries.selectors import requests_for_case
from schakel.meetings.selectors import case_meetings_section
from schakel.nazorg.selectors import case_nazorg_section
from schakel.plans.selectors import case_plan_section
from schakel.triage.selectors import decisions_for_case


@login_required
def worklist_view(request: HttpRequest) -> HttpResponse:
    return render(request, "home/worklist.html", {"worklist": worklist_for(user=request.user)})


def accessibility_view(request: HttpRequest) -> HttpResponse:
    return render(request, "home/accessibility.html")


def privacy_view(request: HttpRequest) -> HttpResponse:
    return render(request, "home/privacy.html")


# --- The case page (/casussen/<id>/ and its sections) -------------------------------
# Composed here, above the apps that own the sections, so cases does not import them
# (see case_page.py).


def _read_case(request: HttpRequest, pk: int, section: Section) -> CaseDetail:
    """The visible case, its read logged for every person shown in the page header."""
    require_role(request.user, *CASE_ROLES)
    detail = case_detail(user=request.user, pk=pk)
    record_access(
        actor=request.user,
        action=AccessAction.READ,
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
        request,
        detail,
        section,
        summary=case_summary(user=request.user, case=detail.case, directs=detail.may_direct),
    )


@login_required
def case_section_view(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """One section of the case on its own page; only that section's reads are done."""
    part = BY_SLUG[section]
    detail = _read_case(request, pk, part)
    user, case = request.user, detail.case
    extra: dict = {}
    if section == "melding":
        information_requests = list(requests_for_case(user=user, case=case))
        prefetch_markings(information_requests)
        extra = {
            "information_requests": information_requests,
            "triage_decisions": list(decisions_for_case(case=case)),
            "may_request_information": detail.may_request_information,
            "nazorg_section": case_nazorg_section(user=user, case=case),
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
