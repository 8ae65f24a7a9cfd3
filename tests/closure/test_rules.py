"""The rules of section 11 as pure functions: checklist completeness and the evaluation."""

import pytest

from schakel.closure.models import DeEscalation
from schakel.closure.services import evaluation_errors, missing_checklist_parts


def complete_deescalation(**overrides) -> DeEscalation:
    values = {
        "risks_checked": True,
        "risks_note": "Geen acute risico's meer.",
        "cooperation_checked": True,
        "cooperation_note": "Goede samenwerking.",
        "regie_organisation_id": 7,
        "regie_contact": "Casusregisseur wijkteam",
        "consult_agreements": "Bij een nieuwe melding.",
        "reescalation_agreements": "Bij terugval.",
    }
    values.update(overrides)
    return DeEscalation(**values)


def test_complete_checklist_misses_nothing():
    assert missing_checklist_parts(complete_deescalation()) == []


def test_empty_checklist_misses_every_part_with_its_own_message():
    missing = missing_checklist_parts(DeEscalation())
    assert len(missing) == 8
    assert len(set(missing)) == 8


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"risks_checked": False}, "laatste check op risico's en maatregelen is gedaan"),
        ({"risks_note": "  "}, "Licht toe wat de laatste check op risico's"),
        ({"cooperation_checked": False}, "check op de samenwerking tussen de partijen is gedaan"),
        ({"cooperation_note": ""}, "Licht toe wat de laatste check op de samenwerking"),
        ({"regie_organisation_id": None}, "Kies de partner bij wie de regie wordt teruggelegd"),
        ({"regie_contact": ""}, "Noem de persoon bij wie de regie wordt teruggelegd"),
        ({"consult_agreements": ""}, "opnieuw consulteert"),
        ({"reescalation_agreements": "\n"}, "opnieuw wordt opgeschaald"),
    ],
)
def test_each_missing_part_has_its_message(overrides, expected):
    missing = missing_checklist_parts(complete_deescalation(**overrides))
    assert len(missing) == 1
    assert expected in missing[0]


def test_chain_worked_well_needs_no_texts():
    assert evaluation_errors(chain_worked_well=True, leerpunten="", verbetervoorstellen="") == {}


def test_chain_not_working_well_needs_leerpunten_or_verbetervoorstellen():
    errors = evaluation_errors(chain_worked_well=False, leerpunten=" ", verbetervoorstellen="")
    assert "leerpunten of verbetervoorstellen" in errors["leerpunten"][0]


@pytest.mark.parametrize(
    ("leerpunten", "verbetervoorstellen"),
    [("Eerder de GGZ aan tafel.", ""), ("", "Structurele financiering voor nazorg.")],
)
def test_one_of_the_texts_is_enough(leerpunten, verbetervoorstellen):
    assert (
        evaluation_errors(
            chain_worked_well=False, leerpunten=leerpunten, verbetervoorstellen=verbetervoorstellen
        )
        == {}
    )


def test_evaluation_needs_an_answer_and_bounded_texts():
    errors = evaluation_errors(
        chain_worked_well=None, leerpunten="x" * 4001, verbetervoorstellen=""
    )
    assert "chain_worked_well" in errors
    assert "4000" in errors["leerpunten"][0]
