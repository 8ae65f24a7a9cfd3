"""The forms, fields and widgets written directly (schakel.core.form_html) give exactly the
HTML of their templates (Schakel's form and field templates, Django's widget templates), for
every kind of value, attribute, choice, error and help text a Schakel form uses."""

import datetime
import importlib
import importlib.util
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from schakel.core.form_html import WIDGET_WRITERS, widget_html
from schakel.core.forms import SchakelForm, SchakelFormRenderer

CHOICES = [
    ("", "---------"),
    ("a", "Eén & twee"),
    (1, gettext_lazy("Lazy <label>")),
    ("b", mark_safe("<b>veilig</b>")),
    ('Groep "x"', [("c", "C"), (2, "Twee")]),
    ("d", 'Aanhalingsteken " en <>'),
]


class EveryWidget(forms.Form):
    text = forms.CharField(initial='O\'Neil & "zonen" <script>', max_length=20)
    empty_text = forms.CharField(required=False)
    safe_text = forms.CharField(initial=mark_safe("<i>al veilig</i>"))
    hidden = forms.CharField(widget=forms.HiddenInput, initial="7")
    number = forms.IntegerField(initial=1234567, min_value=0)
    decimal = forms.DecimalField(initial=Decimal("1234.50"))
    date = forms.DateField(initial=datetime.date(2026, 3, 1), widget=forms.DateInput)
    date_typed = forms.DateField(
        initial=datetime.date(2026, 3, 1), widget=forms.DateInput(attrs={"type": "date"})
    )
    time = forms.TimeField(initial=datetime.time(9, 30), widget=forms.TimeInput)
    datetime = forms.DateTimeField(initial=datetime.datetime(2026, 3, 1, 9, 30))
    email = forms.EmailField(initial="a@b.nl")
    url = forms.URLField(required=False, assume_scheme="https")
    password = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="x")
    checked = forms.BooleanField(initial=True)
    unchecked = forms.BooleanField(required=False)
    area = forms.CharField(widget=forms.Textarea, initial="Regel één\n<twee> & drie")
    empty_area = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    choice = forms.ChoiceField(choices=CHOICES, initial="a")
    grouped = forms.ChoiceField(choices=CHOICES, initial=2)
    multiple = forms.MultipleChoiceField(choices=CHOICES, initial=["a", "c"])
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, initial="b")
    checkboxes = forms.MultipleChoiceField(
        choices=CHOICES, widget=forms.CheckboxSelectMultiple(attrs={"class": "x&y"}), initial=[1]
    )
    attributes = forms.CharField(
        widget=forms.TextInput(
            attrs={
                "aria-describedby": "id_attributes_error",
                "data-on": True,
                "data-off": False,
                "data-number": 3,
                "data-none": None,
                "data-safe": mark_safe("a&amp;b"),
                "data-tuple": (1, 2),
                "autocomplete": "off",
            }
        )
    )


def _forms():
    yield EveryWidget(auto_id="id_%s")
    yield EveryWidget(auto_id=False)
    yield EveryWidget(
        data={
            "text": "<getypt>",
            "number": "niet",
            "choice": "zzz",
            "multiple": ["b", "2"],
            "radio": "1",
            "checkboxes": ["a", "c"],
            "area": "",
            "checked": "on",
        }
    )


@pytest.mark.parametrize("form", list(_forms()), ids=["auto_id", "no_id", "bound"])
def test_every_widget_is_written_as_its_template_renders_it(form):
    by_templates = TemplatesSetting()
    written = 0
    for field in form:
        widget = field.field.widget
        context = widget.get_context(field.html_name, field.value(), field.build_widget_attrs({}))
        expected = by_templates.render(widget.template_name, context)
        html = widget_html(widget.template_name, context)
        assert html is not None, widget.template_name
        assert html == expected, field.name
        written += 1
    assert written == len(form.fields)


class TemplatesOnly(SchakelFormRenderer):
    def render(self, template_name, context, request=None):
        return TemplatesSetting.render(self, template_name, context, request=request)


class WithHelpAndErrors(SchakelForm):
    name = forms.CharField(label="Naam & <toenaam>", help_text="Zoals in de <BRP>.")
    kind = forms.ChoiceField(
        choices=CHOICES, widget=forms.RadioSelect, help_text=mark_safe("<em>een</em>")
    )
    kinds = forms.MultipleChoiceField(
        choices=CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    agree = forms.BooleanField(label="Akkoord")
    optional_agree = forms.BooleanField(required=False)
    secret = forms.CharField(widget=forms.HiddenInput, initial="x")
    shown_initial = forms.CharField(show_hidden_initial=True, initial="y", required=False)

    def clean(self):
        raise forms.ValidationError("Dit past niet <samen>.")


def _compared_forms():
    yield EveryWidget(data={"text": "<x>", "choice": "zzz"})
    yield EveryWidget()
    yield WithHelpAndErrors()
    yield WithHelpAndErrors(data={"name": "", "kind": "zzz", "secret": "<"})
    yield WithHelpAndErrors(data={"name": "a", "kind": "a", "agree": "on"}, prefix="p")
    # Every form of Schakel that can be made without arguments, empty and submitted empty.
    for app in apps.get_app_configs():
        if app.name.startswith("schakel.") and importlib.util.find_spec(f"{app.name}.forms"):
            importlib.import_module(f"{app.name}.forms")
    for form_class in _all_subclasses(forms.BaseForm):
        if not form_class.__module__.startswith("schakel."):
            continue
        for data in (None, {}):
            try:
                form = form_class(data)
            except Exception:  # needs arguments of its own
                break
            yield form


def _all_subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _all_subclasses(subclass)


@pytest.mark.django_db
def test_every_form_renders_as_its_templates_render_it():
    compared = 0
    for form in _compared_forms():
        fast = form.render(renderer=SchakelFormRenderer())
        slow = form.render(renderer=TemplatesOnly())
        assert fast == slow, type(form).__name__
        for field in form:
            assert field.as_field_group() == field.render(
                field.template_name, renderer=TemplatesOnly()
            ), field.name
        compared += 1
    assert compared > 20, compared


def test_another_template_goes_through_the_template_engine():
    assert widget_html("django/forms/widgets/clearable_file_input.html", {"widget": {}}) is None
    assert "django/forms/widgets/select.html" in WIDGET_WRITERS
