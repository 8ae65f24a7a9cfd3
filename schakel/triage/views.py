from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import get_visible_case, may_direct_case, require_role
from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CaseState
from schakel.core.writes import perform, submit
from schakel.triage import services
from schakel.triage.forms import TriageDecisionForm
from schakel.triage.models import TriageOutcome


def _melding_section(case) -> str:
    return reverse("cases:section", kwargs={"pk": case.pk, "section": "melding"})


def _directed_case(request: HttpRequest, case_pk: int):
    """The case for a triage step: 403 without the role, 404 for an outsider."""
    require_role(request.user, Role.PROCESREGISSEUR)
    case = get_visible_case(request.user, case_pk)
    if not may_direct_case(request.user, case):
        raise PermissionDenied(_("U bent geen procesregisseur van deze casus."))
    return case


@require_POST
@login_required
def start_triage_view(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _directed_case(request, case_pk)
    return perform(
        request,
        lambda: services.start_triage(actor=request.user, case=case),
        success=_("De casus staat klaar voor het weegoverleg."),
        redirect_to=_melding_section(case),
    )


@login_required
def decide_view(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _directed_case(request, case_pk)
    form = TriageDecisionForm(request.POST if request.method == "POST" else None, case=case)
    if request.method == "POST" and form.is_valid():

        def announce(decision) -> None:
            if decision.outcome == TriageOutcome.AGENDEREN:
                message = _("De casus is geagendeerd op %(table)s.") % {"table": decision.table}
            else:
                message = _("Triagebesluit vastgelegd: %(outcome)s.") % {
                    "outcome": decision.get_outcome_display()
                }
            messages.success(request, message)

        done = submit(
            request,
            form,
            lambda: services.decide_triage(actor=request.user, case=case, **form.cleaned_data),
            success=announce,
            redirect_to=_melding_section(case),
        )
        if done:
            return done
    record_access(
        actor=request.user,
        action=AccessAction.READ,
        case=case,
        detail=_("Triageformulier"),
    )
    return render(
        request,
        "triage/decide.html",
        {"case": case, "form": form, "in_triage": case.state == CaseState.IN_TRIAGE},
    )
