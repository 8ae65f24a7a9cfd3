"""The user's own e-mail choices: per kind of message, direct or in the daily overview."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from schakel.core.concurrency import VersionedFormMixin
from schakel.core.forms import SchakelForm, choice_field
from schakel.notifications.models import Delivery, NotificationKind

CHOICE_REQUIRED = _("Kies direct of dagelijks overzicht.")


class PreferencesForm(VersionedFormMixin, SchakelForm):
    """One row per kind of message; the in-app message always appears."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[kind.value] = choice_field(
                capfirst(kind.label),
                Delivery.choices,
                message=CHOICE_REQUIRED,
                widget=forms.RadioSelect,
            )
