from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schakel.access import policy, rules
from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import (
    can_see_case,
    get_visible_case,
    may_request_information,
    require_role,
)
from schakel.access.rules import CASE_ROLES
from schakel.core.paging import COUNT_CAP, page_of
from schakel.core.writes import perform, submit
from schakel.inquiries import selectors, services
from schakel.inquiries.forms import AnswerForm, InformationRequestForm, OverdueFilterForm
from schakel.persons.restriction import shown_all

PAGE_SIZE = 50


@login_required
def request_list_view(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *CASE_ROLES)
    user = request.user
    filter_form = OverdueFilterForm(request.GET or None)
    overdue_only = filter_form.is_valid() and filter_form.cleaned_data["overdue"]
    paging = page_of(
        request,
        selectors.request_list(user=user, overdue_only=overdue_only),
        PAGE_SIZE,
        count_cap=COUNT_CAP,
    )
    page = paging.page
    if page.object_list:
        record_access(
            actor=user,
            action=AccessAction.READ,
            detail=_("Lijst informatieverzoeken: %(ids)s")
            % {"ids": ", ".join(str(r.pk) for r in page.object_list)},
        )
    return render(
        request,
        "inquiries/request_list.html",
        {
            "page": page,
            "paging": paging,
            "filter_form": filter_form,
            "overdue_only": overdue_only,
            "shows_filter": user.has_role(*rules.REQUEST_OVERVIEW_ROLES),
        },
    )


@login_required
def request_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The request and its answer; the addressed partner answers here (POST)."""
    require_role(request.user, *CASE_ROLES)
    information_request = selectors.get_visible_request(user=request.user, pk=pk)
    addressed = policy.may_answer(user=request.user, information_request=information_request)
    may_answer = addressed and information_request.is_open
    form = AnswerForm(
        request.POST if request.method == "POST" else None, case=information_request.case
    )
    if request.method == "POST":
        if not addressed:
            raise PermissionDenied(_("U kunt dit informatieverzoek niet beantwoorden."))
        if not information_request.is_open:
            messages.error(
                request, _("Dit verzoek is niet meer open en kan niet meer worden beantwoord.")
            )
            return redirect("inquiries:detail", pk=information_request.pk)
        if form.is_valid():
            done = submit(
                request,
                form,
                lambda: services.answer_request(
                    actor=request.user,
                    information_request=information_request,
                    answer=form.cleaned_data["answer"],
                    marking=form.marking(),
                ),
                success=_("Uw antwoord is verstuurd en aan de casus gekoppeld."),
                redirect_to=reverse("inquiries:detail", args=[information_request.pk]),
            )
            if done:
                return done
    persons = shown_all(information_request.persons.all())
    record_access(
        actor=request.user,
        action=AccessAction.READ,
        case=information_request.case,
        persons=persons,
        obj=information_request,
        purpose=information_request.purpose,
    )
    case = information_request.case
    return render(
        request,
        "inquiries/request_detail.html",
        {
            "information_request": information_request,
            "persons": persons,
            "form": form if may_answer else None,
            # A partner asked for information reads the request, not the case: without
            # another involvement it sees the reference only, no title and no link.
            "opens_case": can_see_case(request.user, case),
            "may_withdraw": information_request.is_open
            and may_request_information(request.user, case),
        },
    )


@login_required
def request_create_view(request: HttpRequest, case_pk: int) -> HttpResponse:
    require_role(request.user, *rules.REQUEST_SENDING_ROLES)
    case = get_visible_case(request.user, case_pk)
    if not may_request_information(request.user, case):
        raise PermissionDenied(_("U mag voor deze casus geen informatie opvragen."))
    form = InformationRequestForm(request.POST if request.method == "POST" else None, case=case)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.request_information(
                actor=request.user, case=case, **form.cleaned_data
            ),
            success=lambda information_request: messages.success(
                request,
                _("Het informatieverzoek aan %(organisation)s is verstuurd.")
                % {"organisation": information_request.organisation},
            ),
            redirect_to=reverse("cases:section", kwargs={"pk": case.pk, "section": "melding"}),
        )
        if done:
            return done
    persons = form.fields["persons"].queryset
    record_access(
        actor=request.user,
        action=AccessAction.READ,
        case=case,
        persons=persons,
        detail=_("Nieuw informatieverzoek"),
    )
    return render(request, "inquiries/request_form.html", {"case": case, "form": form})


@require_POST
@login_required
def request_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, *rules.REQUEST_SENDING_ROLES)
    information_request = selectors.get_visible_request(user=request.user, pk=pk)
    return perform(
        request,
        lambda: services.withdraw_request(
            actor=request.user, information_request=information_request
        ),
        success=_("Het informatieverzoek is ingetrokken."),
        redirect_to=reverse("inquiries:detail", args=[information_request.pk]),
    )
