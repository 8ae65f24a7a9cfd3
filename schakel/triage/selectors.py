"""Reads of the weegoverleg. Callers have already passed schakel.access.policy for the case."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from schakel.access.policy import convenant_partners
from schakel.organisations.models import Organisation
from schakel.tables.models import Table
from schakel.triage.models import TriageDecision

if TYPE_CHECKING:
    from schakel.cases.models import Case


def decisions_for_case(*, case) -> QuerySet[TriageDecision]:
    """Triage decisions of a case the caller has already been allowed to see."""
    return case.triages.select_related("table", "decided_by").prefetch_related("required_partners")


def tables_for_case(*, case: Case) -> QuerySet[Table]:
    """The active regietafels of the case's region."""
    return Table.objects.filter(region_id=case.region_id, is_active=True).order_by("name")


def invitable_partners(*, case: Case) -> QuerySet[Organisation]:
    """Active convenant partners of the case's region."""
    return convenant_partners(region_id=case.region_id)
