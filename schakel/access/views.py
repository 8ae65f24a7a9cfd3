from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from schakel.access.forms import AccessLogFilterForm
from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.selectors import access_log_for_privacy_officer

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
