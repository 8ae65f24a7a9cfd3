"""Cases whose retention period has ended, made the way the application makes them."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.utils import timezone

from schakel.cases.models import Case
from schakel.closure import services as closure
from schakel.closure.services import EvaluationInput
from schakel.inquiries import services as inquiries
from schakel.inquiries.models import LegalGround
from schakel.retention.selectors import months_before
from tests.builders import action_for, case_in_uitvoering, reported_case


def worked_case(*, reporter, municipality, table, procesregisseur, partner, last_name):
    """A melding taken through triage, a meeting with minutes, an agreed plan, an answered
    information request and an action, then closed with an evaluation: a case that holds
    something in every app."""
    case = reported_case(reporter=reporter, municipality=municipality, last_name=last_name)
    case = case_in_uitvoering(
        case, table=table, actor=procesregisseur, intervention_by=partner.organisation
    )
    item = case.agenda_items.get()
    item.beeldvorming = f"Mevrouw {last_name} woont alleen en mijdt hulp."
    item.save(update_fields=["beeldvorming"])
    request = inquiries.request_information(
        actor=procesregisseur,
        case=case,
        organisation=partner.organisation,
        persons=[link.person for link in case.case_persons.all()],
        question="Zijn er recente incidenten bekend?",
        purpose="Risico's inschatten voor het plan van aanpak",
        legal_ground=LegalGround.WGS,
        deadline=timezone.localdate() + datetime.timedelta(days=7),
    )
    inquiries.answer_request(
        actor=partner, information_request=request, answer="Twee meldingen van overlast."
    )
    action_for(case, partner.organisation, actor=procesregisseur)
    closure.close_case(
        case=case,
        actor=procesregisseur,
        outcome="deels_behaald",
        reason="De regie ligt weer bij het wijkteam.",
        evaluation=EvaluationInput(chain_worked_well=True, leerpunten="Eerder uitvragen."),
    )
    case.refresh_from_db()
    return case


def closed_months_ago(case: Case, months: int) -> Case:
    """Move the closing of a case back in time, as if it had been closed `months` ago."""
    Case.objects.filter(pk=case.pk).update(state_changed_at=months_before(timezone.now(), months))
    case.refresh_from_db()
    return case


def stored_rows(case: Case | None = None) -> dict[str, list]:
    """Every stored row (or, for a case, the rows that point at it): to show that
    something changed nothing."""
    rows = {}
    for model in sorted(apps.get_models(include_auto_created=True), key=lambda m: m._meta.label):
        fields = {f.name for f in model._meta.concrete_fields}
        if case is not None:
            if "case" not in fields:
                continue
            queryset = model._default_manager.filter(case_id=case.pk)
        else:
            queryset = model._default_manager.all()
        rows[model._meta.label] = list(queryset.order_by("pk").values_list())
    return rows
