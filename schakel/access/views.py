import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schakel.access import rules, services
from schakel.access.forms import (
    AccessLogFilterForm,
    EmergencyAccessRequestForm,
    EmergencyAccessReviewForm,
    RefusedAccessFilterForm,
    ReportPeriodForm,
)
from schakel.access.log import record_access
from schakel.access.middleware import split_description
from schakel.access.models import AccessAction
from schakel.access.policy import require_role
from schakel.access.selectors import (
    access_log_for_privacy_officer,
    emergency_accesses_to_review,
    get_emergency_access_for_privacy_officer,
    log_rows_under_emergency_access,
    own_emergency_access,
    refused_access_for_privacy_officer,
    reviewed_emergency_accesses,
    unusual_access_report,
)
from schakel.core.paging import page_of
from schakel.core.writes import perform, submit

PAGE_SIZE = 50
# The access log is counted up to this many rows (it holds millions); the officer narrows
# a longer result with the filters.
LOG_COUNT_CAP = 1000
# The unusual-access report looks back this many days unless another period is chosen.
REPORT_DAYS = 30
# The access log opens on its last year; an earlier "Vanaf" or an empty one reaches back
# further. A decade holds over a hundred months of log, and a period lets the database
# read only its own months.
LOG_DEFAULT_DAYS = 365


@login_required
def access_log_view(request: HttpRequest) -> HttpResponse:
    """The privacy officer's window on the access log. Filters are posted, not put in the URL."""
    since = timezone.localdate() - datetime.timedelta(days=LOG_DEFAULT_DAYS)
    data = request.POST if request.method == "POST" else None
    if data is not None and "date_from" not in data:
        # Another page of the opening view: the same default period.
        data = data.copy()
        data["date_from"] = since.isoformat()
    form = AccessLogFilterForm(data, initial={"date_from": since})
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {"date_from": since}
    entries = access_log_for_privacy_officer(user=request.user, **filters)
    paging = page_of(request, entries, PAGE_SIZE, by_post=True, count_cap=LOG_COUNT_CAP)
    page = paging.page
    people = {entry.person for entry in page if entry.person is not None}
    record_access(
        actor=request.user,
        action=AccessAction.READ,
        persons=people,
        purpose="Toezicht op het toegangslog",
    )
    return render(request, "access/log.html", {"form": form, "page": page, "paging": paging})


@login_required
def refused_access_view(request: HttpRequest) -> HttpResponse:
    """Who was refused a case, person or other object, a sign of curiosity or misuse.

    Only the privacy officer, only the own region. Filters are posted, as on the access log.
    """
    form = RefusedAccessFilterForm(request.POST or None)
    filters = form.cleaned_data if request.method == "POST" and form.is_valid() else {}
    events = refused_access_for_privacy_officer(user=request.user, **filters)
    paging = page_of(request, events, PAGE_SIZE, by_post=True)
    rows = [(event, *split_description(event.detail)) for event in paging.page]
    return render(
        request,
        "access/refused.html",
        {"form": form, "page": paging.page, "paging": paging, "rows": rows},
    )


# --- Noodtoegang ---------------------------------------------------------------------------


@login_required
def break_glass_request_view(request: HttpRequest) -> HttpResponse:
    """A procesregisseur asks for noodtoegang by case number and reason.

    Deliberately a page of its own and not an offer on the 404 of a case: the 404 must say
    nothing more to an outsider than it says for a case that does not exist."""
    require_role(request.user, *rules.BREAK_GLASS_ROLES)
    form = EmergencyAccessRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.start_emergency_access(actor=request.user, **form.cleaned_data),
            success=_(
                "U heeft noodtoegang tot deze casus. Alles wat u inziet wordt vastgelegd en "
                "door de privacy officer beoordeeld."
            ),
            redirect_to=lambda access: reverse("cases:detail", args=[access.case_id]),
        )
        if done:
            return done
    return render(
        request,
        "access/break_glass_request.html",
        {"form": form, "hours": int(services.break_glass_duration().total_seconds() // 3600)},
    )


@login_required
@require_POST
def break_glass_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, *rules.BREAK_GLASS_ROLES)
    access = own_emergency_access(user=request.user, pk=pk)
    return perform(
        request,
        lambda: services.end_emergency_access(actor=request.user, access=access),
        success=_("Uw noodtoegang is beëindigd."),
        redirect_to=reverse("home:worklist"),
    )


@login_required
def break_glass_review_list_view(request: HttpRequest) -> HttpResponse:
    """The privacy officer's list: every noodtoegang of the region until it is reviewed,
    and the reviewed ones as history."""
    require_role(request.user, *rules.PRIVACY_ROLES)
    paging = page_of(request, reviewed_emergency_accesses(user=request.user), PAGE_SIZE)
    return render(
        request,
        "access/break_glass_reviews.html",
        {
            "to_review": list(emergency_accesses_to_review(user=request.user)),
            "page": paging.page,
            "paging": paging,
        },
    )


@login_required
def break_glass_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One noodtoegang with the log rows made under it, and the officer's judgement."""
    require_role(request.user, *rules.PRIVACY_ROLES)
    access = get_emergency_access_for_privacy_officer(user=request.user, pk=pk)
    form = EmergencyAccessReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.review_emergency_access(
                actor=request.user, access=access, **form.cleaned_data
            ),
            success=_("De beoordeling is vastgelegd."),
            redirect_to=reverse("access:break_glass_reviews"),
        )
        if done:
            return done
    rows = list(log_rows_under_emergency_access(access=access))
    record_access(
        actor=request.user,
        action=AccessAction.READ,
        persons={row.person for row in rows if row.person is not None},
        obj=access,
        purpose="Beoordeling van noodtoegang",
    )
    return render(
        request,
        "access/break_glass_review.html",
        {"access": access, "rows": rows, "form": form},
    )


@login_required
def unusual_access_view(request: HttpRequest) -> HttpResponse:
    """Signs of misuse in the region's access log for a period, each with the log rows
    behind it. The period is posted, like the access log's filters."""
    require_role(request.user, *rules.PRIVACY_ROLES)
    today = timezone.localdate()
    default = {"date_from": today - datetime.timedelta(days=REPORT_DAYS), "date_to": today}
    if request.method == "POST":
        form = ReportPeriodForm(request.POST)
        period = form.cleaned_data if form.is_valid() else default
    else:
        form = ReportPeriodForm(initial=default)
        period = default
    report = unusual_access_report(
        user=request.user, date_from=period["date_from"], date_to=period["date_to"]
    )
    return render(request, "access/unusual.html", {"form": form, "report": report})
