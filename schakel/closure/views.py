import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.access import rules
from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import get_visible_case, may_direct_case, require_role
from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case
from schakel.closure import services
from schakel.closure.forms import (
    ACTION_DE_ESCALATE,
    CloseForm,
    DeEscalationForm,
    EvaluationForm,
    ImprovementFilterForm,
)
from schakel.closure.selectors import (
    deescalation_for,
    improvement_rows,
    improvement_tables,
    improvement_years,
    main_goal_of,
)
from schakel.core.concurrency import save_versioned
from schakel.core.paging import page_of
from schakel.core.spreadsheets import safe_cell
from schakel.core.writes import submit


def _directed_case(request: HttpRequest, case_pk: int) -> Case:
    """The case for a procesregie step: 403 without the role, 404 for an outsider."""
    require_role(request.user, Role.PROCESREGISSEUR)
    case = get_visible_case(request.user, case_pk)
    if not may_direct_case(request.user, case):
        raise PermissionDenied(_("U bent geen procesregisseur van deze casus."))
    return case


def _closure_section(case: Case) -> str:
    return reverse("cases:section", kwargs={"pk": case.pk, "section": "afsluiting"})


def _refuse_state(request: HttpRequest, case: Case, message: str) -> HttpResponse:
    """Back to the case page (its closure section) with why this step is not possible in the case's state."""
    messages.error(request, message % {"state": CaseState(case.state).label})
    return redirect(_closure_section(case))


def _log_read(request: HttpRequest, case: Case, detail: str) -> None:
    record_access(actor=request.user, action=AccessAction.READ, case=case, detail=detail)


@login_required
def de_escalation_view(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _directed_case(request, case_pk)
    if case.state not in services.DE_ESCALATION_STATES:
        return _refuse_state(
            request,
            case,
            _("Een casus met status ‘%(state)s’ kan niet worden afgeschaald."),
        )
    deescalation = deescalation_for(case=case)
    conflict = None
    if request.method == "POST":
        de_escalating = request.POST.get("actie") == ACTION_DE_ESCALATE

        def save(form):
            version, _checklist = form.split_version()
            if de_escalating:
                services.de_escalate(
                    case=case,
                    actor=request.user,
                    checklist=form.checklist(),
                    expected_version=version,
                )
            else:
                services.save_deescalation(
                    actor=request.user,
                    case=case,
                    checklist=form.checklist(),
                    expected_version=version,
                )

        form, conflict, saved = save_versioned(
            request,
            make_form=lambda **kwargs: DeEscalationForm(case=case, **kwargs),
            save=save,
            current_values=_checklist_initial,
        )
        if saved:
            if de_escalating:
                messages.success(request, _("De casus is afgeschaald; de regie is teruggelegd."))
            else:
                messages.success(request, _("De afschaalchecklist is als concept opgeslagen."))
            return redirect(_closure_section(case))
    else:
        form = DeEscalationForm(initial=_checklist_initial(deescalation), case=case)
    _log_read(request, case, _("Afschaalchecklist"))
    return render(
        request,
        "closure/de_escalate.html",
        {
            "case": case,
            "form": form,
            "action_de_escalate": ACTION_DE_ESCALATE,
            "conflict": conflict,
        },
    )


def _checklist_initial(deescalation) -> dict:
    """What the checklist form opens with; a checklist nobody saved yet is version 0."""
    if deescalation is None:
        return {"version": 0}
    return {
        **{name: getattr(deescalation, name) for name in DeEscalationForm.base_fields},
        "version": deescalation.version,
    }


@login_required
def close_view(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _directed_case(request, case_pk)
    if case.state not in services.CLOSE_STATES:
        return _refuse_state(
            request, case, _("Een casus met status ‘%(state)s’ kan niet worden afgesloten.")
        )
    form = CloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.close_case(
                case=case,
                actor=request.user,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                evaluation=form.evaluation(),
            ),
            success=_("De casus is afgesloten en geëvalueerd."),
            redirect_to=_closure_section(case),
        )
        if done:
            return done
    _log_read(request, case, _("Afsluiten"))
    return render(
        request,
        "closure/close.html",
        {"case": case, "form": form, "main_goal": main_goal_of(case=case)},
    )


@login_required
def evaluation_view(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _directed_case(request, case_pk)
    if case.state not in services.EVALUATION_STATES:
        return _refuse_state(
            request,
            case,
            _(
                "Een evaluatie achteraf kan alleen bij een afgesloten casus; deze casus heeft "
                "de status ‘%(state)s’."
            ),
        )
    form = EvaluationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.add_evaluation(
                case=case, actor=request.user, evaluation=form.evaluation()
            ),
            success=_("De evaluatie is toegevoegd."),
            redirect_to=_closure_section(case),
        )
        if done:
            return done
    _log_read(request, case, _("Evaluatie"))
    return render(request, "closure/evaluation.html", {"case": case, "form": form})


IMPROVEMENTS_PER_PAGE = 50


def _improvement_filter(request: HttpRequest) -> ImprovementFilterForm:
    return ImprovementFilterForm(
        request.GET or None,
        tables=improvement_tables(user=request.user),
        years=improvement_years(user=request.user),
    )


@login_required
def improvements_view(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *rules.IMPROVEMENT_ROLES)
    form = _improvement_filter(request)
    paging = page_of(
        request, improvement_rows(user=request.user, **form.filters()), IMPROVEMENTS_PER_PAGE
    )
    return render(
        request,
        "closure/improvements.html",
        {
            "form": form,
            "page": paging.page,
            "paging": paging,
            # The export takes every row of the selection: the filters, not the page.
            "filter_query": paging.query,
        },
    )


@login_required
def improvements_export_view(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *rules.IMPROVEMENT_ROLES)
    form = _improvement_filter(request)
    rows = improvement_rows(user=request.user, **form.filters())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"verbetervoorstellen-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Byte order mark and semicolons: what a Dutch spreadsheet program opens without asking.
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [_("Datum"), _("Regietafel"), _("Verbetervoorstel"), _("Leerpunten"), _("Resultaat")]
    )
    for row in rows:
        writer.writerow(
            [
                timezone.localtime(row.at).date().isoformat(),
                safe_cell(row.table_name),
                safe_cell(row.verbetervoorstellen),
                safe_cell(row.leerpunten),
                row.outcome_label,
            ]
        )
    record_access(
        actor=request.user,
        action=AccessAction.EXPORT,
        purpose=_("Verbetervoorstellen voor de stuurgroep"),
        detail=_("CSV-export verbetervoorstellen, %(count)d regels") % {"count": len(rows)},
    )
    return response
