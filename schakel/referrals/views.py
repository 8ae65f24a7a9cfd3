from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schakel.access import rules
from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import can_see_case, require_role
from schakel.cases.models import Case
from schakel.core.submissions import write_once
from schakel.core.writes import perform, submit
from schakel.referrals.forms import (
    ReferralForm,
    ReferralPersonFormSet,
    RereportAttachForm,
    RereportForm,
    carried_over,
)
from schakel.referrals.selectors import (
    case_for_rereport,
    duplicate_candidates,
    new_case_for_rereport,
    rereport_candidates,
)
from schakel.referrals.services import (
    attach_rereport,
    keep_rereport_apart,
    register_rereport,
    rereport_refusal,
    submit_referral,
)

ADD_PERSON = "betrokkene_toevoegen"


def _offer_duplicates(request: HttpRequest, formset) -> tuple[object, bool]:
    """Look up every person of a valid formset; return the formset to show and whether to stop.

    When known persons are found, the rows are rebuilt with a choice per person (link to
    one of them, or create a new person), and nothing is saved until every choice is made.
    """
    candidates = {}
    for index, form in enumerate(formset.forms):
        if form.has_changed():
            found = duplicate_candidates(user=request.user, details=form.referred_person().details)
            if found:
                candidates[index] = found
    if not candidates:
        return formset, False
    record_access(
        actor=request.user,
        action=AccessAction.SEARCH,
        persons={c.person.pk: c.person for found in candidates.values() for c in found}.values(),
        purpose=_("Controle op dubbele registratie bij een nieuwe melding"),
    )
    offered = ReferralPersonFormSet(request.POST, candidates=candidates)
    pending = not offered.is_valid()
    for index in candidates:
        form = offered.forms[index]
        if form.errors or form.match_is_chosen():
            continue
        pending = True
        # The choice was on screen (a radio group sends nothing when none is picked).
        if form.add_prefix("match") not in request.POST:
            form.add_error(
                "match",
                _(
                    "Kies of u deze betrokkene koppelt aan een bekende persoon of een nieuwe persoon aanmaakt."
                ),
            )
    return offered, pending


def _show_service_errors(error: ValidationError, form, formset) -> list[str]:
    """Put the service's messages on the fields they belong to; return the rest."""
    rest: list[str] = []
    filled = formset.filled_forms()
    by_field = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
    for key, field_messages in by_field.items():
        if key in form.fields:
            form.add_error(key, field_messages)
            continue
        index, _sep, field = key.removeprefix("person-").partition("-")
        if key.startswith("person-") and index.isdigit() and int(index) < len(filled):
            person_form = filled[int(index)]
            person_form.add_error(field if field in person_form.fields else None, field_messages)
            continue
        rest.extend(field_messages)
    return rest


def _result_url(case: Case, opens_case: bool) -> str:
    """Where a sent melding leads: its case, or the worklist for a reporter who may not
    open the case (without a convenant)."""
    return reverse("cases:detail", args=[case.pk]) if opens_case else reverse("home:worklist")


@login_required
def referral_create_view(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *rules.REPORTING_ROLES)
    user = request.user
    context = {"duplicates_found": False, "person_errors": []}
    if request.method != "POST":
        form, formset = ReferralForm(user=user), ReferralPersonFormSet()
    elif ADD_PERSON in request.POST:
        # Nothing is checked yet: the user is still typing. Everything typed stays.
        bound = ReferralForm(request.POST, user=user)
        form = ReferralForm(user=user, initial=carried_over(bound))
        formset = ReferralPersonFormSet(rows=ReferralPersonFormSet(request.POST).rows())
    else:
        form = ReferralForm(request.POST, user=user)
        formset = ReferralPersonFormSet(request.POST)
        valid = form.is_valid() & formset.is_valid()
        valid = valid and formset.check_main_person(form.cleaned_data["kind"])
        if valid and rules.may_choose_duplicates(user):
            formset, pending = _offer_duplicates(request, formset)
            context["duplicates_found"] = bool(formset.candidates)
            valid = not pending
        if valid:
            data = form.cleaned_data

            def send() -> tuple[Case, bool]:
                referral = submit_referral(
                    actor=user,
                    source=data["source"],
                    received_on=data["received_on"],
                    municipality=data["municipality"],
                    kind=data["kind"],
                    title=data["title"],
                    description=data["description"],
                    life_domains=data["life_domains"],
                    urgency=data["urgency"],
                    question=data["question"],
                    reporter_contact=data["reporter_contact"],
                    persons=formset.referred_persons(),
                )
                return referral.case, can_see_case(user, referral.case)

            try:
                # Claims the form's one-time token in the same transaction, with the page
                # it leads to: a melding sent again (a retry after a dropped connection)
                # becomes no second case but leads to the first.
                case, opens_case = write_once(
                    request, send, result_url=lambda sent: _result_url(*sent)
                )
            except ValidationError as error:
                context["person_errors"] = _show_service_errors(error, form, formset)
            else:
                if opens_case:
                    messages.success(
                        request,
                        _("De melding is geregistreerd als casus %(reference)s.")
                        % {"reference": case.reference},
                    )
                else:
                    messages.success(
                        request, _("Uw melding is ontvangen door het Zorg- en Veiligheidshuis.")
                    )
                return redirect(_result_url(case, opens_case))
    context.update({"form": form, "formset": formset, "add_person": ADD_PERSON})
    return render(request, "referrals/referral_form.html", context)


@login_required
def rereport_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_rereport(user=request.user, pk=pk)
    refusal = rereport_refusal(state=case.state)
    if refusal is not None:
        messages.error(request, refusal)
        return redirect("cases:detail", pk=case.pk)
    form = RereportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: register_rereport(actor=request.user, case=case, **form.cleaned_data),
            success=_("De her-melding is geregistreerd; de casus is heropend als ‘Aangemeld’."),
            redirect_to=reverse("cases:detail", args=[case.pk]),
        )
        if done:
            return done
    return render(request, "referrals/rereport_form.html", {"form": form, "case": case})


def _candidate(request: HttpRequest, pk: int, closed_pk: int):
    """The new case (403/404 as for triage) and the candidate, or None when the closed case
    is no (longer a) candidate: then nothing about it is said."""
    case = new_case_for_rereport(user=request.user, pk=pk)
    found = [c for c in rereport_candidates(user=request.user, case=case) if c.case_id == closed_pk]
    if not found:
        messages.error(
            request, _("Deze melding heeft (nu) geen mogelijke her-melding bij die casus.")
        )
    return case, (found[0] if found else None)


@login_required
@require_http_methods(["GET", "POST"])
def rereport_attach_view(request: HttpRequest, pk: int, closed_pk: int) -> HttpResponse:
    """Take a new melding in as a her-melding of a closed case, after confirming."""
    case, candidate = _candidate(request, pk, closed_pk)
    if candidate is None:
        return redirect("cases:detail", pk=case.pk)
    if not candidate.may_attach:
        messages.error(
            request, _("Alleen de procesregisseur van de afgesloten casus kan die heropenen.")
        )
        return redirect("cases:detail", pk=case.pk)
    form = RereportAttachForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        closed_case = Case.objects.get(pk=candidate.case_id)
        return perform(
            request,
            lambda: attach_rereport(actor=request.user, case=case, closed_case=closed_case),
            success=_(
                "Casus %(reference)s is heropend als ‘Aangemeld’ met de melding van %(new)s; "
                "die casus is samengevoegd."
            )
            % {"reference": closed_case.reference, "new": case.reference},
            redirect_to=reverse("cases:detail", args=[closed_case.pk]),
            refused_to=reverse("cases:detail", args=[case.pk]),
        )
    return render(
        request,
        "referrals/rereport_attach.html",
        {"case": case, "candidate": candidate, "form": form},
    )


@login_required
@require_POST
def rereport_keep_apart_view(request: HttpRequest, pk: int, closed_pk: int) -> HttpResponse:
    case, candidate = _candidate(request, pk, closed_pk)
    if candidate is not None:
        keep_rereport_apart(
            actor=request.user,
            case=case,
            closed_case=Case.objects.get(pk=candidate.case_id),
        )
        messages.success(
            request,
            _("Vastgelegd: deze melding is geen her-melding van casus %(reference)s.")
            % {"reference": candidate.reference},
        )
    return redirect("cases:detail", pk=case.pk)
