"""Renaming the afschaal checklist's model keeps every checklist already stored."""

import pytest

from schakel.closure.models import DeEscalation
from tests.factories import CaseFactory
from tests.helpers import migrate_to

BEFORE = [("closure", "0002_edit_version")]
AFTER = [("closure", "0003_rename_afschaling_to_deescalation")]


@pytest.mark.django_db(transaction=True)
def test_the_rename_keeps_the_stored_checklists():
    case = CaseFactory()
    old_apps = migrate_to(BEFORE)
    try:
        old_apps.get_model("closure", "Afschaling").objects.create(
            case_id=case.pk, risks_checked=True, risks_note="Risico's besproken met de wijkagent."
        )
    finally:
        migrate_to(AFTER)

    checklist = DeEscalation.objects.get(case=case)
    assert checklist.risks_checked
    assert checklist.risks_note == "Risico's besproken met de wijkagent."
    assert case.deescalation == checklist
