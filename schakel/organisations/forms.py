"""Input validation for the beheer screens. Writes go through the services."""

from django import forms
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.accounts.selectors import pending_roles
from schakel.core.concurrency import VersionedFormMixin
from schakel.core.forms import DateInput, SchakelModelForm
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
