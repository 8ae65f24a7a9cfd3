from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.core.forms import SchakelForm, choice_field
from schakel.imports.registry import kind_choices
from schakel.imports.services import check_upload


class ImportForm(SchakelForm):
    kind = choice_field(
        _("Soort bestand"),
        choices=(),
        message=_("Kies welk soort bestand u inleest."),
    )
    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_(
            "Een CSV-bestand in UTF-8 met een kopregel, gescheiden door puntkomma’s of komma’s."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the kinds this user may import (a detentiemelding is nazorg's, for example).
        self.fields["kind"].choices = kind_choices(user)
        if len(self.fields["kind"].choices) == 1:
            self.fields["kind"].initial = self.fields["kind"].choices[0][0]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        errors = check_upload(name=upload.name or "", size=upload.size or 0)
        if errors:
            raise forms.ValidationError(errors["file"])
        return upload
