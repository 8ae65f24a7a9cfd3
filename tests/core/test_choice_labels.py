"""get_FOO_display looks the label up in a table built once, with Django's exact result."""

from functools import partialmethod

from django.apps import apps
from django.db import models

from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case


def test_every_choice_label_is_the_one_django_gives():
    checked = 0
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field.choices, list | tuple):
                continue
            method = getattr(model, f"get_{field.name}_display")
            values = [value for value, _label in field.flatchoices] + ["geen-keuze", None]
            for value in values:
                instance = model()
                setattr(instance, field.attname, value)
                assert method(instance) == models.Model._get_FIELD_display(instance, field)
                checked += 1
    assert checked > 100


def test_the_label_follows_the_value_stored_now():
    assert not isinstance(Case.__dict__["get_state_display"], partialmethod)
    case = Case(state=CaseState.choices[0][0])
    assert case.get_state_display() == CaseState.choices[0][1]
    case.state = CaseState.choices[1][0]
    assert case.get_state_display() == CaseState.choices[1][1]
    assert type(case.get_state_display()) is str
