"""Reads of this part of Schakel, always through the access policy."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.cases.models import Case


def case_followup_section(*, user: User, case: Case) -> object | None:
    """Actions, escalations and Stappenmeter of this case, as far as the user may see them. None hides the section."""
    return None
