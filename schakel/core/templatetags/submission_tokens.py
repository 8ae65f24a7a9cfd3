"""Schakel's ``{% csrf_token %}``: Django's CSRF field plus the form's one-time submission
token (schakel.core.submissions). A template builtin (settings.TEMPLATES), so every POST
form of Schakel carries the token without naming it."""

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import format_html

from schakel.core.submissions import TOKEN_FIELD, new_token

register = template.Library()


class CsrfAndSubmissionTokenNode(CsrfTokenNode):
    def render(self, context: template.Context) -> str:
        csrf = super().render(context)
        if not csrf:
            return csrf  # no CSRF token: not a page of a request, nothing to add
        return csrf + format_html(
            '<input type="hidden" name="{}" value="{}">', TOKEN_FIELD, new_token()
        )


@register.tag
def csrf_token(parser: template.base.Parser, token: template.base.Token) -> template.Node:
    return CsrfAndSubmissionTokenNode()
