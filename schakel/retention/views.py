"""Bewaartermijnen in beheer: the region's periods and what the removal job removed.

Thin views: the role rules live in schakel.access.rules, the reads in the selectors, the
write in the service.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from schakel.access import rules
from schakel.access.policy import require_role
from schakel.core.concurrency import save_versioned
from schakel.core.paging import page_of
from schakel.retention import selectors, services
from schakel.retention.forms import RetentionPolicyForm
from schakel.retention.services import KIND_LABELS

RUNS_PER_PAGE = 25


@login_required
def index_view(request: HttpRequest) -> HttpResponse:
    """The periods in force and the runs of the own region (beheerder, privacy officer)."""
    runs = selectors.runs_for(user=request.user)
    paging = page_of(request, runs, RUNS_PER_PAGE)
    region = request.user.organisation.region if request.user.organisation_id else None
    return render(
        request,
        "retention/index.html",
        {
            "policy": selectors.policy_for(region) if region is not None else None,
            "page": paging.page,
            "paging": paging,
            "rows": [
                (
                    run,
                    [
                        (KIND_LABELS[kind], n)
                        for kind, n in run.counts.items()
                        if kind in KIND_LABELS
                    ],
                )
                for run in paging.page
            ],
            "may_set": rules.may_set_retention(request.user),
            # The references of removed cases are for the privacy officer (who reads the
            # access log by the same references), not for the beheerder.
            "shows_references": rules.may_read_access_log(request.user),
        },
    )


@login_required
def policy_edit_view(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *rules.RETENTION_POLICY_ROLES)
    region = request.user.organisation.region if request.user.organisation_id else None
    if region is None:
        return redirect("retention:index")
    conflict = None
    if request.method == "POST":

        def save(form):
            version, data = form.split_version()
            return services.set_retention_policy(
                actor=request.user, expected_version=version, **data
            )

        form, conflict, saved = save_versioned(
            request,
            make_form=lambda **kwargs: RetentionPolicyForm(
                instance=selectors.policy_for(region), **kwargs
            ),
            save=save,
            current_values=lambda current: {
                "case_months": current.case_months,
                "access_log_years": current.access_log_years,
            },
        )
        if saved:
            messages.success(request, _("De bewaartermijnen zijn opgeslagen."))
            return redirect("retention:index")
    else:
        form = RetentionPolicyForm(instance=selectors.policy_for(region))
    return render(
        request,
        "organisations/form_page.html",
        {
            "form": form,
            "title": _("Bewaartermijnen van %(region)s") % {"region": region.name},
            "intro": _(
                "Neem de termijnen over uit het convenant informatiedeling van de regio. "
                "Een kortere termijn verwijdert gegevens eerder; elke wijziging wordt "
                "vastgelegd."
            ),
            "cancel_url": reverse("retention:index"),
            "conflict": conflict,
        },
    )
