"""Views of Volhouden and Opschalen: thin, the policy and the services decide."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schakel.access import policy, rules
from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import get_visible_case, may_direct_case, require_role
from schakel.access.rules import CASE_ROLES
from schakel.core.concurrency import save_versioned
from schakel.core.paging import page_of
from schakel.core.writes import submit
from schakel.followup import selectors, services
from schakel.followup.forms import (
    ActionCancelForm,
    ActionFilterForm,
    ActionForm,
    ActionResultForm,
    EscalationAnswerForm,
    EscalationForm,
    EscalationResolveForm,
    MeasurementForm,
)

PAGE_SIZE = 50
AGENDA_PARAMETER = "agendapunt"


def _directed_case(request: HttpRequest, case_pk: int, message: str):
    """The case for a procesregie write: 403 without a case role, 404 when not visible,
    403 when visible but not directed by this user."""
    require_role(request.user, *CASE_ROLES)
    case = get_visible_case(request.user, case_pk)
    if not may_direct_case(request.user, case):
        raise PermissionDenied(message)
    return case


def _read_case(request: HttpRequest, case, detail: str, obj=None) -> None:
    record_access(
        actor=request.user,
        action=AccessAction.READ,
        case=case,
        obj=obj,
        detail=detail,
    )


@login_required
def action_list_view(request: HttpRequest) -> HttpResponse:
    """'Mijn acties': procesregie sees its tables' actions, a partner its own organisation's."""
    require_role(request.user, *rules.ACTION_ROLES)
    filter_form = ActionFilterForm(request.GET or None)
    status_filter = filter_form.status_filter()
    paging = page_of(
        request, selectors.action_list(user=request.user, status_filter=status_filter), PAGE_SIZE
    )
    page = paging.page
    if page.object_list:
        record_access(
            actor=request.user,
            action=AccessAction.READ,
            detail=_("Lijst acties: %(ids)s")
            % {"ids": ", ".join(str(action.pk) for action in page.object_list)},
        )
    return render(
        request,
        "followup/action_list.html",
        {
            "page": page,
            "paging": paging,
            "filter_form": filter_form,
            "status_filter": status_filter,
        },
    )


@login_required
def action_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, *rules.ACTION_ROLES)
    action = selectors.get_visible_action(user=request.user, pk=pk)
    _read_case(request, action.case, _("Actie"), obj=action)
    return _render_action(request, action)


def _render_action(
    request, action, *, result_form=None, cancel_form=None, conflict=None, status=200
):
    may_complete = policy.may_complete_action(user=request.user, action=action)
    may_cancel = policy.may_cancel_action(user=request.user, action=action)
    return render(
        request,
        "followup/action_detail.html",
        {
            "action": action,
            "case": action.case,
            "result_form": (result_form or _versioned(ActionResultForm, action))
            if may_complete
            else None,
            "cancel_form": (cancel_form or _versioned(ActionCancelForm, action))
            if may_cancel
            else None,
            "conflict": conflict,
        },
        status=status,
    )


def _versioned(form_class, obj, **initial):
    return form_class(initial={**initial, "version": obj.version})


def _is_stale(request: HttpRequest, form_class, obj) -> bool:
    """Whether the POST was made on a form opened before the last change of obj: then the
    answer is the conflict page with both versions, not a bare 'already handled'."""
    posted = request.POST.get(form_class().add_prefix("version"), "")
    return posted.isdigit() and len(posted) < 11 and int(posted) != obj.version


def _handle_action(
    request: HttpRequest,
    pk: int,
    *,
    form_class,
    may,
    refusal: str,
    write,
    success: str,
    form_key: str,
) -> HttpResponse:
    require_role(request.user, *rules.ACTION_ROLES)
    action = selectors.get_visible_action(user=request.user, pk=pk)
    if not _is_stale(request, form_class, action):
        if not action.is_open:
            messages.error(request, _("Deze actie is al afgehandeld."))
            return redirect("followup:action_detail", pk=action.pk)
        if not may(user=request.user, action=action):
            raise PermissionDenied(refusal)
    # A stale form reaches the service too: its version check refuses before anything else.
    form, conflict, saved = save_versioned(
        request,
        make_form=form_class,
        save=lambda form: write(
            actor=request.user,
            action=action,
            text=form.cleaned_data["result"],
            expected_version=form.cleaned_data["version"],
        ),
        current_values=lambda current: {"result": current.result},
    )
    if saved:
        messages.success(request, success)
        return redirect("followup:action_detail", pk=action.pk)
    if conflict is not None:
        action = selectors.get_visible_action(user=request.user, pk=pk)
    _read_case(request, action.case, _("Actie"), obj=action)
    return _render_action(request, action, conflict=conflict, **{form_key: form})


@require_POST
@login_required
def action_complete_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _handle_action(
        request,
        pk,
        form_class=ActionResultForm,
        may=policy.may_complete_action,
        refusal=_("U kunt deze actie niet gereed melden."),
        write=lambda *, text, **kwargs: services.complete_action(result=text, **kwargs),
        success=_("De actie is gereed gemeld."),
        form_key="result_form",
    )


@require_POST
@login_required
def action_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _handle_action(
        request,
        pk,
        form_class=ActionCancelForm,
        may=policy.may_cancel_action,
        refusal=_("Alleen de procesregie kan een actie laten vervallen."),
        write=lambda *, text, **kwargs: services.cancel_action(reason=text, **kwargs),
        success=_("De actie is vervallen."),
        form_key="cancel_form",
    )


@login_required
def action_create_view(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _directed_case(request, case_pk, _("Alleen de procesregie legt acties vast."))
    agenda_item = selectors.get_agenda_item_for_case(
        user=request.user, case=case, pk=request.GET.get(AGENDA_PARAMETER)
    )
    form = ActionForm(
        request.POST if request.method == "POST" else None, case=case, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.create_action(
                actor=request.user,
                case=case,
                agenda_item=agenda_item,
                **form.cleaned_data,
            ),
            success=_("De actie is vastgelegd."),
            redirect_to=reverse("cases:detail", args=[case.pk]),
        )
        if done:
            return done
    _read_case(request, case, _("Nieuwe actie"))
    return render(
        request,
        "followup/action_form.html",
        {"case": case, "form": form, "agenda_item": agenda_item},
    )


@login_required
def escalation_create_view(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _directed_case(request, case_pk, _("Alleen de procesregie kan een casus opschalen."))
    form = EscalationForm(request.POST if request.method == "POST" else None, case=case)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.raise_escalation(actor=request.user, case=case, **form.cleaned_data),
            success=_("De opschaling is vastgelegd."),
            redirect_to=reverse("cases:detail", args=[case.pk]),
        )
        if done:
            return done
    _read_case(request, case, _("Nieuwe opschaling"))
    return render(request, "followup/escalation_form.html", {"case": case, "form": form})


@login_required
def escalation_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The addressee of an escalation reads the question and the briefing written for them
    — not the case — and answers here."""
    escalation = selectors.get_addressed_escalation(user=request.user, pk=pk)
    may_answer = escalation.answered_at is None and escalation.status == "lopend"
    form = EscalationAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not may_answer:
            messages.error(request, _("Deze opschaling is al beantwoord of afgerond."))
            return redirect("followup:escalation_answer", pk=escalation.pk)
        if form.is_valid():
            done = submit(
                request,
                form,
                lambda: services.answer_escalation(
                    actor=request.user, escalation=escalation, **form.cleaned_data
                ),
                success=_("Uw antwoord is verstuurd aan de procesregisseur."),
                redirect_to=reverse("followup:escalation_answer", args=[escalation.pk]),
            )
            if done:
                return done
    _read_case(request, escalation.case, _("Opschaling gelezen door de geadresseerde"), escalation)
    return render(
        request,
        "followup/escalation_answer.html",
        {"escalation": escalation, "form": form if may_answer else None},
    )


@login_required
def escalation_resolve_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, *CASE_ROLES)
    escalation = selectors.get_directed_escalation(user=request.user, pk=pk)
    case = escalation.case
    if not may_direct_case(request.user, case):
        raise PermissionDenied(_("Alleen de procesregie rondt een opschaling af."))
    stale = request.method == "POST" and _is_stale(request, EscalationResolveForm, escalation)
    if escalation.resolved_on is not None and not stale:
        messages.error(request, _("Deze opschaling is al afgerond."))
        return redirect("cases:detail", pk=case.pk)
    conflict = None
    if request.method == "POST":

        def save(form):
            version, data = form.split_version()
            services.resolve_escalation(
                actor=request.user,
                escalation=escalation,
                expected_version=version,
                **data,
            )

        form, conflict, saved = save_versioned(
            request,
            make_form=EscalationResolveForm,
            save=save,
            current_values=lambda current: {
                "outcome": current.outcome,
                "resolved_on": current.resolved_on,
            },
        )
        if saved:
            messages.success(request, _("De opschaling is afgerond."))
            return redirect("cases:detail", pk=case.pk)
    else:
        form = _versioned(EscalationResolveForm, escalation)
    _read_case(request, case, _("Opschaling afronden"), obj=escalation)
    return render(
        request,
        "followup/escalation_resolve.html",
        {"case": case, "escalation": escalation, "form": form, "conflict": conflict},
    )


@login_required
def measurement_create_view(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _directed_case(request, case_pk, _("Alleen de procesregie legt de Stappenmeter vast."))
    agenda_item = selectors.get_agenda_item_for_case(
        user=request.user, case=case, pk=request.GET.get(AGENDA_PARAMETER)
    )
    plan, goals = selectors.plan_goals(case=case)
    if plan is None:
        messages.error(
            request, _("Deze casus heeft nog geen plan van aanpak om met de Stappenmeter te meten.")
        )
        return redirect("cases:detail", pk=case.pk)
    form = MeasurementForm(
        request.POST if request.method == "POST" else None, plan=plan, goals=goals
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.record_measurement(
                actor=request.user,
                case=case,
                agenda_item=agenda_item,
                **form.service_arguments(),
            ),
            success=_("De Stappenmeter is vastgelegd."),
            redirect_to=reverse("cases:detail", args=[case.pk]),
        )
        if done:
            return done
    _read_case(request, case, _("Nieuwe Stappenmeter"))
    return render(
        request,
        "followup/measurement_form.html",
        {"case": case, "form": form, "plan": plan, "agenda_item": agenda_item},
    )
