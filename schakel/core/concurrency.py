"""Optimistic concurrency: two people editing the same thing never silently overwrite each other.

Every editable record carries a version number. An edit form carries the version it was
opened with (a hidden field); the service raises the version by one in a single
conditional UPDATE (``WHERE version = expected``). When someone else saved in the
meantime no row matches, EditConflict is raised and, because the services run in one
transaction, nothing of the edit is written. The page then comes back with what the
user typed ("uw versie") beside what is stored now ("de huidige versie").
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.core.submissions import write_once
from schakel.core.writes import place_errors

if TYPE_CHECKING:
    # The kernel knows the user only as Django's base class: it imports no app.
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.http import HttpRequest
    from django_stubs_ext import StrOrPromise

# The largest version a PositiveIntegerField holds on every supported database.
MAX_VERSION = 2_147_483_647


class Versioned(models.Model):
    """The version of an editable record, and who last changed it when (for the conflict
    message). Subclasses with other column names set ``concurrency_fields``."""

    version = models.PositiveIntegerField(default=0, editable=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    concurrency_fields = ("version", "changed_by", "changed_at")

    class Meta:
        abstract = True


def _fields(model: type[models.Model]) -> tuple[str, str, str]:
    return getattr(model, "concurrency_fields", Versioned.concurrency_fields)


class EditConflict(Exception):
    """Someone else changed (or removed) the record after the form was opened."""

    def __init__(self, obj: models.Model, *, what: StrOrPromise):
        model = type(obj)
        version_field, by_field, _at = _fields(model)
        self.what = what
        self.version_field = version_field
        self.current = model._default_manager.select_related(by_field).filter(pk=obj.pk).first()
        super().__init__(self.message)

    @property
    def version(self) -> int:
        """The version to continue from: the stored one (0 when the record is gone)."""
        if self.current is None:
            return 0
        return getattr(self.current, self.version_field)

    @property
    def message(self) -> str:
        if self.current is None:
            return _(
                "Iemand anders heeft %(what)s intussen verwijderd. Uw tekst staat hieronder nog."
            ) % {"what": self.what}
        _version, by_field, at_field = _fields(type(self.current))
        by, at = getattr(self.current, by_field), getattr(self.current, at_field)
        if by is not None and at is not None:
            local = timezone.localtime(at)
            when = (
                time_format(local, "H:i")
                if local.date() == timezone.localdate()
                else date_format(local, "j F Y H:i")
            )
            changed = _(" door %(name)s om %(time)s") % {
                "name": by.get_full_name() or by.username,
                "time": when,
            }
        else:
            changed = ""
        return _(
            "Iemand anders heeft %(what)s intussen gewijzigd (versie %(version)s%(by)s). "
            "Uw tekst staat hieronder nog; vergelijk met de huidige versie en sla opnieuw op."
        ) % {"what": self.what, "version": self.version, "by": changed}


def claim_version(
    obj: models.Model, *, expected: int | None, actor: AbstractBaseUser | None, what: StrOrPromise
) -> None:
    """Raise the version by one, only if it is still the one the form was opened with.

    Call it inside the service's transaction, before writing anything else: on a
    conflict the whole edit is rolled back. ``expected=None`` is a write without a form
    (a command, a status step): it checks nothing but still outdates every open form.
    """
    model = type(obj)
    version_field, by_field, at_field = _fields(model)
    now = timezone.now()
    rows = model._default_manager.filter(pk=obj.pk)
    if expected is not None:
        rows = rows.filter(**{version_field: expected})
    changed = rows.update(**{version_field: F(version_field) + 1, by_field: actor, at_field: now})
    if changed != 1:
        raise EditConflict(obj, what=what)
    if expected is None:
        expected = rows.values_list(version_field, flat=True).get() - 1
    setattr(obj, version_field, expected + 1)
    setattr(obj, by_field, actor)
    setattr(obj, at_field, now)


def bump_version(model: type[models.Model], pk: int) -> None:
    """A change made without a form (a report, a status) still outdates open forms."""
    version_field, _by, _at = _fields(model)
    model._default_manager.filter(pk=pk).update(**{version_field: F(version_field) + 1})


# --- Forms --------------------------------------------------------------------------------

INCOMPLETE = gettext_lazy("Het formulier is onvolledig; open de pagina opnieuw.")


class VersionField(forms.IntegerField):
    """The hidden version an edit form was opened with."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {
                "required": INCOMPLETE,
                "invalid": INCOMPLETE,
                "min_value": INCOMPLETE,
                "max_value": INCOMPLETE,
            },
        )
        super().__init__(widget=forms.HiddenInput, min_value=0, max_value=MAX_VERSION, **kwargs)


if TYPE_CHECKING:
    # The mixin is only ever mixed into a Form or ModelForm.
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class VersionedFormMixin(_FormBase):
    """Adds the hidden ``version`` field to an edit form (Form or ModelForm)."""

    version_field_name = "version"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is None:
            return  # a ModelForm that creates: there is nothing to overwrite yet
        self.fields[self.version_field_name] = VersionField()
        if instance is not None:
            version_field, _by, _at = _fields(type(instance))
            self.initial.setdefault(self.version_field_name, getattr(instance, version_field))

    def full_clean(self) -> None:
        super().full_clean()
        # A hidden field's error would be shown nowhere: show it above the form.
        errors = getattr(self, "_errors", None)
        if errors and self.version_field_name in errors:
            self.add_error(None, errors.pop(self.version_field_name))

    def split_version(self) -> tuple[int | None, dict[str, Any]]:
        """The expected version (None on a form that creates), and the other cleaned
        values for the service."""
        data = dict(self.cleaned_data)
        return data.pop(self.version_field_name, None), data


def _display(form_field: forms.Field, value: object) -> str:
    if value in (None, "", [], ()):
        return ""
    if isinstance(form_field, forms.ModelMultipleChoiceField):
        if isinstance(value, models.QuerySet | list | tuple | set):
            items = value
            if items and not isinstance(next(iter(items)), models.Model):
                assert form_field.queryset is not None  # set by every model choice field
                items = form_field.queryset.model._default_manager.filter(pk__in=list(items))
            return ", ".join(sorted(str(item) for item in items))
    if isinstance(form_field, forms.ModelChoiceField):
        if isinstance(value, models.Model):
            return str(value)
        assert form_field.queryset is not None  # set by every model choice field
        found = form_field.queryset.model._default_manager.filter(pk=value).first()
        return str(found) if found is not None else ""
    if isinstance(form_field, forms.BooleanField):
        return _("Ja") if value else _("Nee")
    if isinstance(form_field, forms.ChoiceField):
        # A ChoiceField normalises its choices to a list of pairs when they are set; the
        # stubs only know the wider type they may be given as.
        choices: Iterable[tuple[object, object]] = form_field.choices  # type: ignore[assignment]
        labels = {str(key): label for key, label in choices}
        return str(labels.get(str(value), value))
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j F Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    if isinstance(value, datetime.time):
        return time_format(value, "H:i")
    return str(value)


def form_rows(form: forms.BaseForm, values: dict) -> list[tuple[str, str]]:
    """The visible fields of the form with the given values, as (label, text) for reading."""
    return [
        (str(bound.label), _display(bound.field, values.get(bound.name)))
        for bound in form.visible_fields()
    ]


@dataclass
class Conflict:
    """What the conflict partial shows: the message, uw versie and de huidige versie."""

    message: str
    yours: list[tuple[str, str]] = field(default_factory=list)
    current: list[tuple[str, str]] = field(default_factory=list)
    removed: bool = False


def save_versioned(
    request: HttpRequest,
    *,
    make_form: Callable[..., forms.BaseForm],
    save: Callable[[forms.BaseForm], object],
    current_values: Callable[[models.Model], dict] | None = None,
    current_rows: Callable[[EditConflict], Iterable[tuple[str, str]]] | None = None,
    field_names: Mapping[str, str] | None = None,
    version_field_name: str = "version",
    result_url: str | None = None,
) -> tuple[forms.BaseForm, Conflict | None, bool]:
    """Validate and save a POSTed edit form; on a conflict keep everything typed.

    Returns the form to show, the conflict (or None) and whether it was saved. On a
    conflict the form is bound again to what the user typed, with the hidden version moved
    to the stored one, so a second save (after comparing) goes through. Any other refusal
    of the service goes on the form as every write path puts it there
    (schakel.core.writes.place_errors; ``field_names`` as there).
    """
    form = make_form(data=request.POST)
    if not form.is_valid():
        return form, None, False
    try:
        # The form's one-time token is claimed in the edit's transaction; ``result_url`` is
        # the page the caller redirects to after saving (else the middleware notes it).
        write_once(
            request,
            lambda: save(form),
            result_url=(lambda _saved: result_url) if result_url else None,
        )
    except EditConflict as conflict:
        yours = form_rows(form, form.cleaned_data)
        data = request.POST.copy()
        data[form.add_prefix(version_field_name)] = str(conflict.version)
        form = make_form(data=data)
        form.is_valid()
        form.add_error(None, conflict.message)
        if current_rows is not None:
            current = list(current_rows(conflict))
        elif conflict.current is not None and current_values is not None:
            current = form_rows(form, current_values(conflict.current))
        else:
            current = []
        return (
            form,
            Conflict(
                message=conflict.message,
                yours=yours,
                current=current,
                removed=conflict.current is None,
            ),
            False,
        )
    except ValidationError as error:
        place_errors(form, error, field_names=field_names)
        return form, None, False
    return form, None, True
