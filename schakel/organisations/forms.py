"""Input validation for the beheer screens. Writes go through the services."""

from django import forms
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import IdentityProvider, User
from schakel.accounts.oidc import SECRET_VARIABLE_PREFIX
from schakel.accounts.roles import Role
from schakel.accounts.selectors import pending_roles
from schakel.core.concurrency import VersionedFormMixin
from schakel.core.forms import (
    DateInput,
    SafeModelChoiceField,
    SchakelModelForm,
    label_of,
    max_length_of,
)
from schakel.organisations.models import Domain, Municipality, Organisation
from schakel.organisations.services import CBS_CODE_PATTERN


def _refuse_future(value):
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(
            _("De datum van ondertekening kan niet in de toekomst liggen."), code="future"
        )
    return value


class OrganisationForm(VersionedFormMixin, SchakelModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "domain",
            "kind",
            "convenant_signed_on",
            "email",
            "phone",
            "is_active",
        ]
        widgets = {"convenant_signed_on": DateInput()}
        help_texts = {
            "is_active": _("Een inactieve organisatie kan geen nieuwe accounts krijgen."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = [("", _("Kies een domein")), *Domain.choices]

    def clean_convenant_signed_on(self):
        return _refuse_future(self.cleaned_data.get("convenant_signed_on"))


class ConvenantForm(VersionedFormMixin, SchakelModelForm):
    """What a manager may change about a partner: its convenant status."""

    class Meta:
        model = Organisation
        fields = ["convenant_signed_on"]
        widgets = {"convenant_signed_on": DateInput()}

    def clean_convenant_signed_on(self):
        return _refuse_future(self.cleaned_data.get("convenant_signed_on"))


CBS_CODE_MESSAGE = _("Een CBS-code bestaat uit GM en vier cijfers, bijvoorbeeld GM0505.")


class MunicipalityForm(VersionedFormMixin, SchakelModelForm):
    class Meta:
        model = Municipality
        fields = ["cbs_code", "name"]
        error_messages = {
            "cbs_code": {
                "max_length": CBS_CODE_MESSAGE,
                "unique": _("Er is al een gemeente met deze CBS-code."),
            }
        }

    def clean_cbs_code(self) -> str:
        code = self.cleaned_data["cbs_code"].strip().upper()
        if not CBS_CODE_PATTERN.fullmatch(code):
            raise forms.ValidationError(CBS_CODE_MESSAGE, code="cbs_code")
        return code


class AccountForm(SchakelModelForm):
    """An account of a professional in the beheerder's region."""

    roles = forms.MultipleChoiceField(
        label=_("Rollen"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Een rol bepaalt wat iemand mag doen, niet welke casussen hij ziet. "
            "Procesregisseur, ketenpartner en informatiemakelaar openen casusinhoud: zo'n "
            "rol gaat pas in als een andere functioneel beheerder of de manager hem "
            "goedkeurt, en past niet bij de rol functioneel beheerder. U kunt uzelf geen "
            "rol geven."
        ),
        error_messages={"required": _("Kies ten minste één rol.")},
    )

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "phone",
            "job_title",
            "organisation",
        ]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email", "organisation"):
            self.fields[name].required = True
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = _("Kies een organisatie")
        self.fields["username"].help_text = _(
            "Letters, cijfers en @ . + - _ ; hiermee logt de gebruiker in."
        )
        if self.instance.pk and not self.is_bound:
            # A role waiting for approval stays ticked: saving the form keeps the request.
            self.initial["roles"] = sorted(self.instance.role_set | pending_roles(self.instance))


class AccountCreateForm(AccountForm):
    password = forms.CharField(
        label=_("Eerste wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Minimaal 12 tekens, geen veelgebruikt wachtwoord en niet alleen cijfers. "
            "Geef het de gebruiker via een ander kanaal dan de gebruikersnaam."
        ),
    )

    def _post_clean(self):
        super()._post_clean()
        # After the instance holds the typed names, so similarity to them is caught.
        password = self.cleaned_data.get("password")
        if password:
            try:
                password_validation.validate_password(password, self.instance)
            except forms.ValidationError as error:
                self.add_error("password", error)


class IdentityProviderForm(VersionedFormMixin, SchakelModelForm):
    """An organisation's own identity provider (OpenID Connect) for signing in."""

    organisation = SafeModelChoiceField(
        label=_("Organisatie"), queryset=Organisation.objects.none(), empty_label=None
    )
    issuer = forms.URLField(
        label=label_of(IdentityProvider, "issuer"),
        max_length=max_length_of(IdentityProvider, "issuer"),
        assume_scheme="https",
        help_text=IdentityProvider._meta.get_field("issuer").help_text,
    )
    email_domains = forms.CharField(
        label=_("E-maildomeinen"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Eén per regel, bijvoorbeeld politie.nl. Wie op de inlogpagina een e-mailadres "
            "met zo'n domein invult, logt in bij deze inlogdienst."
        ),
    )

    class Meta:
        model = IdentityProvider
        fields = [
            "organisation",
            "name",
            "issuer",
            "client_id",
            "client_secret_variable",
            "trusts_mfa",
            "mfa_acr_values",
            "is_active",
        ]
        help_texts = {
            "client_id": _("De client-ID die de organisatie voor Schakel heeft geregistreerd."),
            "trusts_mfa": _(
                "Aangevinkt: wie volgens de inlogdienst met meer dan één factor inlogde "
                "(amr met mfa, otp of hwk, of een acr-waarde hieronder), hoeft in Schakel "
                "geen code meer in te vullen. Anders vraagt Schakel de code uit de "
                "authenticator-app."
            ),
            "mfa_acr_values": _(
                "Gescheiden door spaties. Laat leeg als de inlogdienst amr-waarden meestuurt."
            ),
            "is_active": _("Een inactieve inlogdienst wordt bij het inloggen niet gebruikt."),
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["client_secret_variable"].help_text = _(
            "De naam van de omgevingsvariabele op de server die het client-secret bevat, "
            "beginnend met %(prefix)s. Het geheim zelf staat nooit in Schakel."
        ) % {"prefix": SECRET_VARIABLE_PREFIX}
        if self.instance.pk and not self.is_bound:
            self.initial["email_domains"] = "\n".join(self.instance.domain_names)

    def clean_email_domains(self) -> list[str]:
        text = self.cleaned_data["email_domains"]
        domains = [part.strip().lower().lstrip("@") for part in text.replace(",", "\n").split()]
        return sorted({domain for domain in domains if domain})

    def clean_client_secret_variable(self) -> str:
        return self.cleaned_data["client_secret_variable"].strip()
