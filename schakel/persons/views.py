"""Person pages: search and merge. Thin: rules live in services/selectors. The person page
itself and the registration into a case list and take cases: see cases.person_views."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import get_visible_person, require_role
from schakel.access.rules import CASE_ROLES
from schakel.accounts.roles import Role
from schakel.core.writes import submit
from schakel.persons.forms import PersonMergeForm, PersonSearchForm
from schakel.persons.selectors import (
    merge_candidates,
    search_persons,
)
from schakel.persons.services import merge_persons


@login_required
@require_http_methods(["GET", "POST"])
def search_view(request: HttpRequest) -> HttpResponse:
    """Names and BSNs travel in the POST body only: never in a URL or a server log."""
    require_role(request.user, *CASE_ROLES)
    outcome = None
    form = PersonSearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = search_persons(
            user=request.user,
            bsn=data["bsn"],
            last_name=data["last_name"],
            birth_date=data["birth_date"],
        )
        record_access(
            actor=request.user,
            action=AccessAction.SEARCH,
            persons=outcome.persons,
            detail=_("Zoeken op: %(fields)s; %(count)s gevonden")
            % {"fields": ", ".join(form.used_fields()), "count": len(outcome.persons)},
        )
    return render(request, "persons/search.html", {"form": form, "outcome": outcome})


@login_required
@require_http_methods(["GET", "POST"])
def merge_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    require_role(user, Role.PROCESREGISSEUR)
    keep = get_visible_person(user, pk)
    candidates = merge_candidates(user=user, person=keep)
    form = PersonMergeForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        by_pk = {c.person.pk: c.person for c in candidates}
        done = submit(
            request,
            form,
            lambda: merge_persons(
                actor=user,
                keep=keep,
                remove=by_pk[form.cleaned_data["remove"]],
            ),
            success=_("De registraties zijn samengevoegd."),
            redirect_to=reverse("persons:detail", args=[keep.pk]),
        )
        if done:
            return done
    record_access(
        actor=user,
        action=AccessAction.READ,
        persons=[keep, *(c.person for c in candidates)],
        obj=keep,
        detail=_("Samenvoegen: mogelijke dubbele registraties bekeken"),
    )
    return render(
        request, "persons/merge.html", {"person": keep, "candidates": candidates, "form": form}
    )
