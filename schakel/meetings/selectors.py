"""Reads of this part of Schakel, always through the access policy."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.cases.models import Case


def case_meetings_section(*, user: User, case: Case) -> object | None:
    """The meetings this case was or will be discussed in, as far as the user may see them. None hides the section."""
    return None
