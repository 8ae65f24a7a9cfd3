"""Form building blocks shared by every part of Schakel.

Whatever a browser (or an attacker) posts, a form answers with a Dutch message on the
page, never a server error. The model choice fields below check a posted id before it
reaches the database: SQLite cannot even hold an integer beyond 64 bits and raises
OverflowError on a lookup with one, PostgreSQL refuses one beyond the column's range.
"""

from __future__ import annotations

import re

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
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

CHOOSE_FROM_LIST = _("Kies een waarde uit de lijst.")
NO_NULL_CHARACTERS = _("Gebruik geen onzichtbare stuurtekens (zoals een nul-teken).")
DIGITS = re.compile(r"[0-9]{1,20}")


class SchakelFormRenderer(TemplatesSetting):
    """Renders every form field as an NL Design System form field with its own error."""

    form_template_name = "schakel/forms/form.html"
    field_template_name = "schakel/forms/field.html"


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
    text = str(value).strip()
    if not DIGITS.fullmatch(text):
        return False
    low, high = key_range
    return (low is None or int(text) >= low) and (high is None or int(text) <= high)


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


class SafeModelChoiceField(_SafeChoiceMixin, forms.ModelChoiceField):
    """A ModelChoiceField that answers an out-of-range, negative, non-numeric or
    NUL-containing id with its own "invalid choice" message instead of querying with it."""

    def to_python(self, value):
        if value in self.empty_values or isinstance(value, models.Model):
            return super().to_python(value)
        self._check_id(value)
        return super().to_python(value)


class SafeModelMultipleChoiceField(_SafeChoiceMixin, forms.ModelMultipleChoiceField):
    """The multiple-choice variant: every posted id is checked the same way."""

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
