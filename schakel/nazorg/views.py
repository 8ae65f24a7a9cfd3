"""Views of nazorg en re-integratie: thin; the policy and the services decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schakel.access import rules
from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import (
    can_see_case,
    may_direct_nazorg,
    may_fill_quickscan,
    reintegration_officers,
    require_role,
)
from schakel.core.concurrency import EditConflict, save_versioned
from schakel.core.paging import page_of
from schakel.core.writes import perform, submit
from schakel.nazorg import selectors, services
from schakel.nazorg.forms import (
    CloseForm,
    DetentionNoticeForm,
    OfficerForm,
    QuickscanForm,
    ReleaseDateForm,
    TableDecisionForm,
    WorklistFilterForm,
)
from schakel.nazorg.models import ConditionStatus, DetentionNotice, NoticeStatus
from schakel.referrals.selectors import duplicate_candidates

PAGE_SIZE = 50
# Marks a second submit of the form, after the known persons were shown.
MATCH_SHOWN = "bekende_personen_getoond"


def _log_read(request: HttpRequest, notice: DetentionNotice, detail: str) -> None:
    record_access(
        actor=request.user,
        action=AccessAction.READ,
        case=notice.case,
        persons=[notice.person],
        obj=notice,
        purpose=_("Nazorg en re-integratie"),
        detail=detail,
    )


def _regie_notice(request: HttpRequest, pk: int) -> DetentionNotice:
    """A notice for a regie step: 403 for another role, 404 when not visible."""
    require_role(request.user, *rules.NAZORG_REGIE_ROLES)
    notice = selectors.get_notice(user=request.user, pk=pk)
    if not may_direct_nazorg(request.user, notice):
        raise PermissionDenied(_("Alleen het Zorg- en Veiligheidshuis voert hier de regie."))
    return notice


@login_required
def worklist_view(request: HttpRequest) -> HttpResponse:
    """The detainees by expected release date, with the conditions still open."""
    require_role(request.user, *rules.NAZORG_ROLES)
    region_id = request.user.region_id
    officers = reintegration_officers(region_id=region_id) if region_id else None
    filter_form = WorklistFilterForm(request.GET or None, region_id=region_id, officers=officers)
    notices = selectors.notice_worklist(user=request.user, **filter_form.filters())
    paging = page_of(request, notices, PAGE_SIZE)
    rows = [selectors.notice_row(notice) for notice in paging.page.object_list]
    if rows:
        record_access(
            actor=request.user,
            action=AccessAction.READ,
            persons=[row.notice.person for row in rows],
            purpose=_("Nazorg en re-integratie"),
            detail=_("Werklijst nazorg: %(ids)s")
            % {"ids": ", ".join(str(row.notice.pk) for row in rows)},
        )
    return render(
        request,
        "nazorg/worklist.html",
        {
            "rows": rows,
            "page": paging.page,
            "paging": paging,
            "filter_form": filter_form,
            "may_register": request.user.has_role(*rules.NAZORG_REGIE_ROLES),
        },
    )


@login_required
def create_view(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *rules.NAZORG_REGIE_ROLES)
    user = request.user
    if request.method != "POST":
        form = DetentionNoticeForm(region_id=user.region_id)
        return render(request, "nazorg/notice_form.html", {"form": form})
    form = DetentionNoticeForm(request.POST, region_id=user.region_id)
    if form.is_valid():
        candidates = duplicate_candidates(user=user, details=form.person_details())
        if candidates and MATCH_SHOWN not in request.POST:
            record_access(
                actor=user,
                action=AccessAction.SEARCH,
                persons=[candidate.person for candidate in candidates],
                purpose=_("Controle op dubbele registratie bij een detentiemelding"),
            )
            form = DetentionNoticeForm(
                request.POST, region_id=user.region_id, candidates=candidates
            )
            form.is_valid()
            return render(
                request,
                "nazorg/notice_form.html",
                {"form": form, "candidates": candidates, "match_shown": MATCH_SHOWN},
            )
        if candidates:
            form = DetentionNoticeForm(
                request.POST, region_id=user.region_id, candidates=candidates
            )
            form.is_valid()
        data = form.cleaned_data if form.is_valid() else None
        if data is not None:
            response = submit(
                request,
                form,
                lambda: services.register_detention_notice(
                    actor=user,
                    person=form.person_details(),
                    institution=data["institution"],
                    detention_started_on=data["detention_started_on"],
                    expected_release_on=data["expected_release_on"],
                    return_municipality=data["return_municipality"],
                    source_reference=data["source_reference"],
                    existing_person=data.get("existing_person"),
                ),
                success=_("De detentiemelding is geregistreerd."),
                redirect_to=lambda notice: reverse("nazorg:detail", args=[notice.pk]),
            )
            if response is not None:
                return response
    return render(
        request,
        "nazorg/notice_form.html",
        {"form": form, "match_shown": MATCH_SHOWN if "existing_person" in form.fields else ""},
    )


def _detail_context(request: HttpRequest, notice: DetentionNotice) -> dict:
    user = request.user
    row = selectors.notice_row(notice)
    regie = may_direct_nazorg(user, notice)
    quickscan = notice.quickscan
    context = {
        "notice": notice,
        "row": row,
        "quickscan": quickscan,
        "answers": selectors.answers_for_notice(user=user, notice=notice),
        "events": list(notice.events.select_related("actor")[:50]),
        "may_fill": may_fill_quickscan(user, notice),
        "regie": regie,
        "shows_case": can_see_case(user, notice.case),
        "is_open": notice.status == NoticeStatus.OPEN,
        "shows_problems": services.shows_problems(quickscan),
        "all_in_order": services.all_in_order(quickscan),
    }
    if regie and notice.status == NoticeStatus.OPEN:
        problems = sum(
            1 for row in quickscan.conditions.all() if row.status == ConditionStatus.NIET_OP_ORDE
        )
        default = selectors.default_nazorg_table(region_id=notice.region_id)
        context["table_form"] = TableDecisionForm(
            tables=selectors.nazorg_tables(region_id=notice.region_id),
            initial={
                "quickscan_version": quickscan.version,
                "table": default.pk if default else None,
                # Filled in from the quickscan; the procesregisseur confirms or corrects.
                "meets_multiple_domains": problems >= 2,
                "needs_multiple_chains": True,
                "impacts_system": bool(quickscan.concerns.strip()) or problems >= 1,
            },
        )
        context["close_form"] = CloseForm(initial={"quickscan_version": quickscan.version})
    return context


@login_required
def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, *rules.NAZORG_ROLES)
    notice = selectors.get_notice(user=request.user, pk=pk)
    _log_read(request, notice, _("Detentiemelding en quickscan"))
    return render(request, "nazorg/notice_detail.html", _detail_context(request, notice))


@login_required
def quickscan_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, *rules.NAZORG_ROLES)
    notice = selectors.get_notice(user=request.user, pk=pk)
    if not may_fill_quickscan(request.user, notice):
        raise PermissionDenied(_("U kunt deze quickscan niet invullen."))
    conflict = None
    if request.method == "POST":
        form, conflict, saved = save_versioned(
            request,
            make_form=QuickscanForm,
            save=lambda form: services.save_quickscan(
                actor=request.user,
                notice=notice,
                expected_version=form.cleaned_data["version"],
                conditions=form.answers(),
                already_known=form.cleaned_data["already_known"],
                concerns=form.cleaned_data["concerns"],
                to_be_discussed=form.cleaned_data["to_be_discussed"],
            ),
            current_values=lambda current: QuickscanForm.initial_for(current),
        )
        if saved:
            messages.success(request, _("De quickscan is opgeslagen."))
            return redirect("nazorg:detail", pk=notice.pk)
        notice = selectors.get_notice(user=request.user, pk=pk)
    else:
        form = QuickscanForm(initial=QuickscanForm.initial_for(notice.quickscan))
    _log_read(request, notice, _("Quickscan"))
    return render(
        request,
        "nazorg/quickscan_form.html",
        {
            "notice": notice,
            "form": form,
            "conflict": conflict,
            "answers": selectors.answers_for_notice(user=request.user, notice=notice),
        },
    )


@login_required
def officer_view(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _regie_notice(request, pk)
    officers = reintegration_officers(region_id=notice.region_id)
    conflict = None
    if request.method == "POST":
        form, conflict, saved = save_versioned(
            request,
            make_form=lambda **kwargs: OfficerForm(officers=officers, **kwargs),
            save=lambda form: services.assign_reintegration_officer(
                actor=request.user,
                notice=notice,
                officer=form.cleaned_data["reintegration_officer"],
                expected_version=form.cleaned_data["version"],
            ),
            current_values=lambda current: {
                "reintegration_officer": current.reintegration_officer_id
            },
        )
        if saved:
            messages.success(request, _("De re-integratieofficier is vastgelegd."))
            return redirect("nazorg:detail", pk=notice.pk)
    else:
        form = OfficerForm(
            officers=officers,
            initial={
                "reintegration_officer": notice.reintegration_officer_id,
                "version": notice.version,
            },
        )
    _log_read(request, notice, _("Re-integratieofficier toewijzen"))
    return render(
        request,
        "nazorg/officer_form.html",
        {"notice": notice, "form": form, "conflict": conflict},
    )


@login_required
def release_date_view(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _regie_notice(request, pk)
    conflict = None
    if request.method == "POST":
        form, conflict, saved = save_versioned(
            request,
            make_form=ReleaseDateForm,
            save=lambda form: services.change_release_date(
                actor=request.user,
                notice=notice,
                expected_release_on=form.cleaned_data["expected_release_on"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            ),
            current_values=lambda current: {"expected_release_on": current.expected_release_on},
        )
        if saved:
            messages.success(
                request,
                _(
                    "De verwachte datum van invrijheidstelling is gewijzigd; de termijnen zijn "
                    "mee verschoven."
                ),
            )
            return redirect("nazorg:detail", pk=notice.pk)
    else:
        form = ReleaseDateForm(
            initial={"expected_release_on": notice.expected_release_on, "version": notice.version}
        )
    _log_read(request, notice, _("Datum invrijheidstelling wijzigen"))
    return render(
        request,
        "nazorg/release_date_form.html",
        {"notice": notice, "form": form, "conflict": conflict},
    )


@require_POST
@login_required
def table_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The one step onto the nazorgtafel (triage agenderen); a refusal shows the notice
    page again with the message on the form."""
    notice = _regie_notice(request, pk)
    form = TableDecisionForm(
        request.POST, tables=selectors.nazorg_tables(region_id=notice.region_id)
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            response = submit(
                request,
                form,
                lambda: services.put_on_nazorg_table(
                    actor=request.user,
                    notice=notice,
                    table=data["table"],
                    expected_quickscan_version=data["quickscan_version"],
                    meets_multiple_domains=data["meets_multiple_domains"],
                    needs_multiple_chains=data["needs_multiple_chains"],
                    impacts_system=data["impacts_system"],
                    impacts_local_safety=data["impacts_local_safety"],
                    risk=data["risk"],
                ),
                success=_("De gedetineerde staat op %(table)s.") % {"table": data["table"]},
                redirect_to=reverse("nazorg:detail", args=[notice.pk]),
            )
        except EditConflict as conflict:
            form.add_error(None, conflict.message)
            response = None
        if response is not None:
            return response
    notice = selectors.get_notice(user=request.user, pk=pk)
    _log_read(request, notice, _("Detentiemelding en quickscan"))
    context = _detail_context(request, notice)
    context["table_form"] = form
    return render(request, "nazorg/notice_detail.html", context)


@require_POST
@login_required
def close_view(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _regie_notice(request, pk)
    form = CloseForm(request.POST)
    target = reverse("nazorg:detail", args=[notice.pk])
    if not form.is_valid():
        messages.error(request, _("Het formulier is onvolledig; open de pagina opnieuw."))
        return redirect(target)
    try:
        return perform(
            request,
            lambda: services.close_without_aftercare(
                actor=request.user,
                notice=notice,
                expected_quickscan_version=form.cleaned_data["quickscan_version"],
            ),
            success=_("De detentiemelding is afgesloten: geen nazorgcasus nodig."),
            redirect_to=target,
        )
    except EditConflict as conflict:
        messages.error(request, conflict.message)
        return redirect(target)
