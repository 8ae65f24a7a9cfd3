from django import forms
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from schakel.accounts.models import IdentityProvider, User
from schakel.accounts.selectors import identity_provider_for_login, is_refused_demo_device
from schakel.core.forms import SchakelForm, max_length_of


class LoginForm(SchakelForm):
    """A username and password, or the e-mail address of someone whose organisation has
    its own identity provider: then the password stays empty and the IdP asks for it."""

    username = forms.CharField(
        label=_("Gebruikersnaam of e-mailadres"),
        max_length=max_length_of(User, "username"),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        required=False,
        help_text=_("Leeg laten als u inlogt via uw eigen organisatie."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "De combinatie van gebruikersnaam en wachtwoord is onjuist. "
            "Na herhaalde mislukte pogingen wordt het account tijdelijk geblokkeerd."
        ),
    }

    def __init__(self, request: HttpRequest, *args, **kwargs):
        self.request = request
        self.user: User | None = None
        self.identity_provider: IdentityProvider | None = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        username, password = cleaned.get("username"), cleaned.get("password")
        if username:
            # An organisation with its own IdP signs its people in there, never here.
            self.identity_provider = identity_provider_for_login(username)
            if self.identity_provider is not None:
                return cleaned
            if not password:
                self.add_error("password", _("Vul uw wachtwoord in."))
        if username and password:
            self.user = authenticate(self.request, username=username, password=password)
            if self.user is None or not self.user.is_active:
                raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid")
        return cleaned


DEMO_KEY_REFUSED = "demo_key"


class TokenForm(SchakelForm):
    token = forms.CharField(
        label=_("Verificatiecode"),
        help_text=_("De zes cijfers uit uw authenticator-app."),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={
            "required": _("Vul de verificatiecode in."),
            "min_length": _("De verificatiecode heeft zes cijfers."),
            "max_length": _("De verificatiecode heeft zes cijfers."),
        },
    )

    def __init__(self, device: TOTPDevice | None, *args, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("De verificatiecode bestaat alleen uit cijfers."))
        if self.device is None:
            raise forms.ValidationError(_("Er is geen authenticator-app gekoppeld."))
        if is_refused_demo_device(self.device):
            raise forms.ValidationError(
                _(
                    "Deze authenticator-app gebruikt de openbare demosleutel; die werkt alleen "
                    "in de demo. Vraag de functioneel beheerder de tweestapsverificatie "
                    "opnieuw in te stellen."
                ),
                code=DEMO_KEY_REFUSED,
            )
        allowed, _details = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                _("Te veel onjuiste codes. Wacht even en probeer het daarna opnieuw.")
            )
        if not self.device.verify_token(token):
            raise forms.ValidationError(
                _("Deze code is onjuist of verlopen. Probeer de nieuwe code.")
            )
        return token
