"""The noodtoegang banner: on every page while the user has noodtoegang in force."""

from __future__ import annotations

from django.http import HttpRequest

from schakel.access.policy import policy_facts
from schakel.access.rules import may_break_glass

# The URL arguments that name the case a page is about: the case page itself (cases:pk)
# and the pages under a case (plan, acties, afschalen: case_pk).
CASE_NAMESPACE = "cases"


def _case_shown(request: HttpRequest) -> int | None:
    match = request.resolver_match
    if match is None:
        return None
    value = match.kwargs.get("case_pk")
    if value is None and match.namespace == CASE_NAMESPACE:
        value = match.kwargs.get("pk")
    return value if isinstance(value, int) else None


def break_glass(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    # Only a procesregisseur can hold noodtoegang: for anyone else this asks nothing.
    if user is None or not user.is_authenticated or not may_break_glass(user):
        return {}
    # Read with the policy's facts: the pages' own queries use the same list.
    active = list(policy_facts(user).emergency_accesses)
    if not active:
        return {}
    shown = _case_shown(request)
    return {
        "break_glass_active": active,
        "break_glass_here": next((a for a in active if a.case_id == shown), None),
    }
