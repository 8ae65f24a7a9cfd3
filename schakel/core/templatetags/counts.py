"""A count that was counted only up to a cap (schakel.core.paging.capped_count) reads
"meer dan 1.000" above it:

{% load counts %}<span class="schakel-badge">{{ worklist.requests_to_answer_count|capped }}</span>
"""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from schakel.core.paging import COUNT_CAP

register = template.Library()


@register.filter
def capped(count: int, cap: int = COUNT_CAP) -> str:
    if count > cap:
        return _("meer dan %(cap)s") % {"cap": number_format(cap, force_grouping=True)}
    return number_format(count, force_grouping=True)
