"""Template tags for lists of cases in intake (the werklijst)."""

from django import template

from schakel.cases.selectors import rereport_candidate_case_ids

register = template.Library()


@register.simple_tag
def rereport_candidate_ids(cases, user) -> set[int]:
    """The ids of the listed cases that may be a her-melding, for a badge per row.

    One call for the whole list, in a fixed number of queries; empty for anyone but the
    procesregisseur of those cases.
    """
    return rereport_candidate_case_ids(user=user, cases=list(cases))
