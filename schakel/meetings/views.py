from __future__ import annotations

from contextlib import suppress

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schakel.access import rules
from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import (
    PROCESSING_RESTRICTED,
    directed_table_ids,
    get_visible_meeting,
    may_direct_meeting,
    require_role,
)
from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.core.concurrency import EditConflict, save_versioned
from schakel.core.confidentiality import initial_marking
from schakel.core.writes import perform, submit
from schakel.meetings import services
from schakel.meetings.forms import (
    SERVICE_FIELD_NAMES,
    AddCaseForm,
    AttendanceForm,
    InviteForm,
    MeetingCancelForm,
    MeetingMoveForm,
    MinutesForm,
    NewMeetingForm,
)
from schakel.meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus
from schakel.meetings.selectors import (
    MeetingPage,
    attendance_organisations,
    get_visible_item,
    invitable_organisations,
    meeting_list,
    meeting_page,
    other_coming_agendas,
)


def _directed_meeting(request: HttpRequest, pk: int) -> Meeting:
    """A meeting to prepare or run: 403 without the role, 404 for an outsider."""
    require_role(request.user, Role.PROCESREGISSEUR)
    meeting = get_visible_meeting(request.user, pk)
    if not may_direct_meeting(request.user, meeting):
        raise PermissionDenied(_("U bent geen procesregisseur van deze regietafel."))
    return meeting


def _attendance_form(meeting: Meeting, data=None) -> AttendanceForm:
    organisations = attendance_organisations(meeting=meeting)
    return AttendanceForm(
        data,
        organisations=organisations,
        # Only what the choice's label shows: a region has many accounts, and every one
        # of them is an option.
        users=User.objects.filter(organisation__in=organisations.values("pk"), is_active=True)
        .select_related("organisation")
        .only("pk", "first_name", "last_name", "username", "organisation__name"),
        items=meeting.items.select_related("case")
        .only("pk", "meeting", "position", "case__id", "case__created_at")
        .order_by("position", "pk"),
        prefix="aanwezig",
    )


def _log_page_read(request: HttpRequest, page: MeetingPage, *, action: str, purpose: str) -> None:
    record_access(
        actor=request.user,
        action=action,
        persons=page.shown_persons,
        obj=page.meeting,
        purpose=purpose,
        detail=page.shown_references,
    )


@login_required
def list_view(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *rules.MEETING_ROLES)
    rows = meeting_list(user=request.user)
    return render(
        request,
        "meetings/list.html",
        {
            "rows": rows,
            "may_add": request.user.has_role(Role.PROCESREGISSEUR)
            and bool(directed_table_ids(request.user)),
        },
    )


@login_required
def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, *rules.MEETING_ROLES)
    return _detail_page(request, pk)


def _detail_page(
    request: HttpRequest,
    pk: int,
    *,
    add_case_form: AddCaseForm | None = None,
    attendance_form: AttendanceForm | None = None,
) -> HttpResponse:
    page = meeting_page(user=request.user, pk=pk)
    _log_page_read(request, page, action=AccessAction.READ, purpose=_("Casusoverleg"))
    context = {"page": page, "meeting": page.meeting}
    if page.directs:
        context["add_case_form"] = add_case_form or AddCaseForm(prefix="casus")
        context["attendance_form"] = attendance_form or _attendance_form(page.meeting)
        context["is_planned"] = page.meeting.status == MeetingStatus.PLANNED
        context["minuted_item_stays"] = services.MINUTED_ITEM_STAYS
    return render(request, "meetings/detail.html", context)


@login_required
def create_view(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.PROCESREGISSEUR)
    form = NewMeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.moments()
        done = submit(
            request,
            form,
            lambda: services.add_meeting(
                table=form.cleaned_data["table"],
                actor=request.user,
                starts_at=starts_at,
                ends_at=ends_at,
                location=form.cleaned_data["location"],
            ),
            success=_("Het overleg is toegevoegd."),
            redirect_to=lambda meeting: reverse("meetings:detail", args=[meeting.pk]),
            field_names=SERVICE_FIELD_NAMES,
        )
        if done:
            return done
    return render(request, "meetings/create.html", {"form": form})


def _move_initial(meeting: Meeting) -> dict:
    return {
        **MeetingMoveForm.initial_for(
            starts_at=meeting.starts_at, ends_at=meeting.ends_at, location=meeting.location
        ),
        "version": meeting.version,
    }


@login_required
def move_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _directed_meeting(request, pk)
    conflict = None
    if request.method == "POST":

        def save(form):
            starts_at, ends_at = form.moments()
            services.move_meeting(
                meeting=meeting,
                actor=request.user,
                starts_at=starts_at,
                ends_at=ends_at,
                location=form.cleaned_data["location"],
                expected_version=form.cleaned_data["version"],
            )

        form, conflict, saved = save_versioned(
            request,
            make_form=MeetingMoveForm,
            save=save,
            current_values=_move_initial,
            field_names=SERVICE_FIELD_NAMES,
        )
        if saved:
            messages.success(request, _("Het overleg is gewijzigd."))
            return redirect("meetings:detail", pk=meeting.pk)
    else:
        form = MeetingMoveForm(initial=_move_initial(meeting))
    return render(
        request, "meetings/move.html", {"form": form, "meeting": meeting, "conflict": conflict}
    )


@require_POST
@login_required
def cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _directed_meeting(request, pk)
    form = MeetingCancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.non_field_errors()))
        return redirect("meetings:detail", pk=meeting.pk)
    try:
        return perform(
            request,
            lambda: services.cancel_meeting(
                meeting=meeting, actor=request.user, expected_version=form.cleaned_data["version"]
            ),
            success=_("Het overleg is geannuleerd."),
            redirect_to=reverse("meetings:detail", args=[meeting.pk]),
        )
    except EditConflict as conflict:
        # Nothing typed to keep: the meeting page shows the current state under the message.
        messages.error(request, conflict.message)
        return redirect("meetings:detail", pk=meeting.pk)


@require_POST
@login_required
def held_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _directed_meeting(request, pk)
    return perform(
        request,
        lambda: services.mark_held(meeting=meeting, actor=request.user),
        success=_("Het overleg is vastgelegd als gehouden."),
        redirect_to=reverse("meetings:detail", args=[meeting.pk]),
    )


@require_POST
@login_required
def build_agenda_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _directed_meeting(request, pk)

    def announce(created: services.BuiltAgenda) -> None:
        if created:
            messages.success(
                request,
                _("%(count)d casus(sen) op de agenda gezet.") % {"count": len(created)},
            )
        elif not created.held_back:
            messages.info(request, _("Er waren geen nieuwe casussen voor de agenda."))
        if created.held_back:
            # Named by reference only: the hoofdpersoon's name is not shown while restricted.
            messages.warning(
                request,
                _("Niet op de agenda gezet: %(references)s. %(reason)s")
                % {
                    "references": ", ".join(case.reference for case in created.held_back),
                    "reason": PROCESSING_RESTRICTED,
                },
            )

    return perform(
        request,
        lambda: services.build_agenda(meeting=meeting, actor=request.user),
        success=announce,
        redirect_to=reverse("meetings:detail", args=[meeting.pk]),
    )


@require_POST
@login_required
def add_case_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _directed_meeting(request, pk)
    form = AddCaseForm(request.POST, prefix="casus")
    if form.is_valid():

        def add() -> AgendaItem:
            try:
                case = services.find_case_for_agenda(
                    actor=request.user,
                    meeting=meeting,
                    reference=form.cleaned_data["reference"],
                    chosen=form.cleaned_data["case"],
                )
            except services.AmbiguousCase as ambiguous:
                # More than one case fits: offer them to choose from, under the message.
                form.offer(ambiguous.candidates)
                raise
            return services.add_case_to_agenda(
                meeting=meeting,
                actor=request.user,
                case=case,
                purpose=form.cleaned_data["purpose"],
                questions=form.cleaned_data["questions"],
            )

        def announce(item: AgendaItem) -> None:
            messages.success(request, _("De casus staat op de agenda."))
            also_on = other_coming_agendas(meeting=meeting, case_ids=[item.case_id])
            if also_on:
                messages.warning(
                    request,
                    _(
                        "Let op: %(reference)s staat ook op de agenda van een ander komend "
                        "overleg (%(meetings)s)."
                    )
                    % {
                        "reference": item.case.reference,
                        "meetings": "; ".join(str(m) for m in also_on[item.case_id]),
                    },
                )

        done = submit(
            request,
            form,
            add,
            success=announce,
            redirect_to=reverse("meetings:detail", args=[meeting.pk]),
            field_names=SERVICE_FIELD_NAMES,
        )
        if done:
            return done
    if "case" in form.errors and "reference" in form.cleaned_data:
        # A tampered or stale choice: offer the list again instead of a hidden-field error.
        with suppress(ValidationError):
            form.offer(
                services.agenda_case_candidates(
                    actor=request.user, meeting=meeting, reference=form.cleaned_data["reference"]
                )[: services.CANDIDATE_LIMIT]
            )
    return _detail_page(request, pk, add_case_form=form)


@require_POST
@login_required
def attendance_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _directed_meeting(request, pk)
    form = _attendance_form(meeting, request.POST)
    if form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.record_attendance(
                meeting=meeting, actor=request.user, **form.cleaned_data
            ),
            success=_("De aanwezigheid is vastgelegd."),
            redirect_to=reverse("meetings:detail", args=[meeting.pk]),
            field_names=SERVICE_FIELD_NAMES,
        )
        if done:
            return done
    return _detail_page(request, pk, attendance_form=form)


@require_POST
@login_required
def attendance_remove_view(request: HttpRequest, pk: int, attendance_pk: int) -> HttpResponse:
    meeting = _directed_meeting(request, pk)
    attendance = get_object_or_404(Attendance, pk=attendance_pk, meeting=meeting)
    return perform(
        request,
        lambda: services.remove_attendance(attendance=attendance, actor=request.user),
        success=None,
        redirect_to=reverse("meetings:detail", args=[meeting.pk]),
    )


# --- One agenda item --------------------------------------------------------------------


def _item_page(
    request: HttpRequest,
    meeting: Meeting,
    item_pk: int,
    *,
    invite_form: InviteForm | None = None,
    minutes_form: MinutesForm | None = None,
    conflict=None,
    invite_conflict=None,
    status: int = 200,
) -> HttpResponse:
    view = get_visible_item(user=request.user, meeting=meeting, item_pk=item_pk)
    record_access(
        actor=request.user,
        action=AccessAction.READ,
        case=view.item.case,
        persons=view.main_persons,
        obj=view.item,
        purpose=_("Casusoverleg"),
    )
    directs = may_direct_meeting(request.user, meeting)
    context = {
        "meeting": meeting,
        "view": view,
        "item": view.item,
        "directs": directs,
        "conflict": conflict,
        "invite_conflict": invite_conflict,
    }
    if directs:
        context["invite_form"] = invite_form or InviteForm(
            initial=_invitations_initial(view.item),
            organisations=invitable_organisations(meeting=meeting),
        )
        context["minutes_form"] = minutes_form or MinutesForm(
            initial=_minutes_initial(view.item), case=view.item.case
        )
        context["is_open"] = meeting.status != MeetingStatus.CANCELLED
        context["has_started"] = services.has_started(meeting)
    return render(request, "meetings/item.html", context, status=status)


@login_required
def item_view(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    require_role(request.user, *rules.MEETING_ROLES)
    meeting = get_visible_meeting(request.user, pk)
    return _item_page(request, meeting, item_pk)


@require_POST
@login_required
def invite_view(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _directed_meeting(request, pk)
    item = get_visible_item(user=request.user, meeting=meeting, item_pk=item_pk).item
    organisations = invitable_organisations(meeting=meeting)

    def save(form):
        version, data = form.split_version()
        services.set_invited_organisations(
            item=item,
            actor=request.user,
            organisations=data["organisations"],
            expected_version=version,
        )

    form, conflict, saved = save_versioned(
        request,
        make_form=lambda **kwargs: InviteForm(organisations=organisations, **kwargs),
        save=save,
        current_values=_invitations_initial,
        field_names=SERVICE_FIELD_NAMES,
    )
    if saved:
        messages.success(request, _("De uitnodigingen zijn bijgewerkt."))
        return redirect("meetings:item", pk=meeting.pk, item_pk=item.pk)
    return _item_page(request, meeting, item_pk, invite_form=form, invite_conflict=conflict)


def _invitations_initial(item: AgendaItem) -> dict:
    return {
        "organisations": list(item.invited_organisations.all()),
        "version": item.version,
    }


def _minutes_initial(item: AgendaItem) -> dict:
    return {
        "beeldvorming": item.beeldvorming,
        "oordeelvorming": item.oordeelvorming,
        "besluitvorming": item.besluitvorming,
        **initial_marking(item),
        "version": item.version,
    }


@require_POST
@login_required
def minutes_view(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _directed_meeting(request, pk)
    item = get_visible_item(user=request.user, meeting=meeting, item_pk=item_pk).item

    def save(form):
        version, texts, marking = form.minutes()
        services.record_minutes(
            item=item, actor=request.user, expected_version=version, marking=marking, **texts
        )

    form, conflict, saved = save_versioned(
        request,
        make_form=lambda **kwargs: MinutesForm(case=item.case, **kwargs),
        save=save,
        current_values=_minutes_initial,
        field_names=SERVICE_FIELD_NAMES,
    )
    if saved:
        messages.success(request, _("Het verslag van dit agendapunt is opgeslagen."))
        return redirect("meetings:item", pk=meeting.pk, item_pk=item.pk)
    return _item_page(request, meeting, item_pk, minutes_form=form, conflict=conflict)


@require_POST
@login_required
def item_remove_view(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _directed_meeting(request, pk)
    item = get_visible_item(user=request.user, meeting=meeting, item_pk=item_pk).item
    return perform(
        request,
        lambda: services.remove_item(item=item, actor=request.user),
        success=_("Het agendapunt is van de agenda gehaald."),
        redirect_to=reverse("meetings:detail", args=[meeting.pk]),
    )


@require_POST
@login_required
def item_move_view(request: HttpRequest, pk: int, item_pk: int, direction: str) -> HttpResponse:
    meeting = _directed_meeting(request, pk)
    item = get_visible_item(user=request.user, meeting=meeting, item_pk=item_pk).item
    services.move_item(item=item, actor=request.user, up=direction == "omhoog")
    return redirect(f"{reverse('meetings:detail', args=[meeting.pk])}#agendapunt-{item.pk}")


# --- Print ------------------------------------------------------------------------------


@login_required
def print_agenda_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _print(request, pk, template="meetings/print_agenda.html", what=_("Agenda afgedrukt"))


@login_required
def print_minutes_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _print(request, pk, template="meetings/print_minutes.html", what=_("Verslag afgedrukt"))


def _print(request: HttpRequest, pk: int, *, template: str, what: str) -> HttpResponse:
    require_role(request.user, *rules.MEETING_ROLES)
    page = meeting_page(user=request.user, pk=pk)
    _log_page_read(request, page, action=AccessAction.EXPORT, purpose=what)
    return render(request, template, {"page": page, "meeting": page.meeting})
