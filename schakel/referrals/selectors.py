"""Reads for meldingen. Every query starts from schakel.access.policy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from schakel.access.policy import get_visible_case, may_direct_case, require_role
from schakel.access.rules import may_choose_duplicates
from schakel.accounts.roles import Role
from schakel.persons.matching import DuplicateCandidate, find_duplicates

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.cases.models import Case
    from schakel.referrals.services import PersonDetails


def duplicate_candidates(*, user: User, details: PersonDetails) -> list[DuplicateCandidate]:
    """Known persons of the user's region who may be this person.

    Only for ZVH staff who choose between them: a ketenpartner never sees other records.
    """
    if not may_choose_duplicates(user):
        return []
    return find_duplicates(
        region=user.region_id,
        bsn=details.bsn,
        first_names=details.first_names,
        name_prefix=details.name_prefix,
        last_name=details.last_name,
        birth_date=details.birth_date,
    )


def case_for_rereport(*, user: User, pk: int) -> Case:
    """The case a procesregisseur registers a her-melding on: 403 wrong role, 404 outsider."""
    require_role(user, Role.PROCESREGISSEUR)
    case = get_visible_case(user, pk)
    if not may_direct_case(user, case):
        raise PermissionDenied(
            _("Alleen de procesregisseur van deze casus registreert een her-melding.")
        )
    return case


def new_case_for_rereport(*, user: User, pk: int) -> Case:
    """A new case whose her-melding candidates are decided on: 403 wrong role or not its
    procesregisseur, 404 outsider. (Out of intake, it simply has no candidates.)"""
    require_role(user, Role.PROCESREGISSEUR)
    case = get_visible_case(user, pk)
    if not may_direct_case(user, case):
        raise PermissionDenied(_("U bent geen procesregisseur van deze casus."))
    return case
