"""Pages of the plan van aanpak. Thin: the policy decides, the services write."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import (
    PlanScope,
    is_procesregie,
    may_edit_plan,
    may_update_intervention,
    partner_organisation_id,
    require_role,
)
from schakel.access.rules import CASE_ROLES
from schakel.cases.selectors import persons_in_case
from schakel.core.concurrency import save_versioned
from schakel.core.writes import submit
from schakel.meetings.models import MeetingStatus
from schakel.meetings.services import has_started
from schakel.plans import selectors, services
from schakel.plans.compare import (
    analysis_text,
    compare_snapshots,
    general_rows,
    goal_text,
    intervention_text,
    readable_snapshot,
)
from schakel.plans.forms import (
    AgreeForm,
    AnalysesForm,
    CompareForm,
    GoalForm,
    InterventionForm,
    PlanGeneralForm,
    ProgressForm,
    RemoveForm,
    region_organisations,
)
from schakel.plans.models import Plan
from schakel.plans.printing import render_version_pdf
from schakel.plans.snapshot import plan_snapshot

if TYPE_CHECKING:
    from django import forms

    from schakel.cases.models import Case
    from schakel.plans.models import PlanVersion

PURPOSE = "Plan van aanpak"


def _case_and_scope(request: HttpRequest, case_pk: int) -> tuple[Case, str]:
    """403 without a case role, 404 when the user has no access to this case's plan."""
    require_role(request.user, *CASE_ROLES)
    return selectors.get_case_with_plan_scope(user=request.user, case_pk=case_pk)


def _log_read(request: HttpRequest, case: Case, detail: str, obj: object | None = None) -> None:
    record_access(
        actor=request.user,
        action=AccessAction.READ,
        case=case,
        persons=persons_in_case(case),
        obj=obj,
        purpose=PURPOSE,
        detail=detail,
    )


def _editable_plan(request: HttpRequest, case_pk: int) -> tuple[Case, Plan]:
    case, scope = _case_and_scope(request, case_pk)
    if scope != PlanScope.REGIE:
        raise PermissionDenied(_("Alleen de procesregisseur van deze casus wijzigt het plan."))
    plan = selectors.plan_of_case(case=case)
    if plan is None or not may_edit_plan(user=request.user, case=case):
        raise PermissionDenied(
            _("Het plan van deze casus kan in deze status niet worden gewijzigd.")
        )
    plan.case = case
    return case, plan


def _plan_url(case: Case):
    return redirect("plans:detail", case_pk=case.pk)


@login_required
def plan_detail_view(request: HttpRequest, case_pk: int) -> HttpResponse:
    case, scope = _case_and_scope(request, case_pk)
    page = selectors.plan_page(user=request.user, case=case, scope=scope)
    _log_read(request, case, _("Plan van aanpak ingezien"), obj=page.plan)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "case": case,
            "page": page,
            "plan": page.plan,
            "is_regie": scope == PlanScope.REGIE,
            "agree_refusals": services.agree_refusals(page.plan) if page.may_edit else [],
        },
    )


def _edit(
    request: HttpRequest,
    *,
    case: Case,
    plan: Plan,
    make_form: Callable[..., forms.Form],
    initial: Callable[[], dict],
    save: Callable[[forms.Form], object],
    current: Callable[[], list[tuple[str, str]]],
    title: str,
    success: str,
    submit: str,
    template: str = "plans/edit.html",
    extra: dict | None = None,
) -> HttpResponse:
    """One editing page: a form with the plan's revision, and the conflict path.

    On a conflict the same form comes back with everything the user typed, the hidden
    revision moved to the current one, the Dutch conflict message and both versions
    (schakel.core.concurrency, shared with every other edit form).
    """
    conflict = None
    if request.method == "POST":
        form, conflict, saved = save_versioned(
            request,
            make_form=make_form,
            save=save,
            current_rows=lambda _conflict: current(),
            version_field_name="revision",
        )
        if saved:
            messages.success(request, success)
            return _plan_url(case)
    else:
        form = make_form(initial=initial())
    _log_read(request, case, title, obj=plan)
    return render(
        request,
        template,
        {
            "case": case,
            "plan": plan,
            "form": form,
            "title": title,
            "submit": submit,
            "conflict": conflict,
            **(extra or {}),
        },
    )


def _existing_or_404(request: HttpRequest, queryset):
    """The goal or intervention being edited. When someone removed it while this user was
    typing, a POST still comes back as a conflict with the text kept; a GET is a 404."""
    found = queryset.first()
    if found is None and request.method != "POST":
        raise Http404(_("Dit onderdeel van het plan bestaat niet (meer)."))
    return found


def _fresh_snapshot(plan: Plan) -> dict:
    return plan_snapshot(Plan.objects.get(pk=plan.pk))


@login_required
def general_edit_view(request: HttpRequest, case_pk: int) -> HttpResponse:
    case, plan = _editable_plan(request, case_pk)

    def save(form):
        data = dict(form.cleaned_data)
        revision = data.pop("revision")
        services.update_plan_general(
            plan=plan, actor=request.user, expected_revision=revision, **data
        )

    return _edit(
        request,
        case=case,
        plan=plan,
        make_form=lambda **kwargs: PlanGeneralForm(case=case, **kwargs),
        initial=lambda: PlanGeneralForm.initial_for(plan),
        save=save,
        current=lambda: general_rows(_fresh_snapshot(plan)),
        title=_("Algemeen deel van het plan wijzigen"),
        success=_("Het algemeen deel van het plan is opgeslagen."),
        submit=_("Opslaan"),
    )


@login_required
def analyses_edit_view(request: HttpRequest, case_pk: int) -> HttpResponse:
    case, plan = _editable_plan(request, case_pk)
    domains = list(selectors.life_domains())

    def save(form):
        services.update_analyses(
            plan=plan,
            actor=request.user,
            expected_revision=form.cleaned_data["revision"],
            analyses=form.analyses(),
            markings=form.markings(),
        )

    def current():
        return [
            (item["life_domain"], analysis_text(item)) for item in _fresh_snapshot(plan)["analyses"]
        ]

    return _edit(
        request,
        case=case,
        plan=plan,
        make_form=lambda **kwargs: AnalysesForm(domains=domains, case=case, **kwargs),
        initial=lambda: AnalysesForm.initial_for(
            plan, plan.analyses.prefetch_related("confidential_for")
        ),
        save=save,
        current=current,
        title=_("Analyse per leefgebied"),
        success=_("De analyse per leefgebied is opgeslagen."),
        submit=_("Opslaan"),
        template="plans/analyses_edit.html",
    )


def _goal_current(plan: Plan, goal_pk: int | None) -> Callable[[], list[tuple[str, str]]]:
    def current():
        snapshot = _fresh_snapshot(plan)
        if goal_pk is None:
            return [
                (_("Subdoel %(id)s") % {"id": g["id"]}, goal_text(g)) for g in snapshot["goals"]
            ]
        for goal in snapshot["goals"]:
            if goal["id"] == goal_pk:
                return [(_("Subdoel"), goal_text(goal))]
        return [(_("Subdoel"), _("Dit subdoel is intussen verwijderd."))]

    return current


@login_required
def goal_edit_view(request: HttpRequest, case_pk: int, goal_pk: int | None = None) -> HttpResponse:
    case, plan = _editable_plan(request, case_pk)
    goal = _existing_or_404(request, plan.goals.filter(pk=goal_pk)) if goal_pk else None

    def save(form):
        if goal_pk and goal is None:
            raise services.PlanConflict(plan)
        data = dict(form.cleaned_data)
        services.save_goal(
            plan=plan,
            actor=request.user,
            expected_revision=data.pop("revision"),
            goal=goal,
            **data,
        )

    return _edit(
        request,
        case=case,
        plan=plan,
        make_form=GoalForm,
        initial=lambda: GoalForm.initial_for(plan, goal),
        save=save,
        current=_goal_current(plan, goal_pk),
        title=_("Subdoel wijzigen") if goal else _("Subdoel toevoegen"),
        success=_("Het subdoel is opgeslagen."),
        submit=_("Subdoel opslaan"),
    )


def _intervention_current(plan: Plan, pk: int | None) -> Callable[[], list[tuple[str, str]]]:
    def current():
        snapshot = _fresh_snapshot(plan)
        items = snapshot["interventions"]
        if pk is None:
            return [
                (_("Interventie %(id)s") % {"id": i["id"]}, intervention_text(i)) for i in items
            ]
        for item in items:
            if item["id"] == pk:
                return [(_("Interventie"), intervention_text(item))]
        return [(_("Interventie"), _("Deze interventie is intussen verwijderd."))]

    return current


@login_required
def intervention_edit_view(
    request: HttpRequest, case_pk: int, intervention_pk: int | None = None
) -> HttpResponse:
    case, plan = _editable_plan(request, case_pk)
    intervention = (
        _existing_or_404(
            request, selectors.interventions_of_plan(plan=plan).filter(pk=intervention_pk)
        )
        if intervention_pk
        else None
    )

    def save(form):
        if intervention_pk and intervention is None:
            raise services.PlanConflict(plan)
        data = dict(form.cleaned_data)
        services.save_intervention(
            plan=plan,
            actor=request.user,
            expected_revision=data.pop("revision"),
            intervention=intervention,
            **data,
        )
        # Allowed (the table may agree on it before the partner has people in Schakel),
        # but nobody will act on it: said at once, next to the success message.
        holder = data["organisation"]
        if not selectors.task_recipients([holder.pk]).get(holder.pk):
            messages.warning(request, selectors.no_recipients_message(holder))

    return _edit(
        request,
        case=case,
        plan=plan,
        make_form=lambda **kwargs: InterventionForm(plan=plan, **kwargs),
        initial=lambda: InterventionForm.initial_for(plan, intervention),
        save=save,
        current=_intervention_current(plan, intervention_pk),
        title=_("Interventie wijzigen") if intervention else _("Interventie toevoegen"),
        success=_("De interventie is opgeslagen."),
        submit=_("Interventie opslaan"),
        extra={"holder": _chosen_holder(request, plan, intervention)},
    )


def _chosen_holder(request: HttpRequest, plan: Plan, intervention) -> dict | None:
    """The organisation the form holds now (sent, or stored) and who gets its tasks."""
    chosen = request.POST.get("organisation", "") if request.method == "POST" else None
    if chosen is None:
        organisation_id = intervention.organisation_id if intervention else None
    else:
        organisation_id = int(chosen) if chosen.isdigit() else None
    organisation = (
        region_organisations(plan.case).filter(pk=organisation_id).first()
        if organisation_id
        else None
    )
    if organisation is None:
        return None
    recipients = selectors.task_recipients([organisation.pk]).get(organisation.pk, [])
    return {
        "organisation": organisation,
        "recipients": recipients,
        "warning": None if recipients else selectors.no_recipients_message(organisation),
    }


@login_required
def goal_remove_view(request: HttpRequest, case_pk: int, goal_pk: int) -> HttpResponse:
    case, plan = _editable_plan(request, case_pk)
    goal = selectors.get_goal(plan=plan, pk=goal_pk)
    return _edit(
        request,
        case=case,
        plan=plan,
        make_form=RemoveForm,
        initial=lambda: {"revision": plan.revision},
        save=lambda form: services.remove_goal(
            plan=plan,
            actor=request.user,
            expected_revision=form.cleaned_data["revision"],
            goal=goal,
        ),
        current=_goal_current(plan, goal_pk),
        title=_("Subdoel verwijderen"),
        success=_("Het subdoel is verwijderd."),
        submit=_("Verwijderen"),
        template="plans/remove.html",
        extra={"subject": goal.description},
    )


@login_required
def intervention_remove_view(
    request: HttpRequest, case_pk: int, intervention_pk: int
) -> HttpResponse:
    case, plan = _editable_plan(request, case_pk)
    intervention = selectors.get_intervention(plan=plan, pk=intervention_pk)
    return _edit(
        request,
        case=case,
        plan=plan,
        make_form=RemoveForm,
        initial=lambda: {"revision": plan.revision},
        save=lambda form: services.remove_intervention(
            plan=plan,
            actor=request.user,
            expected_revision=form.cleaned_data["revision"],
            intervention=intervention,
        ),
        current=_intervention_current(plan, intervention_pk),
        title=_("Interventie verwijderen"),
        success=_("De interventie is verwijderd."),
        submit=_("Verwijderen"),
        template="plans/remove.html",
        extra={"subject": intervention.description},
    )


@login_required
def progress_view(request: HttpRequest, case_pk: int, intervention_pk: int) -> HttpResponse:
    """A partner reports progress on an intervention of its own organisation."""
    case, scope = _case_and_scope(request, case_pk)
    plan = selectors.plan_of_case(case=case)
    if plan is None:
        raise Http404(_("Deze casus heeft nog geen plan van aanpak."))
    intervention = selectors.get_intervention(plan=plan, pk=intervention_pk)
    own = may_update_intervention(request.user, intervention)
    if scope == PlanScope.EIGEN and not own:
        # An EIGEN partner does not even see other organisations' interventions.
        raise Http404(_("Deze interventie bestaat niet (meer)."))
    if not own:
        raise PermissionDenied(
            _("Alleen de organisatie die deze interventie uitvoert, meldt de voortgang.")
        )
    form = ProgressForm(
        request.POST if request.method == "POST" else None,
        initial={"status": intervention.status},
        case=case,
        writer_is_procesregie=is_procesregie(request.user),
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.report_progress(
                intervention=intervention, actor=request.user, **form.progress()
            ),
            success=_("De voortgang is vastgelegd."),
            redirect_to=reverse("plans:detail", kwargs={"case_pk": case.pk}),
        )
        if done:
            return done
    _log_read(request, case, _("Voortgang interventie"), obj=intervention)
    return render(
        request,
        "plans/progress.html",
        {"case": case, "intervention": intervention, "form": form},
    )


@login_required
def agree_view(request: HttpRequest, case_pk: int) -> HttpResponse:
    case, plan = _editable_plan(request, case_pk)
    meetings = selectors.agree_meetings(user=request.user, case=case)
    offered, coming = [], []
    for meeting in meetings:
        if meeting.status == MeetingStatus.CANCELLED:
            continue
        (offered if has_started(meeting) else coming).append(meeting)
    requested = request.GET.get("overleg", "")
    initial = {"revision": plan.revision}
    if requested.isdigit() and int(requested) in {meeting.pk for meeting in offered}:
        initial["meeting"] = int(requested)

    def save(form):
        services.agree_plan(
            plan=plan,
            actor=request.user,
            meeting=form.cleaned_data["meeting"],
            expected_revision=form.cleaned_data["revision"],
        )

    return _edit(
        request,
        case=case,
        plan=plan,
        make_form=lambda **kwargs: AgreeForm(meetings=meetings, offered=offered, **kwargs),
        initial=lambda: initial,
        save=save,
        current=lambda: general_rows(_fresh_snapshot(plan)),
        title=_("Plan van aanpak vaststellen"),
        success=_("Het plan van aanpak is vastgesteld."),
        submit=_("Plan vaststellen"),
        template="plans/agree.html",
        extra={
            "refusals": services.agree_refusals(plan),
            "has_meetings": bool(offered or coming),
            "coming_meetings": coming,
        },
    )


def _versions_context(request: HttpRequest, case_pk: int) -> tuple[Case, str, Plan | None]:
    case, scope = _case_and_scope(request, case_pk)
    return case, scope, selectors.plan_of_case(case=case)


def _scoped(request: HttpRequest, version: PlanVersion, scope: str) -> dict:
    return selectors.scoped_snapshot(
        version.snapshot,
        scope=scope,
        organisation_id=partner_organisation_id(request.user),
        user=request.user,
    )


@login_required
def versions_view(request: HttpRequest, case_pk: int) -> HttpResponse:
    case, scope, plan = _versions_context(request, case_pk)
    versions = selectors.versions_of(plan=plan) if plan is not None else []
    _log_read(request, case, _("Versies van het plan"), obj=plan)
    return render(
        request,
        "plans/versions.html",
        {
            "case": case,
            "versions": versions,
            "compare_form": CompareForm(
                initial={
                    "a": versions[1].number if len(versions) > 1 else 1,
                    "b": versions[0].number if versions else 1,
                }
            ),
            "may_print": scope != PlanScope.EIGEN,
        },
    )


@login_required
def version_view(request: HttpRequest, case_pk: int, number: int) -> HttpResponse:
    case, scope, plan = _versions_context(request, case_pk)
    version = selectors.get_version(plan=plan, number=number)
    _log_read(request, case, _("Versie %(number)s van het plan") % {"number": number}, obj=version)
    return render(
        request,
        "plans/version_detail.html",
        {
            "case": case,
            "version": version,
            "snapshot": readable_snapshot(_scoped(request, version, scope)),
            "shows_analysis": scope != PlanScope.EIGEN,
            "may_print": scope != PlanScope.EIGEN,
        },
    )


@login_required
def compare_view(request: HttpRequest, case_pk: int) -> HttpResponse:
    case, scope, plan = _versions_context(request, case_pk)
    form = CompareForm(request.GET)
    if not form.is_valid():
        raise Http404(_("Kies twee versies om te vergelijken."))
    old = selectors.get_version(plan=plan, number=form.cleaned_data["a"])
    new = selectors.get_version(plan=plan, number=form.cleaned_data["b"])
    sections = compare_snapshots(
        _scoped(request, old, scope),
        _scoped(request, new, scope),
        with_analyses=scope != PlanScope.EIGEN,
    )
    _log_read(
        request,
        case,
        _("Versies %(a)s en %(b)s vergeleken") % {"a": old.number, "b": new.number},
        obj=plan,
    )
    return render(
        request,
        "plans/compare.html",
        {"case": case, "old": old, "new": new, "sections": sections},
    )


@login_required
def version_pdf_view(request: HttpRequest, case_pk: int, number: int) -> HttpResponse:
    case, scope, plan = _versions_context(request, case_pk)
    if scope == PlanScope.EIGEN:
        raise PermissionDenied(_("De PDF van het plan is er alleen voor de partners aan tafel."))
    version = selectors.get_version(plan=plan, number=number)
    pdf = render_version_pdf(case=case, version=version, snapshot=_scoped(request, version, scope))
    record_access(
        actor=request.user,
        action=AccessAction.EXPORT,
        case=case,
        persons=persons_in_case(case),
        obj=version,
        purpose=PURPOSE,
        detail=_("PDF van versie %(number)s") % {"number": version.number},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="plan-van-aanpak-{case.reference}-v{version.number}.pdf"'
    )
    return response
