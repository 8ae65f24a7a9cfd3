"""Beheer: partner organisations, municipalities and accounts of the viewer's own region.

Views stay thin: selectors decide what exists for the viewer (403 for the wrong role,
404 for another region), services write and may refuse with a per-field message.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from schakel.access import rules
from schakel.access.policy import require_role
from schakel.accounts import selectors as account_selectors
from schakel.accounts import services as account_services
from schakel.accounts.roles import Role
from schakel.core.concurrency import save_versioned
from schakel.core.paging import page_of
from schakel.core.writes import perform, submit
from schakel.organisations import selectors, services
from schakel.organisations.forms import (
    AccountCreateForm,
    AccountForm,
    ConvenantForm,
    IdentityProviderForm,
    MunicipalityForm,
    OrganisationForm,
)

USERS_PER_PAGE = 50


def _form_page(request: HttpRequest, template: str, **context) -> HttpResponse:
    return render(request, template, context)


def _create_page(
    request: HttpRequest,
    form_class: type[BaseForm],
    create: Callable[..., object],
    *,
    success: str,
    list_url: str,
    title: str,
) -> HttpResponse:
    """Add a record of the region with one form; back to its list when saved."""
    form = form_class(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: create(actor=request.user, **form.cleaned_data),
            success=success,
            redirect_to=list_url,
        )
        if done:
            return done
    return _form_page(
        request, "organisations/form_page.html", form=form, title=title, cancel_url=list_url
    )


@login_required
def index_view(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *rules.ORGANISATION_ROLES)
    return render(
        request,
        "organisations/index.html",
        {
            "is_beheerder": request.user.has_role(Role.BEHEERDER),
            "pending_grant_count": account_selectors.pending_role_grants(request.user).count(),
        },
    )


# --- partner organisations --------------------------------------------------------------


@login_required
def organisation_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organisations/organisation_list.html",
        {
            "organisations": selectors.organisation_overview(request.user),
            "is_beheerder": request.user.has_role(Role.BEHEERDER),
        },
    )


@login_required
def organisation_create_view(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.BEHEERDER)
    return _create_page(
        request,
        OrganisationForm,
        services.create_organisation,
        success=_("De organisatie is toegevoegd."),
        list_url=reverse("organisations:organisation_list"),
        title=_("Nieuwe partnerorganisatie"),
    )


def _organisation_values(organisation) -> dict:
    return {name: getattr(organisation, name) for name in OrganisationForm.Meta.fields}


@login_required
def organisation_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.get_region_organisation(request.user, pk)
    if request.user.has_role(Role.BEHEERDER):
        form_class = OrganisationForm

        def save(form):
            version, data = form.split_version()
            return services.update_organisation(
                actor=request.user,
                organisation=organisation,
                expected_version=version,
                **data,
            )

        intro = ""
    else:
        form_class = ConvenantForm

        def save(form):
            return services.set_convenant_status(
                actor=request.user,
                organisation=organisation,
                convenant_signed_on=form.cleaned_data["convenant_signed_on"],
                expected_version=form.cleaned_data["version"],
            )

        intro = _(
            "Als manager legt u vast of en sinds wanneer deze organisatie het convenant "
            "informatiedeling heeft ondertekend. Laat de datum leeg als dat niet zo is."
        )
    conflict = None
    if request.method == "POST":
        # A ModelForm cleans into its instance: give it a copy, so the values of the
        # record as stored stay at hand for the conflict page.
        form, conflict, saved = save_versioned(
            request,
            make_form=lambda **kwargs: form_class(
                instance=type(organisation).objects.get(pk=organisation.pk), **kwargs
            ),
            save=save,
            current_values=_organisation_values,
        )
        if saved:
            messages.success(request, _("De organisatie is bijgewerkt."))
            return redirect("organisations:organisation_list")
    else:
        form = form_class(instance=organisation)
    return _form_page(
        request,
        "organisations/form_page.html",
        form=form,
        title=_("Organisatie %(name)s") % {"name": organisation.name},
        intro=intro,
        cancel_url=reverse("organisations:organisation_list"),
        conflict=conflict,
    )


# --- municipalities ---------------------------------------------------------------------


@login_required
def municipality_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organisations/municipality_list.html",
        {"municipalities": selectors.region_municipalities(request.user)},
    )


@login_required
def municipality_create_view(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *rules.REFERENCE_ROLES)
    return _create_page(
        request,
        MunicipalityForm,
        services.create_municipality,
        success=_("De gemeente is toegevoegd."),
        list_url=reverse("organisations:municipality_list"),
        title=_("Nieuwe gemeente"),
    )


@login_required
def municipality_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = selectors.get_region_municipality(request.user, pk)
    conflict = None
    if request.method == "POST":

        def save(form):
            version, data = form.split_version()
            return services.update_municipality(
                actor=request.user,
                municipality=municipality,
                expected_version=version,
                **data,
            )

        form, conflict, saved = save_versioned(
            request,
            make_form=lambda **kwargs: MunicipalityForm(
                instance=type(municipality).objects.get(pk=municipality.pk), **kwargs
            ),
            save=save,
            current_values=lambda current: {"cbs_code": current.cbs_code, "name": current.name},
        )
        if saved:
            messages.success(request, _("De gemeente is bijgewerkt."))
            return redirect("organisations:municipality_list")
    else:
        form = MunicipalityForm(instance=municipality)
    return _form_page(
        request,
        "organisations/form_page.html",
        form=form,
        title=_("Gemeente %(name)s") % {"name": municipality.name},
        cancel_url=reverse("organisations:municipality_list"),
        conflict=conflict,
    )


# --- accounts ---------------------------------------------------------------------------


@login_required
def user_list_view(request: HttpRequest) -> HttpResponse:
    users = account_selectors.region_users(request.user)
    paging = page_of(request, users, USERS_PER_PAGE)
    return render(request, "organisations/user_list.html", {"page": paging.page, "paging": paging})


def _account_fields(form: AccountForm) -> dict:
    data = dict(form.cleaned_data)
    data["roles"] = set(data["roles"])
    return data


def _tell_pending(request: HttpRequest, account) -> None:
    """Say which roles do not work yet, and why, right after saving."""
    waiting = account_selectors.pending_roles(account)
    if waiting:
        messages.info(
            request,
            _(
                "Nog niet actief: %(roles)s. Een rol die casusinhoud opent, gaat pas in als "
                "een andere functioneel beheerder of de manager hem goedkeurt."
            )
            % {"roles": ", ".join(str(Role(role).label) for role in sorted(waiting))},
        )


@sensitive_post_parameters("password")
@login_required
def user_create_view(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.BEHEERDER)
    form = AccountCreateForm(
        data=request.POST or None,
        organisations=selectors.assignable_organisations(request.user),
    )
    if request.method == "POST" and form.is_valid():

        def announce(account) -> None:
            messages.success(
                request,
                _(
                    "Het account is aangemaakt. Bij de eerste keer inloggen stelt de gebruiker "
                    "de authenticator-app in."
                ),
            )
            _tell_pending(request, account)

        done = submit(
            request,
            form,
            lambda: account_services.create_account(actor=request.user, **_account_fields(form)),
            success=announce,
            redirect_to=reverse("organisations:user_list"),
        )
        if done:
            return done
    return _form_page(
        request,
        "organisations/form_page.html",
        form=form,
        title=_("Nieuw account"),
        cancel_url=reverse("organisations:user_list"),
    )


@login_required
def user_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    account = account_selectors.get_region_user(request.user, pk)
    form = AccountForm(
        data=request.POST or None,
        instance=account,
        organisations=selectors.assignable_organisations(
            request.user, including=account.organisation_id
        ),
    )
    if request.method == "POST" and form.is_valid():

        def announce(_result) -> None:
            messages.success(request, _("Het account is bijgewerkt."))
            _tell_pending(request, account)

        done = submit(
            request,
            form,
            lambda: account_services.update_account(
                actor=request.user, user=account, **_account_fields(form)
            ),
            success=announce,
            redirect_to=reverse("organisations:user_list"),
        )
        if done:
            return done
    return _form_page(
        request,
        "organisations/user_form.html",
        form=form,
        account=account,
        pending_grants=_grants_with_reasons(
            request.user, account_selectors.pending_role_grants(request.user).filter(user=account)
        ),
        title=_("Account %(username)s") % {"username": account.username},
        cancel_url=reverse("organisations:user_list"),
    )


def _account_action(
    request: HttpRequest, pk: int, action: Callable[..., None], done: str
) -> HttpResponse:
    account = account_selectors.get_region_user(request.user, pk)
    return perform(
        request,
        lambda: action(actor=request.user, user=account),
        success=done,
        redirect_to=reverse("organisations:user_edit", args=[account.pk]),
    )


@login_required
@require_POST
def user_reset_2fa_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_action(
        request,
        pk,
        account_services.reset_two_factor,
        _(
            "De tweestapsverificatie is gewist. Bij de volgende keer inloggen stelt de "
            "gebruiker een nieuwe authenticator-app in."
        ),
    )


@login_required
@require_POST
def user_deactivate_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_action(
        request,
        pk,
        account_services.deactivate_account,
        _("Het account is gedeactiveerd en alle sessies zijn beëindigd."),
    )


@login_required
@require_POST
def user_activate_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_action(
        request, pk, account_services.activate_account, _("Het account is weer actief.")
    )


# --- identity providers of the region's organisations ----------------------------------


@login_required
def identity_provider_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organisations/identity_provider_list.html",
        {
            "providers": [
                (provider, account_selectors.identity_provider_secret_is_set(provider))
                for provider in account_selectors.region_identity_providers(request.user)
            ],
            "callback_url": account_selectors.oidc_redirect_uri(request),
            "logout_url": request.build_absolute_uri(reverse("accounts:login")),
        },
    )


def _identity_provider_fields(form: IdentityProviderForm) -> dict:
    _version, data = form.split_version()
    return data


def _announce_identity_provider(request: HttpRequest, provider) -> None:
    messages.success(request, _("De inlogdienst is opgeslagen."))
    problem = account_selectors.identity_provider_problem(provider)
    if problem:
        messages.warning(request, problem)


@login_required
def identity_provider_create_view(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.BEHEERDER)
    list_url = reverse("organisations:identity_provider_list")
    form = IdentityProviderForm(
        data=request.POST or None,
        organisations=selectors.assignable_organisations(request.user),
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: account_services.create_identity_provider(
                actor=request.user, **_identity_provider_fields(form)
            ),
            success=lambda provider: _announce_identity_provider(request, provider),
            redirect_to=list_url,
        )
        if done:
            return done
    return _form_page(
        request,
        "organisations/form_page.html",
        form=form,
        title=_("Nieuwe inlogdienst"),
        intro=_INTRO_IDENTITY_PROVIDER,
        cancel_url=list_url,
    )


_INTRO_IDENTITY_PROVIDER = _(
    "Met een eigen inlogdienst (OpenID Connect) loggen de mensen van een organisatie in "
    "bij hun organisatie. Hun accounts maakt u nog steeds zelf aan in Schakel, met het "
    "e-mailadres van het werk."
)


@login_required
def identity_provider_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    provider = account_selectors.get_region_identity_provider(request.user, pk)
    list_url = reverse("organisations:identity_provider_list")
    organisations = selectors.assignable_organisations(
        request.user, including=provider.organisation_id
    )
    conflict = None
    if request.method == "POST":
        form, conflict, saved = save_versioned(
            request,
            make_form=lambda **kwargs: IdentityProviderForm(
                instance=type(provider).objects.get(pk=provider.pk),
                organisations=organisations,
                **kwargs,
            ),
            save=lambda form: account_services.update_identity_provider(
                actor=request.user,
                provider=provider,
                expected_version=form.split_version()[0],
                **_identity_provider_fields(form),
            ),
            current_values=lambda current: {
                **{name: getattr(current, name) for name in IdentityProviderForm.Meta.fields},
                "email_domains": "\n".join(current.domain_names),
            },
        )
        if saved:
            provider.refresh_from_db()
            _announce_identity_provider(request, provider)
            return redirect(list_url)
    else:
        form = IdentityProviderForm(instance=provider, organisations=organisations)
    return _form_page(
        request,
        "organisations/form_page.html",
        form=form,
        title=_("Inlogdienst %(name)s") % {"name": provider.name},
        intro=_INTRO_IDENTITY_PROVIDER,
        cancel_url=list_url,
        conflict=conflict,
    )


# --- role grants awaiting a second person -------------------------------------------------


def _grants_with_reasons(viewer, grants) -> list:
    """Each pending grant with why this viewer may not approve it (None: they may)."""
    grants = list(grants)
    for grant in grants:
        grant.refusal = account_selectors.approval_refusal(viewer, grant)
    return grants


@login_required
def role_grant_list_view(request: HttpRequest) -> HttpResponse:
    grants = account_selectors.pending_role_grants(request.user)
    return render(
        request,
        "organisations/role_grant_list.html",
        {"grants": _grants_with_reasons(request.user, grants)},
    )


def _grant_decision(
    request: HttpRequest, pk: int, action: Callable[..., object], done: str, withdrawn: str = ""
) -> HttpResponse:
    grant = account_selectors.get_pending_role_grant(request.user, pk)
    if withdrawn and grant.requested_by_id == request.user.pk:
        done = withdrawn
    return perform(
        request,
        lambda: action(actor=request.user, grant=grant),
        success=lambda _result: messages.success(
            request, done % {"role": grant.get_role_display(), "user": grant.user}
        ),
        redirect_to=reverse("organisations:role_grant_list"),
    )


@login_required
@require_POST
def role_grant_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _grant_decision(
        request,
        pk,
        account_services.approve_role_grant,
        _("De rol %(role)s voor %(user)s is goedgekeurd en nu actief."),
    )


@login_required
@require_POST
def role_grant_reject_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _grant_decision(
        request,
        pk,
        account_services.reject_role_grant,
        _("De aanvraag van de rol %(role)s voor %(user)s is afgewezen."),
        withdrawn=_("De aanvraag van de rol %(role)s voor %(user)s is ingetrokken."),
    )
