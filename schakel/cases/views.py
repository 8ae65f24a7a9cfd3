from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import get_visible_case, may_direct_case, require_role
from schakel.access.rules import CASE_ROLES
from schakel.accounts.roles import Role
from schakel.cases.forms import (
    CaseFilterForm,
    CaseMergeForm,
    CaseSearchForm,
    reference_fragment,
)
from schakel.cases.lifecycle import CaseState, is_allowed
from schakel.cases.selectors import (
    case_list,
    main_persons_by_case,
    search_by_name,
    search_by_reference,
)
from schakel.cases.services import merge_case
from schakel.core.paging import COUNT_CAP, page_of
from schakel.core.writes import submit

CASES_PER_PAGE = 25


REFERENCE_PARAMETER = "kenmerk"


@login_required
@require_http_methods(["GET", "POST"])
def case_list_view(request: HttpRequest) -> HttpResponse:
    """The visible cases, filtered (GET), or searched by part of the reference (GET, as
    ?kenmerk=) or by a person's name (POST only: a name never goes into a URL)."""
    require_role(request.user, *CASE_ROLES)
    user = request.user
    search_form = CaseSearchForm(request.POST if request.method == "POST" else None)
    fragment = ""
    name = ""
    if request.method == "POST":
        if search_form.is_valid():
            term = search_form.cleaned_data["zoekterm"]
            if (typed := reference_fragment(term)) is not None:
                query = QueryDict(mutable=True)
                query[REFERENCE_PARAMETER] = typed
                return redirect(f"{reverse('cases:list')}?{query.urlencode()}")
            name = term
    elif REFERENCE_PARAMETER in request.GET:
        typed = reference_fragment(request.GET[REFERENCE_PARAMETER])
        if typed is None:
            search_form.add_error(None, _("Zoek hier alleen op een kenmerk, met cijfers."))
        else:
            fragment = typed
            search_form = CaseSearchForm(initial={"zoekterm": typed})
    searching = bool(fragment or name)

    form = CaseFilterForm(request.GET or None, user=user)
    filters = form.filters() if form.is_bound and not name else {}
    cases = case_list(user=user, **filters)
    if fragment:
        cases = search_by_reference(cases, fragment)
    elif name:
        cases = search_by_name(cases, name)
    elif search_form.errors:
        cases = cases.none()
    # A name search pages by POST, so that the name stays out of the URL.
    paging = page_of(request, cases, CASES_PER_PAGE, by_post=bool(name), count_cap=COUNT_CAP)
    page = paging.page
    main_persons = main_persons_by_case(cases=list(page))
    rows = [(case, main_persons.get(case.pk, [])) for case in page]
    shown = [person for persons in main_persons.values() for person in persons]
    if searching:
        # Logged whether or not anything was found; the term itself is not written down.
        record_access(
            actor=user,
            action=AccessAction.SEARCH,
            persons=shown,
            purpose="Casuslijst",
            detail=_("Casussen zoeken op %(field)s; %(count)s gevonden")
            % {
                "field": _("kenmerk") if fragment else _("naam"),
                "count": (
                    _("meer dan %(count)s") % {"count": page.paginator.count}
                    if paging.is_capped
                    else page.paginator.count
                ),
            },
        )
    elif shown:
        record_access(
            actor=user,
            action=AccessAction.READ,
            persons=shown,
            purpose="Casuslijst",
            detail=", ".join(case.reference for case, persons in rows if persons),
        )
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "search_form": search_form,
            "searching": searching,
            "name_search": bool(name),
            "page": page,
            "paging": paging,
            "rows": rows,
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
        done = submit(
            request,
            form,
            lambda: merge_case(
                actor=user,
                case=case,
                into=target,
                reason=form.cleaned_data["reason"],
            ),
            success=_("Casus %(source)s is samengevoegd met casus %(target)s.")
            % {"source": case.reference, "target": target.reference},
            redirect_to=reverse("cases:detail", args=[target.pk]),
        )
        if done:
            return done
    return render(request, "cases/case_merge.html", {"case": case, "form": form})
