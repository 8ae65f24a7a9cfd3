"""Person pages: search, detail, create and merge. Thin: rules live in services/selectors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schakel.access import rules
from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import get_visible_case, get_visible_person, require_role
from schakel.access.rules import CASE_ROLES
from schakel.accounts.roles import Role
from schakel.core.writes import submit
from schakel.persons.forms import PersonCreateForm, PersonMergeForm, PersonSearchForm
from schakel.persons.matching import find_duplicates
from schakel.persons.selectors import (
    merge_candidates,
    person_detail,
    search_persons,
    visible_person_ids,
)
from schakel.persons.services import create_person, merge_persons


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
def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, *CASE_ROLES)
    detail = person_detail(user=request.user, pk=pk)
    record_access(
        actor=request.user,
        action=AccessAction.READ,
        persons=[detail.person],
        obj=detail.person,
    )
    return render(request, "persons/detail.html", {"detail": detail, "person": detail.person})


@login_required
@require_http_methods(["GET", "POST"])
def create_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_role(user, *rules.MATCHING_ROLES)
    initial = {}
    if case_pk := request.GET.get("casus", "").strip():
        if not case_pk.isdigit():
            return redirect("persons:create")
        initial["case"] = get_visible_case(user, int(case_pk))
    form = PersonCreateForm(request.POST or None, user=user, initial=initial)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        fields = form.person_fields()
        duplicates = find_duplicates(
            region=user.organisation.region,
            bsn=fields["bsn"],
            first_names=fields["first_names"],
            name_prefix=fields["name_prefix"],
            last_name=fields["last_name"],
            birth_date=fields["birth_date"],
        )
        if duplicates and not form.cleaned_data["confirm_new"]:
            record_access(
                actor=user,
                action=AccessAction.SEARCH,
                persons=[c.person for c in duplicates],
                detail=_("Mogelijke dubbele registratie getoond bij het registreren"),
            )
        else:
            done = submit(
                request,
                form,
                lambda: create_person(
                    actor=user,
                    region=user.organisation.region,
                    case=form.cleaned_data["case"],
                    role=form.cleaned_data["role"],
                    ignored_duplicates=[c.person for c in duplicates],
                    **fields,
                ),
                success=_("De betrokkene is geregistreerd."),
                redirect_to=lambda person: reverse("persons:detail", args=[person.pk]),
            )
            if done:
                return done
    return render(
        request,
        "persons/create.html",
        {
            "form": form,
            "duplicates": duplicates,
            "visible_ids": visible_person_ids(user=user, pks=[c.person.pk for c in duplicates]),
        },
    )


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
