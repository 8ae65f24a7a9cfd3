from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from schakel.access.forms import AccessLogFilterForm, RefusedAccessFilterForm
from schakel.access.log import record_access
from schakel.access.middleware import split_description
from schakel.access.models import AccessAction
from schakel.access.selectors import (
    access_log_for_privacy_officer,
    refused_access_for_privacy_officer,
)
from schakel.core.paging import page_of

PAGE_SIZE = 50


@login_required
def access_log_view(request: HttpRequest) -> HttpResponse:
    """The privacy officer's window on the access log. Filters are posted, not put in the URL."""
    form = AccessLogFilterForm(request.POST or None)
    filters = form.cleaned_data if request.method == "POST" and form.is_valid() else {}
    entries = access_log_for_privacy_officer(user=request.user, **filters)
    paging = page_of(request, entries, PAGE_SIZE, by_post=True)
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
