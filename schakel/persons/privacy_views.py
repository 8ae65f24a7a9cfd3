"""The privacy officer's pages for the rights of a betrokkene: find the person, read the
record with its correction and restriction history, correct it (AVG article 16), restrict
or lift the processing (article 18). Only the officer of the person's region (403 for
other roles, 404 for another region, as the policy decides). Every read is logged; names
and BSNs are searched by POST, never in a URL."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from schakel.access.log import Access, record_access, record_accesses
from schakel.access.models import AccessAction
from schakel.access.policy import get_person_of_privacy_officer, require_role
from schakel.access.rules import PERSON_RIGHTS_ROLES
from schakel.accounts.typing import signed_in_user
from schakel.core.concurrency import save_versioned
from schakel.core.writes import submit
from schakel.persons import selectors, services
from schakel.persons.forms import (
    PersonCorrectionForm,
    PersonSearchForm,
    RestrictionForm,
    person_values,
)
from schakel.persons.models import Person

PURPOSE = gettext_lazy("Verzoek van een betrokkene (AVG)")


def _log_read(user, person: Person, detail: str) -> None:
    """The privacy officer read one person's record, for a request of that person."""
    record_access(
        actor=user,
        action=AccessAction.READ,
        persons=[person],
        obj=person,
        purpose=str(PURPOSE),
        detail=detail,
    )


def _detail_url(pk: int) -> str:
    return reverse("privacy_persons:detail", args=[pk])


@login_required
@require_http_methods(["GET", "POST"])
def search_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_role(user, *PERSON_RIGHTS_ROLES)
    form = PersonSearchForm(request.POST or None)
    outcome = None
    # The search and the overview below it: the page's log rows in one statement.
    accesses = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = selectors.search_persons_for_privacy_officer(
            user=user, bsn=data["bsn"], last_name=data["last_name"], birth_date=data["birth_date"]
        )
        accesses.append(
            Access(
                AccessAction.SEARCH,
                persons=outcome.persons,
                purpose=str(PURPOSE),
                detail=_("Zoeken op: %(fields)s; %(count)s gevonden")
                % {"fields": ", ".join(form.used_fields()), "count": len(outcome.persons)},
            )
        )
    restricted = selectors.restricted_persons(user=user)
    accesses.append(
        Access(
            AccessAction.READ,
            persons=restricted,
            purpose=str(PURPOSE),
            detail=_("Overzicht van personen met een beperking van de verwerking"),
        )
    )
    record_accesses(actor=user, accesses=accesses)
    return render(
        request,
        "persons/privacy/search.html",
        {"form": form, "outcome": outcome, "restricted": restricted},
    )


@login_required
def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    person = get_person_of_privacy_officer(user, pk)
    _log_read(user, person, _("Persoonsgegevens met correcties en beperkingen ingezien"))
    return render(
        request,
        "persons/privacy/detail.html",
        {
            "person": person,
            "corrections": list(selectors.correction_history(person=person)),
            "restrictions": list(selectors.restriction_history(person=person)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def correct_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    person = get_person_of_privacy_officer(user, pk)

    def make_form(**kwargs) -> PersonCorrectionForm:
        return PersonCorrectionForm(person=person, user=user, **kwargs)

    def save(form) -> None:
        version, _data = form.split_version()
        services.correct_person(
            actor=user,
            person=person,
            changes=form.changes(),
            reason=form.cleaned_data["reason"],
            expected_version=version,
        )

    conflict = None
    if request.method == "POST":
        form, conflict, saved = save_versioned(
            request,
            make_form=make_form,
            save=save,
            current_values=lambda current: person_values(cast(Person, current)),
        )
        if saved:
            return _done(
                request, _("De gegevens zijn gecorrigeerd; de oude waarden zijn bewaard."), pk
            )
    else:
        form = make_form()
    _log_read(user, person, _("Correctieformulier geopend"))
    return render(
        request,
        "persons/privacy/correct.html",
        {"person": person, "form": form, "conflict": conflict},
    )


def _done(request: HttpRequest, message: str, pk: int) -> HttpResponse:
    messages.success(request, message)
    return redirect(_detail_url(pk))


@login_required
@require_http_methods(["GET", "POST"])
def restrict_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _restriction_page(request, pk, lift=False)


@login_required
@require_http_methods(["GET", "POST"])
def lift_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _restriction_page(request, pk, lift=True)


def _restriction_page(request: HttpRequest, pk: int, *, lift: bool) -> HttpResponse:
    """Restrict and lift are one page with a reason; the service decides if the step fits."""
    user = signed_in_user(request)
    person = get_person_of_privacy_officer(user, pk)
    form = RestrictionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service = services.lift_restriction if lift else services.restrict_processing
        done = submit(
            request,
            form,
            lambda: service(actor=user, person=person, reason=form.cleaned_data["reason"]),
            success=_("De beperking is opgeheven.")
            if lift
            else _("De verwerking is beperkt. Alleen u ziet deze persoon nog."),
            redirect_to=_detail_url(pk),
        )
        if done:
            return done
    _log_read(
        user,
        person,
        _("Beperking opheffen: formulier geopend") if lift else _("Beperken: formulier geopend"),
    )
    return render(
        request,
        "persons/privacy/restriction.html",
        {"person": person, "form": form, "lift": lift},
    )
