from django.forms.renderers import TemplatesSetting


class SchakelFormRenderer(TemplatesSetting):
    """Renders every form field as an NL Design System form field with its own error."""

    form_template_name = "schakel/forms/form.html"
    field_template_name = "schakel/forms/field.html"
