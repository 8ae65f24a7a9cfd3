"""Helpers shared by the closure tests."""

from django.urls import reverse

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.closure.models import CaseEvaluation, Closure, Outcome
from tests.factories import (
    CaseFactory,
    PersonFactory,
    add_person,
)


def evaluated_case(*, region, table, by, voorstel, leerpunten="", outcome=Outcome.DEELS, at=None):
    case = CaseFactory(region=region, table=table, title=f"Casus over {voorstel[:10]}")
    add_person(case, PersonFactory(region=region, first_names="Fictieve", last_name="Vermeulen"))
    Closure.objects.create(case=case, outcome=outcome, reason="Afgerond.", closed_by=by)
    evaluation = CaseEvaluation.objects.create(
        case=case,
        chain_worked_well=False,
        leerpunten=leerpunten,
        verbetervoorstellen=voorstel,
        by=by,
    )
    if at is not None:
        CaseEvaluation.objects.filter(pk=evaluation.pk).update(at=at)
    return case


EXPORT_URL = reverse("closure:improvements_export")


def url(name, case):
    return reverse(f"closure:{name}", args=[case.pk])


def read_rows(user, case):
    return AccessLogEntry.objects.filter(user=user, case=case, action=AccessAction.READ)


LIST_URL = reverse("closure:improvements")
