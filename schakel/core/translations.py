"""A constant ``{% translate %}`` kept once translated.

Django translates the text of every ``{% translate "..." %}`` each time the tag is
rendered (about 8 µs: the active language, the catalogue, escaping); a meeting page of
twenty-five agenda items renders well over three hundred of them. The output of a
constant text with no filters and no ``as`` depends only on the active language and on
autoescaping, so it is kept per combination of those. Every other use of the tag, and
every other tag of the library, is Django's own. Registered in Django's own i18n library
when Schakel starts (CoreConfig.ready), so the templates load it as they always did with
``{% load i18n %}``. (A library of Schakel's own under the name ``i18n`` would do the same,
but Django warns about two libraries with one name, and rightly so in general.)
"""

from __future__ import annotations

from django import template
from django.templatetags import i18n as django_i18n
from django.utils.translation import get_language


class ConstantTranslateNode(django_i18n.TranslateNode):
    """A ``{% translate "text" %}``: the text in each language, translated once."""

    def __init__(self, node: django_i18n.TranslateNode) -> None:
        super().__init__(node.filter_expression, node.noop, node.asvar, node.message_context)
        self.written: dict[tuple[str | None, bool], str] = {}

    def render(self, context: template.Context) -> str:
        key = (get_language(), context.autoescape)
        try:
            return self.written[key]
        except KeyError:
            value = self.written[key] = super().render(context)
            return value


def _is_constant(node: django_i18n.TranslateNode) -> bool:
    expression = node.filter_expression
    return (
        node.asvar is None
        and node.message_context is None
        and not expression.filters
        and isinstance(expression.var, template.Variable)
        and expression.var.literal is not None
    )


# Django's own compile function, kept before it is replaced in the library.
_django_do_translate = django_i18n.do_translate


def do_translate(parser: template.base.Parser, token: template.base.Token) -> template.Node:
    node = _django_do_translate(parser, token)
    if isinstance(node, django_i18n.TranslateNode) and _is_constant(node):
        return ConstantTranslateNode(node)
    return node


def keep_constant_translations() -> None:
    """{% translate %} and {% trans %} of {% load i18n %} keep a constant text translated."""
    django_i18n.register.tag("translate", do_translate)
    django_i18n.register.tag("trans", do_translate)
