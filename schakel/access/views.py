from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
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

PAGE_SIZE = 50


@login_required
def access_log_view(request: HttpRequest) -> HttpResponse:
    """The privacy officer's window on the access log. Filters are posted, not put in the URL."""
    form = AccessLogFilterForm(request.POST or None)
    filters = form.cleaned_data if request.method == "POST" and form.is_valid() else {}
    entries = access_log_for_privacy_officer(user=request.user, **filters)
    page = Paginator(entries, PAGE_SIZE).get_page(request.POST.get("pagina", 1))
    people = {entry.person for entry in page if entry.person is not None}
    record_access(
        user=request.user,
        action=AccessAction.READ,
        request=request,
        persons=people,
        purpose="Toezicht op het toegangslog",
    )
    return render(request, "access/log.html", {"form": form, "page": page})


@login_required
def refused_access_view(request: HttpRequest) -> HttpResponse:
    """Who was refused a case, person or other object, a sign of curiosity or misuse.

    Only the privacy officer, only the own region. Filters are posted, as on the access log.
    """
    form = RefusedAccessFilterForm(request.POST or None)
    filters = form.cleaned_data if request.method == "POST" and form.is_valid() else {}
    events = refused_access_for_privacy_officer(user=request.user, **filters)
    page = Paginator(events, PAGE_SIZE).get_page(request.POST.get("pagina", 1))
    rows = [(event, *split_description(event.detail)) for event in page]
    return render(request, "access/refused.html", {"form": form, "page": page, "rows": rows})
