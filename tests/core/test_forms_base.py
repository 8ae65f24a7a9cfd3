"""The form base: every field gets the Dutch default messages unless it names its own,
and length limits come from the model fields the values are saved into."""

from __future__ import annotations

import importlib
import inspect

import pytest
from django import forms
from django.apps import apps

from schakel.core.concurrency import INCOMPLETE, VersionedFormMixin
from schakel.core.forms import (
    DefaultMessagesMixin,
    SafeModelChoiceField,
    SafeModelMultipleChoiceField,
    SchakelForm,
    SchakelModelForm,
    choice_field,
    date_field,
    max_length_of,
    text_field,
)
from schakel.organisations.models import Municipality, Organisation
from schakel.triage.models import TriageDecision


class ExampleForm(SchakelForm):
    name = forms.CharField(label="Naam", max_length=5)
    code = forms.CharField(label="Code", min_length=3, required=False)
    kind = forms.ChoiceField(label="Soort", choices=[("a", "A"), ("b", "B")])
    organisation = SafeModelChoiceField(
        label="Organisatie", queryset=Organisation.objects.none(), required=False
    )
    organisations = SafeModelMultipleChoiceField(
        label="Organisaties", queryset=Organisation.objects.none(), required=False
    )
    confirm = forms.BooleanField(label="Akkoord")
    day = date_field("Datum", required=False)
    at = forms.TimeField(label="Tijd", required=False)
    count = forms.IntegerField(label="Aantal", min_value=1, max_value=9, required=False)
    own = forms.CharField(
        label="Eigen",
        max_length=2,
        required=False,
        error_messages={"max_length": "Twee tekens is genoeg."},
    )


def _errors(**data):
    form = ExampleForm(data={"name": "Ab", "kind": "a", "confirm": "on", **data})
    form.is_valid()
    return form.errors


def test_a_missing_value_names_the_field():
    errors = ExampleForm(data={}).errors

    assert errors["name"] == ["Vul ‘Naam’ in."]
    assert errors["kind"] == ["Maak een keuze bij ‘Soort’."]
    assert errors["confirm"] == ["Vink ‘Akkoord’ aan."]


def test_too_long_and_too_short_say_the_limit_and_the_count():
    errors = _errors(name="Abcdefg", code="ab")

    assert errors["name"] == ["Gebruik ten hoogste 5 tekens (nu 7)."]
    assert errors["code"] == ["Gebruik ten minste 3 tekens (nu 2)."]


def test_a_value_not_in_the_list_is_not_echoed():
    errors = _errors(kind="<b>x</b>", organisation="999", organisations=["999"])

    assert errors["kind"] == ["Kies een waarde uit de lijst."]
    assert errors["organisation"] == ["Kies een waarde uit de lijst."]
    assert errors["organisations"] == ["Kies een waarde uit de lijst."]


def test_dates_times_and_numbers_get_a_dutch_example():
    errors = _errors(day="31-02-2025", at="25:61", count="veel")

    assert errors["day"] == ["Vul een datum in als dd-mm-jjjj, bijvoorbeeld 14-03-2025."]
    assert errors["at"] == ["Vul een tijd in als uu:mm, bijvoorbeeld 09:30."]
    assert errors["count"] == ["Vul een geheel getal in."]
    assert _errors(count="0")["count"] == ["Vul een getal in van ten minste 1."]
    assert _errors(count="10")["count"] == ["Vul een getal in van ten hoogste 9."]


def test_a_date_is_accepted_as_typed_and_as_the_date_picker_sends_it():
    assert not _errors(day="14-03-2025")
    assert not _errors(day="2025-03-14")
    assert 'value="2025-03-14"' in str(ExampleForm(initial={"day": "2025-03-14"})["day"])


def test_a_message_of_the_field_itself_is_kept():
    assert _errors(own="abc")["own"] == ["Twee tekens is genoeg."]


def test_a_message_of_a_project_field_class_is_kept():
    class Edit(VersionedFormMixin, SchakelForm):
        pass

    form = Edit(data={"version": "x"})
    form.is_valid()

    assert form.non_field_errors() == [INCOMPLETE]


def test_a_field_added_after_init_gets_the_defaults_too():
    class Dynamic(SchakelForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["extra"] = forms.CharField(label="Later", max_length=2)

    form = Dynamic(data={"extra": "abc"})

    assert form.errors["extra"] == ["Gebruik ten hoogste 2 tekens (nu 3)."]


def test_a_label_changed_in_init_is_in_the_required_message():
    class Relabelled(SchakelForm):
        name = forms.CharField(label="Oud")

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["name"].label = "Nieuw"

    assert Relabelled(data={}).errors["name"] == ["Vul ‘Nieuw’ in."]


def test_the_declared_fields_are_left_as_they_were():
    ExampleForm(data={}).is_valid()

    assert ExampleForm.base_fields["name"].error_messages["required"] == "Dit veld is vereist."


@pytest.mark.django_db
def test_a_model_form_keeps_its_meta_messages_and_gets_the_defaults():
    class MunicipalityForm(SchakelModelForm):
        class Meta:
            model = Municipality
            fields = ["cbs_code", "name"]
            error_messages = {"cbs_code": {"max_length": "Een CBS-code is kort."}}

    form = MunicipalityForm(data={"cbs_code": "GM12345678901234567890"})

    assert form.errors["cbs_code"] == ["Een CBS-code is kort."]
    assert form.errors["name"] == ["Vul ‘Naam’ in."]


def test_text_field_takes_the_length_limit_and_label_from_the_model():
    reason = TriageDecision._meta.get_field("reason")

    field = text_field(TriageDecision, "reason", rows=4)
    line = text_field(TriageDecision, "referred_to", label="Verwezen naar", required=False)

    assert field.max_length == reason.max_length == max_length_of(TriageDecision, "reason")
    assert str(field.label) == str(reason.verbose_name).capitalize()
    assert isinstance(field.widget, forms.Textarea)
    assert field.widget.attrs["rows"] == 4
    assert line.label == "Verwezen naar"
    assert isinstance(line.widget, forms.TextInput)
    assert not line.required


def test_choice_field_answers_nothing_chosen_and_a_bad_value_with_its_one_message():
    class Pick(SchakelForm):
        day = choice_field("Dag", [("1", "Maandag")], message="Kies een werkdag.")
        part = choice_field("Dagdeel", [("o", "Ochtend")])

    assert Pick(data={}).errors == {
        "day": ["Kies een werkdag."],
        "part": ["Maak een keuze bij ‘Dagdeel’."],
    }
    assert Pick(data={"day": "9", "part": "x"}).errors == {
        "day": ["Kies een werkdag."],
        "part": ["Kies een waarde uit de lijst."],
    }


def _project_forms():
    for config in apps.get_app_configs():
        if not config.name.startswith("schakel."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, forms.BaseForm):
                yield cls


def test_every_form_of_the_project_is_built_on_the_base():
    found = list(_project_forms())

    assert len(found) > 30
    assert [cls.__qualname__ for cls in found if not issubclass(cls, DefaultMessagesMixin)] == []
