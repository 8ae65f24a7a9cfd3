"""The label of a stored choice (``case.get_state_display``), looked up in a table built once.

Django builds the dictionary of a field's choices again on every call, hashing each
(lazily translated) label, which translates it: a list of 25 cases showing their state
translated every state's label 25 times. Here each field's table is built on first use
and kept; the labels in it stay lazy, so each call still shows the label in the active
language, exactly as Django's own method does.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partialmethod
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


def _label_of(field: models.Field) -> Callable[[models.Model], Any]:
    labels: dict[Any, Any] | None = None

    def get_display(instance: models.Model) -> Any:
        nonlocal labels
        if labels is None:
            labels = dict(make_hashable(field.flatchoices))
        value = getattr(instance, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)

    return get_display


def use_choice_label_tables() -> None:
    """Give every model field with a fixed list of choices the table lookup, where the
    model uses Django's own get_FOO_display (a model that defines its own keeps it)."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field.choices, list | tuple):
                continue  # no choices, or choices computed per call
            name = f"get_{field.name}_display"
            method = model.__dict__.get(name)
            if isinstance(method, partialmethod) and method.keywords.get("field") is field:
                setattr(model, name, _label_of(field))
