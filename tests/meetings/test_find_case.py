"""'Casus toevoegen' finds a case of this table by part of its number."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case
from schakel.meetings import services
from schakel.meetings.models import AgendaItem
from tests.factories import CaseFactory, TableFactory, add_person

# Numbers far above what the sequence hands out in a test run, so nothing collides.
PKS = (800123, 812300, 800777)


def numbered_case(pk, table, municipality, region, state=CaseState.GEAGENDEERD):
    case = CaseFactory(pk=pk, region=region, municipality=municipality, table=table)
    Case.objects.filter(pk=pk).update(state=state)
    add_person(case)
    return Case.objects.get(pk=pk)


@pytest.fixture
def numbered(table, municipality, region):
    return {pk: numbered_case(pk, table, municipality, region) for pk in PKS}


def find(user, meeting, reference, chosen=None):
    return services.find_case_for_agenda(
        actor=user, meeting=meeting, reference=reference, chosen=chosen
    )


def test_a_unique_part_of_the_number_finds_the_case(numbered, meeting, procesregisseur):
    case = numbered[800777]
    assert find(procesregisseur, meeting, "777") == case
    assert find(procesregisseur, meeting, case.reference) == case
    # The year and the number, without the C.
    assert find(procesregisseur, meeting, case.reference[1:]) == case
    assert find(procesregisseur, meeting, " c" + case.reference[1:].lower() + " ") == case


def test_several_matches_ask_to_choose(numbered, meeting, procesregisseur):
    with pytest.raises(services.AmbiguousCase) as error:
        find(procesregisseur, meeting, "123")
    assert {case.pk for case in error.value.candidates} == {800123, 812300}
    assert "Meerdere casussen" in " ".join(error.value.messages)
    assert find(procesregisseur, meeting, "123", chosen=812300) == numbered[812300]
    # A choice that does not fit the text typed is refused, not taken.
    with pytest.raises(ValidationError):
        find(procesregisseur, meeting, "123", chosen=800777)


def test_only_visible_cases_of_this_table(numbered, meeting, procesregisseur, region, municipality):
    numbered_case(805123, TableFactory(region=region, name="Jeugd"), municipality, region)
    numbered_case(806123, None, municipality, region)
    with pytest.raises(services.AmbiguousCase) as error:
        find(procesregisseur, meeting, "123")
    assert {case.pk for case in error.value.candidates} == {800123, 812300}
    with pytest.raises(ValidationError) as error:
        find(procesregisseur, meeting, "805123")
    assert "Er is geen casus met dit kenmerk die u kunt zien." in error.value.messages
    with pytest.raises(ValidationError) as error:
        find(procesregisseur, meeting, "abc")
    assert "reference" in error.value.message_dict


def test_meeting_page_offers_a_list_to_choose_from(numbered, meeting, procesregisseur, signed_in):
    client = signed_in(procesregisseur)
    url = reverse("meetings:add_case", args=[meeting.pk])
    response = client.post(url, {"casus-reference": "123", "casus-purpose": "Bespreken"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Meerdere casussen" in body
    for pk in (800123, 812300):
        assert f'value="{pk}"' in body and numbered[pk].reference in body
    assert numbered[800777].reference not in body
    assert "Bespreken" in body  # what was typed stays
    assert not AgendaItem.objects.exists()
    response = client.post(
        url, {"casus-reference": "123", "casus-purpose": "Bespreken", "casus-case": "812300"}
    )
    assert response.status_code == 302
    assert AgendaItem.objects.get().case == numbered[812300]
    # Tampered choice: a clear message, nothing added.
    response = client.post(
        url, {"casus-reference": "123", "casus-purpose": "Bespreken", "casus-case": "x"}
    )
    assert response.status_code == 200 and AgendaItem.objects.count() == 1
    body = response.content.decode()
    assert "Kies een casus uit de lijst." in body and 'value="800123"' in body
