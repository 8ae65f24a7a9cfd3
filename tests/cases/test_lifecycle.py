"""The case lifecycle: only the transitions of the graph, each recorded with who, when and why."""

import itertools

import pytest
from django.utils import timezone

from schakel.cases.lifecycle import ALLOWED_TRANSITIONS, FINAL_STATES, CaseState, is_allowed
from schakel.cases.models import CaseTransition
from schakel.cases.services import CaseTransitionError, transition_case
from tests.factories import CaseFactory

ALL_PAIRS = list(itertools.product(CaseState.values, CaseState.values))
ALLOWED_PAIRS = [(s, t) for s, t in ALL_PAIRS if t in ALLOWED_TRANSITIONS.get(s, ())]
REFUSED_PAIRS = [(s, t) for s, t in ALL_PAIRS if t not in ALLOWED_TRANSITIONS.get(s, ())]


def test_every_state_but_samengevoegd_has_an_exit():
    assert set(ALLOWED_TRANSITIONS) == set(CaseState.values)
    assert FINAL_STATES == {CaseState.SAMENGEVOEGD}
    assert all(ALLOWED_TRANSITIONS[state] for state in set(CaseState.values) - FINAL_STATES)
    assert not ALLOWED_TRANSITIONS[CaseState.SAMENGEVOEGD]


def test_samengevoegd_needs_the_case_it_went_into(region, procesregisseur):
    case = CaseFactory(region=region, state=CaseState.AANGEMELD)

    with pytest.raises(CaseTransitionError) as excinfo:
        transition_case(
            case=case, to_state=CaseState.SAMENGEVOEGD, actor=procesregisseur, reason="Dubbel"
        )

    assert excinfo.value.code == "target_required"
    case.refresh_from_db()
    assert case.state == CaseState.AANGEMELD


@pytest.mark.parametrize(("source", "target"), ALLOWED_PAIRS)
def test_allowed_transition_moves_the_case_and_records_it(source, target, region, procesregisseur):
    case = CaseFactory(region=region, state=source)
    into = CaseFactory(region=region) if target == CaseState.SAMENGEVOEGD else None
    before = timezone.now()

    transition = transition_case(
        case=case,
        to_state=target,
        actor=procesregisseur,
        reason="  Besproken in weegoverleg  ",
        merged_into=into,
    )

    case.refresh_from_db()
    assert case.state == target
    assert case.state_changed_at >= before
    stored = CaseTransition.objects.get(pk=transition.pk)
    assert (stored.from_state, stored.to_state) == (source, target)
    assert stored.by == procesregisseur
    assert stored.reason == "Besproken in weegoverleg"
    assert stored.at >= before
    assert case.merged_into == into


@pytest.mark.parametrize(("source", "target"), REFUSED_PAIRS)
def test_other_transitions_are_refused_with_a_dutch_message(
    source, target, region, procesregisseur
):
    assert not is_allowed(source, target)
    case = CaseFactory(region=region, state=source)

    with pytest.raises(CaseTransitionError) as excinfo:
        transition_case(case=case, to_state=target, actor=procesregisseur, reason="Poging")

    message = excinfo.value.messages[0]
    assert excinfo.value.code == "illegal_transition"
    assert "kan niet naar" in message
    assert str(CaseState(source).label) in message
    assert str(CaseState(target).label) in message
    case.refresh_from_db()
    assert case.state == source
    assert not CaseTransition.objects.filter(case=case).exists()


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_empty_reason_is_refused(reason, region, procesregisseur):
    case = CaseFactory(region=region, state=CaseState.AANGEMELD)

    with pytest.raises(CaseTransitionError) as excinfo:
        transition_case(
            case=case, to_state=CaseState.IN_TRIAGE, actor=procesregisseur, reason=reason
        )

    assert excinfo.value.code == "reason_required"
    assert excinfo.value.messages == ["Geef een reden voor deze stap."]
    case.refresh_from_db()
    assert case.state == CaseState.AANGEMELD
    assert not CaseTransition.objects.filter(case=case).exists()


def test_unknown_state_is_not_allowed():
    assert not is_allowed(CaseState.AANGEMELD, "verdwenen")
    assert not is_allowed("verdwenen", CaseState.AANGEMELD)


@pytest.mark.parametrize("closed_state", [CaseState.AFGESLOTEN, CaseState.NIET_IN_BEHANDELING])
def test_closed_case_reopens_and_keeps_its_history(closed_state, region, procesregisseur):
    case = CaseFactory(region=region, state=CaseState.AANGEMELD)
    path = (
        [CaseState.IN_TRIAGE, CaseState.GEAGENDEERD, CaseState.IN_UITVOERING, closed_state]
        if closed_state == CaseState.AFGESLOTEN
        else [CaseState.IN_TRIAGE, closed_state]
    )
    for step in path:
        transition_case(case=case, to_state=step, actor=procesregisseur, reason=f"Naar {step}")

    transition_case(
        case=case, to_state=CaseState.AANGEMELD, actor=procesregisseur, reason="Her-melding"
    )

    case.refresh_from_db()
    assert case.state == CaseState.AANGEMELD
    history = list(case.transitions.values_list("from_state", "to_state", "reason"))
    assert len(history) == len(path) + 1
    assert history[-1] == (closed_state, CaseState.AANGEMELD, "Her-melding")
    assert [to for _, to, _ in history[:-1]] == path
