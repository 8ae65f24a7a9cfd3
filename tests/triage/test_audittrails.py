"""What the access log holds after triage: the start and the decision, as changes by the
procesregisseur, with the purpose the table discusses the case for."""

from schakel.access.models import AccessAction, AccessLogEntry
from tests.builders import case_at_table


def test_start_and_decision_are_logged_per_person_with_the_purpose(case, table, procesregisseur):
    person = case.case_persons.get().person

    case_at_table(case, table=table, actor=procesregisseur, purpose="Eén plan voor het gezin")

    entries = list(AccessLogEntry.objects.filter(case=case).order_by("pk"))
    assert [(e.action, e.user_id, e.person_id, e.object_type) for e in entries] == [
        (AccessAction.CHANGE, procesregisseur.pk, person.pk, "Case"),
        (AccessAction.CHANGE, procesregisseur.pk, person.pk, "TriageDecision"),
    ]
    assert entries[1].purpose == "Eén plan voor het gezin"


def test_a_refused_decision_leaves_no_decision_entry(case, procesregisseur, other_region):
    import pytest
    from django.core.exceptions import ValidationError

    from tests.factories import TableFactory

    with pytest.raises(ValidationError):
        case_at_table(case, table=TableFactory(region=other_region), actor=procesregisseur)

    assert not AccessLogEntry.objects.filter(case=case, object_type="TriageDecision").exists()
