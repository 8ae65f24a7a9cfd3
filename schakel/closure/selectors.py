"""Reads of this part of Schakel, always through the access policy."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.cases.models import Case


def case_closure_section(*, user: User, case: Case) -> object | None:
    """Afschaling, closing and evaluation of this case. None hides the section."""
    return None
