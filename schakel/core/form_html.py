"""The HTML of forms, fields and Django's common widgets, written directly instead of
through templates.

Django renders every widget, and every option of a select, through a handful of small
templates (input.html, attrs.html, select_option.html, ...). On a page with a filter form
of a few selects that is hundreds of template renders, the largest part of the page's
time in Python. These functions write exactly the same HTML, byte for byte (the same
escaping, the same whitespace; tests/core/test_form_html.py compares them with Django's
templates), for the widget templates listed in WIDGET_WRITERS and for Schakel's own form
and field templates (schakel/forms/), which stay the reference for what is written here.
Any other template, or an option with its own template, still goes through the template
engine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms import BaseForm, BoundField
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]
from django.utils.translation import gettext

WIDGETS = "django/forms/widgets/"
SELECT_OPTION = WIDGETS + "select_option.html"
INPUT_OPTIONS = (WIDGETS + "radio_option.html", WIDGETS + "checkbox_option.html")


def _shown(value: Any) -> str:
    """``{{ value }}`` in an autoescaping template."""
    value = localize(template_localtime(value))
    if not isinstance(value, str):
        value = str(value)
    return conditional_escape(value)


def _formatted(value: Any) -> str:
    """``{{ value|stringformat:'s' }}`` in an autoescaping template."""
    text: str = "%s" % (str(value) if isinstance(value, tuple) else value)
    if isinstance(value, SafeData):
        text = mark_safe(text)  # noqa: S308 - the value was safe already (as the filter keeps it)
    return _shown(text)


def _attrs(attrs: dict[str, Any]) -> str:
    """attrs.html"""
    parts = []
    for name, value in attrs.items():
        if value is not False:
            parts.append(" " + _shown(name))
            if value is not True:
                parts.append('="' + _formatted(value) + '"')
    return "".join(parts)


def _input(widget: dict[str, Any]) -> str:
    """input.html, and every input template that only includes it (text, hidden, ...)."""
    value = widget["value"]
    # The template compares with != None (not "is not"): keep its exact test.
    shown_value = "" if value == None else ' value="' + _formatted(value) + '"'  # noqa: E711
    return (
        '<input type="'
        + _shown(widget["type"])
        + '" name="'
        + _shown(widget["name"])
        + '"'
        + shown_value
        + _attrs(widget["attrs"])
        + ">\n"
    )


def _select(widget: dict[str, Any]) -> str | None:
    """select.html with select_option.html for each option."""
    parts = ['<select name="', _shown(widget["name"]), '"', _attrs(widget["attrs"]), ">"]
    for group_name, group_choices, _group_index in widget["optgroups"]:
        if group_name:
            parts.append('\n  <optgroup label="' + _shown(group_name) + '">')
        for option in group_choices:
            if option["template_name"] != SELECT_OPTION:
                return None
            parts.append(
                '\n  <option value="'
                + _formatted(option["value"])
                + '"'
                + _attrs(option["attrs"])
                + ">"
                + _shown(option["label"])
                + "</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _input_option(option: dict[str, Any]) -> str:
    """input_option.html (a radio or checkbox of a multiple-input widget)."""
    if not option["wrap_label"]:
        return _input(option) + "\n"
    option_id = option["attrs"].get("id")
    label_for = ' for="' + _shown(option_id) + '"' if option_id else ""
    return (
        "<label" + label_for + ">" + _input(option) + " " + _shown(option["label"]) + "</label>\n"
    )


def _multiple_input(widget: dict[str, Any]) -> str | None:
    """multiple_input.html (radio.html, checkbox_select.html)."""
    attrs = widget["attrs"]
    widget_id = attrs.get("id", "")
    css_class = attrs.get("class", "")
    parts = ["<div"]
    if widget_id:
        parts.append(' id="' + _shown(widget_id) + '"')
    if css_class:
        parts.append(' class="' + _shown(css_class) + '"')
    parts.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append("\n  <div><label>" + _shown(group) + "</label>")
        for option in options:
            if option["template_name"] not in INPUT_OPTIONS:
                return None
            parts.append("<div>\n    " + _input_option(option) + "\n</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>\n")
    return "".join(parts)


def _textarea(widget: dict[str, Any]) -> str:
    """textarea.html"""
    value = widget["value"]
    return (
        '<textarea name="'
        + _shown(widget["name"])
        + '"'
        + _attrs(widget["attrs"])
        + ">\n"
        + (_shown(value) if value else "")
        + "</textarea>\n"
    )


_INPUT_TYPES = (
    "input checkbox color date datetime email file hidden number password search tel text time url"
)
WIDGET_WRITERS: dict[str, Callable[[dict[str, Any]], str | None]] = {
    **{f"{WIDGETS}{name}.html": _input for name in _INPUT_TYPES.split()},
    WIDGETS + "select.html": _select,
    WIDGETS + "radio.html": _multiple_input,
    WIDGETS + "checkbox_select.html": _multiple_input,
    WIDGETS + "textarea.html": _textarea,
}


def widget_html(template_name: str, context: dict[str, Any]) -> SafeString | None:
    """The widget's HTML as its template renders it (stripped, as a form renderer returns
    it), or None when this template is not one written here."""
    writer = WIDGET_WRITERS.get(template_name)
    if writer is None or set(context) != {"widget"}:
        return None
    html = writer(context["widget"])
    # Every value in it went through _shown (escaped), as in the template.
    return None if html is None else mark_safe(html.strip())  # noqa: S308 - escaped above


# --- The project's own form and field templates ------------------------------------------

FORM_TEMPLATE = "schakel/forms/form.html"
FIELD_TEMPLATE = "schakel/forms/field.html"


def _required_mark() -> str:
    return ' <span class="schakel-required">(' + _shown(gettext("verplicht")) + ")</span>"


def field_group_html(field: BoundField) -> str:
    """schakel/forms/field.html: the label (or legend), help text, errors and widget."""
    errors = field.errors
    widget_type = field.widget_type
    required = field.field.required
    help_text = field.help_text
    use_fieldset = field.use_fieldset
    parts = ['<div class="utrecht-form-field']
    if errors:
        parts.append(" utrecht-form-field--invalid")
    if widget_type == "checkbox":
        parts.append(" utrecht-form-field--checkbox")
    parts.append('">\n  ')
    if use_fieldset:
        parts.append('<fieldset class="utrecht-form-fieldset"')
        if help_text:
            parts.append(' aria-describedby="' + _shown(field.auto_id) + '_helptext"')
        parts.append('>\n    <legend class="utrecht-form-fieldset__legend">' + _shown(field.label))
        if required:
            parts.append(_required_mark())
        parts.append("</legend>\n  ")
    else:
        parts.append(
            '\n  <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="'
            + _shown(field.id_for_label)
            + '">'
            + _shown(field.label)
        )
        if required and widget_type != "checkbox":
            parts.append(_required_mark())
        parts.append("</label></div>\n  ")
    parts.append("\n  ")
    if help_text:
        parts.append(
            '<div class="utrecht-form-field-description" id="'
            + _shown(field.auto_id)
            + '_helptext">'
            + _shown(help_text)
            + "</div>"
        )
    parts.append("\n  ")
    if errors:
        parts.append('<div class="utrecht-form-field-error-message" id="')
        parts.append(_shown(field.auto_id) + '_error">')
        parts.extend("<p>" + _shown(error) + "</p>" for error in errors)
        parts.append("</div>")
    parts.append('\n  <div class="utrecht-form-field__input">' + _shown(field) + "</div>\n  ")
    if use_fieldset:
        parts.append("</fieldset>")
    parts.append("\n</div>\n")
    return "".join(parts)


def form_html_of(form: BaseForm) -> str:
    """schakel/forms/form.html: the form's own errors, hidden fields, then each field."""
    parts = []
    non_field_errors = form.non_field_errors()
    if non_field_errors:
        parts.append('\n<div class="utrecht-alert utrecht-alert--error" role="alert">\n  ')
        parts.extend(
            '<p class="utrecht-paragraph">' + _shown(error) + "</p>" for error in non_field_errors
        )
        parts.append("\n</div>\n")
    parts.extend(_shown(field) for field in form.hidden_fields())
    parts.append("\n")
    parts.extend(_shown(field.as_field_group()) for field in form.visible_fields())
    parts.append("\n")
    return "".join(parts)


def form_html(template_name: str, context: dict[str, Any]) -> SafeString | None:
    """The HTML of the project's form or field template, or of a common widget, as the
    template renders it (stripped, as a form renderer returns it); None for any other."""
    if template_name == FIELD_TEMPLATE and isinstance(context.get("field"), BoundField):
        # Every value in it went through _shown (escaped), as in the template.
        return mark_safe(field_group_html(context["field"]).strip())  # noqa: S308 - escaped above
    if template_name == FORM_TEMPLATE and isinstance(context.get("form"), BaseForm):
        return mark_safe(form_html_of(context["form"]).strip())  # noqa: S308 - escaped above
    return widget_html(template_name, context)
