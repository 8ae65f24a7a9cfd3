"""The regietafel pages: a table with its sittings and their calendar feed. They live
in meetings because they show meetings; tables itself stays below meetings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from schakel.access import rules
from schakel.access.policy import directs_table, may_edit_table, require_role
from schakel.core.concurrency import save_versioned
from schakel.meetings.calendar import table_calendar
from schakel.meetings.forms import SERVICE_FIELD_NAMES
from schakel.meetings.table_selectors import (
    calendar_meetings,
    calendar_table,
    get_region_table,
    region_tables,
    upcoming_meetings,
)
from schakel.tables import services
from schakel.tables.forms import TableForm


@login_required
def list_view(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *rules.TABLE_ROLES)
    return render(request, "tables/list.html", {"tables": list(region_tables(user=request.user))})


@login_required
def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, *rules.TABLE_ROLES)
    table = get_region_table(user=request.user, pk=pk)
    directs = directs_table(request.user, table.pk)
    return render(
        request,
        "tables/detail.html",
        {
            "table": table,
            "meetings": upcoming_meetings(table=table),
            "directs": directs,
            "may_edit": may_edit_table(request.user, table),
            "calendar_url": request.build_absolute_uri(
                f"/regietafels/agenda/{table.calendar_token}.ics"
            ),
        },
    )


@login_required
def edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, *rules.TABLE_EDIT_ROLES)
    table = get_region_table(user=request.user, pk=pk)
    if not may_edit_table(request.user, table):
        raise PermissionDenied(_("U mag deze regietafel niet wijzigen."))
    conflict = None
    if request.method == "POST":

        def save(form):
            version, data = form.split_version()
            services.update_table(table=table, actor=request.user, expected_version=version, **data)

        form, conflict, saved = save_versioned(
            request,
            make_form=lambda **kwargs: TableForm(region_id=table.region_id, **kwargs),
            save=save,
            current_values=_table_initial,
            field_names=SERVICE_FIELD_NAMES,
        )
        if saved:
            messages.success(request, _("De regietafel is bijgewerkt."))
            return redirect("meetings:table", pk=table.pk)
    else:
        form = TableForm(initial=_table_initial(table), region_id=table.region_id)
    return render(request, "tables/edit.html", {"table": table, "form": form, "conflict": conflict})


def _table_initial(table) -> dict:
    return {
        "frequency": table.frequency,
        "weekday": table.weekday,
        "day_part": table.day_part,
        "schedule_anchor": table.schedule_anchor,
        "location": table.location,
        "information_window_hours": table.information_window_hours,
        "fixed_participants": list(table.fixed_participants.all()),
        "version": table.version,
    }


@never_cache
def calendar_view(request: HttpRequest, token: str) -> HttpResponse:
    """The table's sittings for calendar programs: no login, no personal data (see calendar.py)."""
    table = calendar_table(token=token)
    body = table_calendar(
        table=table, meetings=calendar_meetings(table=table), host=request.get_host()
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="regietafel-{table.pk}.ics"'
    return response
