from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.api.models import ApiClient
from schakel.api.scopes import SCOPES
from schakel.core.forms import SafeModelChoiceField, SchakelForm, text_field


class ApiClientForm(SchakelForm):
    organisation = SafeModelChoiceField(
        label=_("Organisatie"),
        queryset=None,
        empty_label=_("Kies een organisatie"),
        help_text=_("Alleen organisaties die het convenant informatiedeling tekenden."),
    )
    name = text_field(
        ApiClient,
        "name",
        label=_("Naam van de koppeling"),
        help_text=_("Het systeem dat de API aanroept, bijvoorbeeld 'Politie BVH-koppeling'."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=list(SCOPES.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Geef alleen wat het systeem nodig heeft."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
