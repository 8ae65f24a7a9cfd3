"""Reads of this part of Schakel, always through the access policy."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.cases.models import Case


def case_plan_section(*, user: User, case: Case) -> object | None:
    """The plan van aanpak summary of this case for the user's plan scope. None hides the section."""
    return None
