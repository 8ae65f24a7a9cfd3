from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import CASE_ROLES, get_visible_case, may_direct_case, require_role
from schakel.accounts.roles import Role
from schakel.cases.forms import CaseFilterForm, CaseMergeForm
from schakel.cases.lifecycle import CaseState, is_allowed
from schakel.cases.selectors import case_detail, case_list, main_persons_by_case
from schakel.cases.services import merge_case
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


@login_required
def case_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, *CASE_ROLES)
    detail = case_detail(user=request.user, pk=pk)
    record_access(
        user=request.user,
        action=AccessAction.READ,
        request=request,
        case=detail.case,
        persons=[entry.person for entry in detail.persons],
        purpose="Casuspagina",
    )
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": detail.case,
            "detail": detail,
            "information_requests": list(requests_for_case(user=request.user, case=detail.case)),
            "triage_decisions": list(decisions_for_case(case=detail.case)),
            "may_request_information": detail.may_request_information,
            "may_direct": detail.may_direct,
            "meetings_section": case_meetings_section(user=request.user, case=detail.case),
            "plan_section": case_plan_section(user=request.user, case=detail.case),
            "followup_section": case_followup_section(user=request.user, case=detail.case),
            "closure_section": case_closure_section(user=request.user, case=detail.case),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_merge_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a duplicate melding as samengevoegd, after the procesregisseur confirms."""
    user = request.user
    require_role(user, Role.PROCESREGISSEUR)
    case = get_visible_case(user, pk)
    if not may_direct_case(user, case):
        raise PermissionDenied(_("U bent geen procesregisseur van deze casus."))
    if not is_allowed(case.state, CaseState.SAMENGEVOEGD):
        messages.error(
            request,
            _("Een casus met status ‘%(state)s’ kan niet worden samengevoegd.")
            % {"state": case.get_state_display()},
        )
        return redirect("cases:detail", pk=case.pk)
    form = CaseMergeForm(request.POST or None, user=user, case=case)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        try:
            merge_case(
                user=user,
                request=request,
                case=case,
                into=target,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Casus %(source)s is samengevoegd met casus %(target)s.")
                % {"source": case.reference, "target": target.reference},
            )
            return redirect("cases:detail", pk=target.pk)
    return render(request, "cases/case_merge.html", {"case": case, "form": form})
