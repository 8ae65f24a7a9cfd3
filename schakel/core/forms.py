"""Form building blocks shared by every part of Schakel.

Every form is a SchakelForm or SchakelModelForm: each of its fields gets the project's
Dutch messages for the common mistakes (nothing filled in, too long, not in the list, not
a date), unless the field names its own. A form then only spells out a message that says
more than these. Length limits come from the model field they are saved into
(text_field, max_length_of), so a form never allows more than the column holds.

Whatever a browser (or an attacker) posts, a form answers with a Dutch message on the
page, never a server error. The model choice fields below check a posted id before it
reaches the database: SQLite cannot even hold an integer beyond 64 bits and raises
OverflowError on a lookup with one, PostgreSQL refuses one beyond the column's range.
"""

from __future__ import annotations

import re
from functools import cache

from django import forms
from django.db import connection, models
from django.forms.formsets import (
    INITIAL_FORM_COUNT,
    MAX_NUM_FORM_COUNT,
    MIN_NUM_FORM_COUNT,
    TOTAL_FORM_COUNT,
    ManagementForm,
)
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from schakel.core.form_html import form_html

CHOOSE_FROM_LIST = _("Kies een waarde uit de lijst.")
NO_NULL_CHARACTERS = _("Gebruik geen onzichtbare stuurtekens (zoals een nul-teken).")
DIGITS = re.compile(r"[0-9]{1,20}")


class SchakelFormRenderer(TemplatesSetting):
    """Renders every form field as an NL Design System form field with its own error."""

    form_template_name = "schakel/forms/form.html"
    field_template_name = "schakel/forms/field.html"

    def render(self, template_name, context, request=None):
        # Forms, fields and the common widgets are written directly: the same HTML at a
        # fraction of the cost of rendering their templates.
        html = form_html(template_name, context)
        if html is not None:
            return html
        return super().render(template_name, context, request=request)


def _key_range(queryset: models.QuerySet, to_field_name: str | None) -> tuple[int, int] | None:
    """The range of the integer key the field looks up by, or None for a non-integer key."""
    model_field = (
        queryset.model._meta.get_field(to_field_name) if to_field_name else queryset.model._meta.pk
    )
    while model_field.is_relation:  # a one-to-one primary key: follow it to its target
        model_field = model_field.target_field
    if not isinstance(model_field, models.IntegerField | models.AutoField):
        return None
    low, high = connection.ops.integer_field_range(model_field.get_internal_type())
    return low, high


def _is_valid_id(value, key_range: tuple[int, int] | None) -> bool:
    if key_range is None:
        return "\x00" not in str(value)
    if not DIGITS.fullmatch(str(value).strip()):
        return False
    try:
        # The lookup converts with int(), which refuses a few characters that str.strip()
        # removes (the separators \x1c–\x1f): judge the value as the lookup will.
        number = int(str(value))
    except ValueError:
        return False
    low, high = key_range
    return (low is None or number >= low) and (high is None or number <= high)


class _SafeChoiceMixin:
    # A bad id gets the field's own "invalid choice" message (Django's Dutch one unless
    # the form names its own); these only replace Django's messages that show the raw value.
    default_error_messages = {
        "invalid_pk_value": CHOOSE_FROM_LIST,
        "invalid_list": CHOOSE_FROM_LIST,
        "null_characters_not_allowed": NO_NULL_CHARACTERS,
    }

    def _refuse(self, value=""):
        raise forms.ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )

    def _check_id(self, value) -> None:
        if not _is_valid_id(value, _key_range(self.queryset, self.to_field_name)):
            self._refuse(str(value).replace("\x00", ""))


class _ChoicesInOneQuery(forms.models.ModelChoiceIterator):
    """A choice list's rows read as one plain query. Django reads them with iterator(),
    which on PostgreSQL is a server-side cursor: three round trips (declare, fetch,
    close) for a list of a few hundred rows at most."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class SafeModelChoiceField(_SafeChoiceMixin, forms.ModelChoiceField):
    """A ModelChoiceField that answers an out-of-range, negative, non-numeric or
    NUL-containing id with its own "invalid choice" message instead of querying with it."""

    iterator = _ChoicesInOneQuery

    def to_python(self, value):
        if value in self.empty_values or isinstance(value, models.Model):
            return super().to_python(value)
        self._check_id(value)
        return super().to_python(value)


class SafeModelMultipleChoiceField(_SafeChoiceMixin, forms.ModelMultipleChoiceField):
    """The multiple-choice variant: every posted id is checked the same way."""

    iterator = _ChoicesInOneQuery

    def _check_values(self, value):
        if not isinstance(value, list | tuple):
            self._refuse()
        for item in value:
            if isinstance(item, models.Model):
                continue
            if not isinstance(item, str | int):
                self._refuse(item)
            self._check_id(item)
        return super()._check_values(value)


# --- The form base: Dutch default messages ---------------------------------------------

FILL_IN = _("Vul ‘%(label)s’ in.")
CHOOSE = _("Maak een keuze bij ‘%(label)s’.")
TICK = _("Vink ‘%(label)s’ aan.")
TOO_LONG = _("Gebruik ten hoogste %(limit_value)d tekens (nu %(show_value)d).")
TOO_SHORT = _("Gebruik ten minste %(limit_value)d tekens (nu %(show_value)d).")
NOT_A_DATE = _("Vul een datum in als dd-mm-jjjj, bijvoorbeeld 14-03-2025.")
NOT_A_TIME = _("Vul een tijd in als uu:mm, bijvoorbeeld 09:30.")
NOT_A_WHOLE_NUMBER = _("Vul een geheel getal in.")
TOO_SMALL = _("Vul een getal in van ten minste %(limit_value)s.")
TOO_LARGE = _("Vul een getal in van ten hoogste %(limit_value)s.")

# Messages of every field; the "invalid" message depends on the kind of field.
COMMON_MESSAGES = {
    "max_length": TOO_LONG,
    "min_length": TOO_SHORT,
    "min_value": TOO_SMALL,
    "max_value": TOO_LARGE,
    "invalid_choice": CHOOSE_FROM_LIST,
    "invalid_list": CHOOSE_FROM_LIST,
    "invalid_pk_value": CHOOSE_FROM_LIST,
}
INVALID_MESSAGES = (
    (forms.DateField, NOT_A_DATE),
    (forms.TimeField, NOT_A_TIME),
    (forms.IntegerField, NOT_A_WHOLE_NUMBER),
)


def _required_message(field: forms.Field, label: str) -> str:
    if isinstance(field, forms.BooleanField):
        pattern = TICK
    elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        pattern = CHOOSE
    else:
        pattern = FILL_IN
    return pattern % {"label": label}


def _djangos_defaults(field: forms.Field) -> dict:
    """The messages Django itself gives this kind of field (not those of the project)."""
    return _djangos_defaults_of(type(field))


@cache
def _djangos_defaults_of(field_class: type[forms.Field]) -> dict:
    # Per class, once: every form of every request asks it for each of its fields.
    messages = {}
    for cls in reversed(field_class.__mro__):
        if cls.__module__.startswith("django."):
            messages.update(getattr(cls, "default_error_messages", {}))
    return messages


def apply_default_messages(field: forms.Field, name: str) -> None:
    """Give the field the project's messages where it still has Django's (or none).

    A message the field (or its form's Meta) names itself, or that a project field class
    sets, is kept: only a message identical to Django's own default is replaced. Applying
    again (after the form changed a label, say) renews only the messages set here.
    """
    djangos = _djangos_defaults(field)
    set_before = getattr(field, "_default_messages", {})
    label = str(field.label or pretty_name(name))
    ours = {**COMMON_MESSAGES, "required": _required_message(field, label)}
    for field_class, message in INVALID_MESSAGES:
        if isinstance(field, field_class):
            ours["invalid"] = message
            break
    applied = {}
    for code, message in ours.items():
        current = field.error_messages.get(code)
        if current is None or current is djangos.get(code) or current is set_before.get(code):
            field.error_messages[code] = applied[code] = message
    field._default_messages = applied


class DefaultMessagesMixin:
    """Gives every field of the form the Dutch default messages (see above)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._apply_default_messages()

    def _apply_default_messages(self) -> None:
        for name, field in self.fields.items():
            apply_default_messages(field, name)

    def full_clean(self):
        # Again here: fields added after __init__ (one per goal, say) get them too.
        self._apply_default_messages()
        super().full_clean()


class SchakelForm(DefaultMessagesMixin, forms.Form):
    """The base of every form of Schakel."""


class SchakelModelForm(DefaultMessagesMixin, forms.ModelForm):
    """The base of every model form of Schakel."""


# --- Field helpers: limits from the model -------------------------------------------------


def model_field(model: type[models.Model], name: str) -> models.Field:
    return model._meta.get_field(name)


def max_length_of(model: type[models.Model], name: str) -> int:
    """The length limit of a text column, for the form field that fills it."""
    return model_field(model, name).max_length


def label_of(model: type[models.Model], name: str) -> str:
    """The model field's verbose name, as a field label."""
    return capfirst(model_field(model, name).verbose_name)


def text_field(
    model: type[models.Model],
    name: str,
    *,
    label=None,
    rows: int | None = None,
    widget: forms.Widget | None = None,
    **kwargs,
) -> forms.CharField:
    """A CharField for the model field ``name``, with the column's length limit.

    ``rows`` makes it a text area of that many rows. The label defaults to the model
    field's verbose name. Anything else (required, help_text, error_messages) as for
    forms.CharField.
    """
    if widget is None and rows:
        widget = forms.Textarea(attrs={"rows": rows})
    return forms.CharField(
        label=label_of(model, name) if label is None else label,
        max_length=max_length_of(model, name),
        widget=widget,
        **kwargs,
    )


def choice_field(label, choices, *, message=None, field_class=forms.ChoiceField, **kwargs):
    """A choice field whose one ``message`` answers both nothing chosen and a value not in
    the list (a radio group that says what to choose); without it, the form's defaults."""
    if message is not None:
        kwargs["error_messages"] = {"required": message, "invalid_choice": message}
    return field_class(label=label, choices=choices, **kwargs)


class DateInput(forms.DateInput):
    """A date picker; it sends and shows the date as ISO (2025-03-14), whatever the locale."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def date_field(label, **kwargs) -> forms.DateField:
    """A DateField with the date picker (and the form's default messages)."""
    kwargs.setdefault("widget", DateInput())
    return forms.DateField(label=label, **kwargs)


# --- Formsets -----------------------------------------------------------------------------


class RobustFormSetMixin:
    """A formset whose management form may be missing or garbled without a server error.

    Django then sees zero rows, and a formset's own clean() that expects a row fails. Here
    the formset instead counts the rows actually posted (so nothing typed is lost), shows
    a Dutch message, and renders a management form with correct values, so that the next
    save of the page goes through.
    """

    default_error_messages = {
        "missing_management_form": _(
            "Het formulier is niet volledig ontvangen. Controleer de gegevens hieronder en "
            "sla opnieuw op."
        ),
        "too_many_forms": _("Vul ten hoogste %(num)d regels in."),
        "too_few_forms": _("Vul ten minste %(num)d regels in."),
    }

    @cached_property
    def _posted_management(self) -> dict | None:
        """The posted management values when they make sense, else None."""
        form = ManagementForm(self.data, auto_id=self.auto_id, prefix=self.prefix)
        if not form.is_valid():
            return None
        total, initial = form.cleaned_data[TOTAL_FORM_COUNT], form.cleaned_data[INITIAL_FORM_COUNT]
        if total < 0 or initial < 0 or initial > total or total > self.absolute_max:
            return None
        return form.cleaned_data

    @property
    def management_is_broken(self) -> bool:
        return self.is_bound and self._posted_management is None

    def _posted_rows(self) -> int:
        """How many rows the POST holds, judged by the row numbers of its field names."""
        pattern = re.compile(rf"^{re.escape(self.prefix)}-([0-9]{{1,4}})-")
        numbers = [int(match[1]) for key in self.data if (match := pattern.match(key))]
        rows = max(numbers, default=-1) + 1
        return min(max(rows, self.min_num, 1), self.absolute_max)

    @cached_property
    def management_form(self):
        if not self.management_is_broken:
            return super().management_form
        # Unbound on purpose: full_clean() sees it as not valid and reports the message,
        # while the page renders the right counts for the next save. full_clean() also
        # reads its cleaned_data, as it would of a bound one.
        counts = {
            TOTAL_FORM_COUNT: self._posted_rows(),
            INITIAL_FORM_COUNT: 0,
            MIN_NUM_FORM_COUNT: self.min_num,
            MAX_NUM_FORM_COUNT: self.max_num,
        }
        form = ManagementForm(
            auto_id=self.auto_id, prefix=self.prefix, initial=counts, renderer=self.renderer
        )
        form.cleaned_data = counts
        return form

    def total_form_count(self):
        if self.management_is_broken:
            return self._posted_rows()
        if self.is_bound:
            # A posted count below the minimum (zero, say) still shows the minimum rows.
            return max(min(super().total_form_count(), self.absolute_max), self.min_num)
        return super().total_form_count()

    def initial_form_count(self):
        if self.management_is_broken:
            return 0
        return super().initial_form_count()
