"""Beheer: the functioneel beheerder registers and revokes the partner systems."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schakel.access import rules
from schakel.access.policy import require_role
from schakel.accounts.typing import signed_in_user
from schakel.api import client_selectors, services
from schakel.api.forms import ApiClientForm
from schakel.core.paging import page_of
from schakel.core.writes import perform, place_errors

CLIENTS_PER_PAGE = 50


@login_required
def client_list_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_role(user, *rules.API_CLIENT_ROLES)
    paging = page_of(request, client_selectors.region_clients(user), CLIENTS_PER_PAGE)
    return render(request, "api/client_list.html", {"paging": paging, "page": paging.page})


@login_required
def client_create_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_role(user, *rules.API_CLIENT_ROLES)
    form = ApiClientForm(
        data=request.POST or None,
        organisations=client_selectors.client_organisations(user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            registered = services.register_api_client(actor=user, **form.cleaned_data)
        except ValidationError as error:
            place_errors(form, error)
        else:
            # The secret is shown on this one response and never again: no redirect, and
            # the page is sent with no-store like every page of a signed-in user.
            return render(request, "api/client_secret.html", {"registered": registered})
    return render(request, "api/client_form.html", {"form": form})


@login_required
@require_POST
def client_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    require_role(user, *rules.API_CLIENT_ROLES)
    client = client_selectors.get_region_client(user, pk)
    return perform(
        request,
        lambda: services.revoke_api_client(actor=user, client=client),
        success=_("De koppeling is ingetrokken; haar tokens werken niet meer."),
        redirect_to=reverse("api_clients:list"),
    )
