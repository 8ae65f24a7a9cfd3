from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import can_see_case, get_visible_case, may_direct_case, require_role
from schakel.accounts.roles import Role
from schakel.core.paging import page_of
from schakel.core.writes import perform, submit
from schakel.transfers import services
from schakel.transfers.forms import DecisionForm, ProposeTransferForm
from schakel.transfers.selectors import (
    get_visible_transfer,
    incoming_open,
    open_transfer_of,
    visible_transfers,
)


@login_required
def transfer_list_view(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.PROCESREGISSEUR)
    page = page_of(request, visible_transfers(request.user), per_page=25)
    record_access(
        actor=request.user,
        action=AccessAction.READ,
        detail=_("Overzicht overdrachten andere regio's"),
    )
    return render(
        request,
        "transfers/list.html",
        {"page": page, "incoming": list(incoming_open(request.user)[:50])},
    )


@login_required
def propose_view(request: HttpRequest, case_pk: int) -> HttpResponse:
    require_role(request.user, Role.PROCESREGISSEUR)
    case = get_visible_case(request.user, case_pk)
    if not may_direct_case(request.user, case):
        raise PermissionDenied(_("U bent geen procesregisseur van deze casus."))
    running = open_transfer_of(case.pk)
    form = ProposeTransferForm(request.POST or None, region_id=case.region_id)
    if request.method == "POST" and form.is_valid():
        response = submit(
            request,
            form,
            lambda: services.propose_transfer(
                actor=request.user,
                case=case,
                to_municipality=form.cleaned_data["to_municipality"],
                reason=form.cleaned_data["reason"],
            ),
            success=_("Het voorstel tot overdracht is verstuurd naar de ontvangende regio."),
            redirect_to=lambda transfer: reverse("transfers:detail", args=[transfer.pk]),
        )
        if response is not None:
            return response
    record_access(
        actor=request.user, action=AccessAction.READ, case=case, detail=_("Overdracht voorstellen")
    )
    return render(
        request, "transfers/propose.html", {"case": case, "form": form, "running": running}
    )


@login_required
def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, Role.PROCESREGISSEUR)
    transfer = get_visible_transfer(request.user, pk)
    receiving = transfer.to_region_id == request.user.region_id
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and receiving and transfer.is_open and form.is_valid():
        accepting = request.POST.get("besluit") == "aanvaarden"
        note = form.cleaned_data["decision_note"]
        response = submit(
            request,
            form,
            lambda: (
                services.accept_transfer(actor=request.user, transfer=transfer, note=note)
                if accepting
                else services.refuse_transfer(actor=request.user, transfer=transfer, note=note)
            ),
            success=(
                _("De casus is overgenomen en staat nu in de intake van uw regio.")
                if accepting
                else _("De overdracht is geweigerd; de verzendende regio ziet uw toelichting.")
            ),
            redirect_to=reverse("transfers:detail", args=[transfer.pk]),
        )
        if response is not None:
            return response
    elif request.method == "POST" and not (receiving and transfer.is_open):
        raise PermissionDenied(_("Over dit voorstel beslist u niet (meer)."))
    record_access(
        actor=request.user,
        action=AccessAction.READ,
        obj=transfer,
        detail=_("Overdracht %(reference)s") % {"reference": transfer.case_reference},
    )
    case = transfer.case
    return render(
        request,
        "transfers/detail.html",
        {
            "transfer": transfer,
            "form": form,
            "receiving": receiving,
            "preview": services.preview(transfer) if transfer.is_open else None,
            "case_link": case is not None and can_see_case(request.user, case),
        },
    )


@login_required
@require_POST
def withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, Role.PROCESREGISSEUR)
    transfer = get_visible_transfer(request.user, pk)
    target = reverse("transfers:detail", args=[transfer.pk])
    return perform(
        request,
        lambda: services.withdraw_transfer(actor=request.user, transfer=transfer),
        success=_("Het voorstel tot overdracht is ingetrokken."),
        redirect_to=target,
    )
