"""The person pages that show or take a case: the person page with its cases and the
registration of a new betrokkene into a case. They live here, above persons, and join
the "persons" URL namespace in schakel/urls.py, so /personen/... keeps its names."""

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
from schakel.access.policy import get_visible_case, require_role
from schakel.access.rules import CASE_ROLES
from schakel.accounts.typing import organisation_of, signed_in_user
from schakel.cases.forms import PersonInCaseForm
from schakel.cases.selectors import person_detail
from schakel.cases.services import register_person_in_case
from schakel.core.writes import submit
from schakel.persons.matching import find_duplicates
from schakel.persons.selectors import visible_person_ids


@login_required
def person_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    require_role(user, *CASE_ROLES)
    detail = person_detail(user=user, pk=pk)
    record_access(
        actor=user,
        action=AccessAction.READ,
        persons=[detail.person],
        obj=detail.person,
    )
    return render(request, "cases/person_detail.html", {"detail": detail, "person": detail.person})


@login_required
@require_http_methods(["GET", "POST"])
def person_create_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_role(user, *rules.MATCHING_ROLES)
    initial: dict[str, object] = {}
    if case_pk := request.GET.get("casus", "").strip():
        if not case_pk.isdigit():
            return redirect("persons:create")
        initial["case"] = get_visible_case(user, int(case_pk))
    form = PersonInCaseForm(request.POST or None, user=user, initial=initial)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        fields = form.person_fields()
        duplicates = find_duplicates(
            region=organisation_of(user).region,
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
                lambda: register_person_in_case(
                    actor=user,
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
        "cases/person_create.html",
        {
            "form": form,
            "duplicates": duplicates,
            "visible_ids": visible_person_ids(user=user, pks=[c.person.pk for c in duplicates]),
        },
    )
