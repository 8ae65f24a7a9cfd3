"""Templates ask the one rule (schakel.access.policy.may_read_confidential), never restate it:

{% load confidentiality %}
{% if item|readable_by:user %}…the content…{% else %}{% include "schakel/_confidential.html" %}{% endif %}
"""

from __future__ import annotations

from typing import Any

from django import template

from schakel.access.policy import may_read_confidential

register = template.Library()


@register.filter
def readable_by(item: Any, user: Any) -> bool:
    return may_read_confidential(user, item)
