"""A partner's melding about a person of a closed case: a her-melding candidate.

The procesregisseur sees the candidate on the new case and attaches it (the closed case
reopens with its history, the melding and its persons move there, the new case is closed
as samengevoegd) or keeps them apart. The partner who reported never learns anything of
the closed case.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.access.policy import can_see_case, visible_persons
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import CaseParticipant, CasePerson
from schakel.home.case_page import case_detail
from schakel.persons.models import Person
from schakel.referrals import services
from schakel.referrals.models import KeptApart
from schakel.referrals.selectors import rereport_candidate_case_ids
from schakel.referrals.services import (
    PersonDetails,
    ReferredPerson,
    attach_rereport,
    keep_rereport_apart,
    submit_referral,
)
from tests.factories import CaseFactory, add_person
from tests.helpers import close_case, known_person, make_referral


@pytest.fixture
def closed_case(region, municipality, table, procesregisseur, ggz, ggz_user):
    """An earlier case of the table about Fenna van Oosterhout, closed after a plan."""
    case = CaseFactory(
        region=region, municipality=municipality, table=table, title="Eerdere aanpak Voorstraat"
    )
    person = known_person(
        region,
        first_names="Fenna",
        name_prefix="van",
        last_name="Oosterhout",
        birth_date=datetime.date(1988, 5, 17),
        bsn="111222333",
        street_address="Geheime Hof 9",
    )
    add_person(case, person)
    make_referral(case, ggz, ggz_user, description="Eerdere melding van de GGZ.")
    close_case(case, procesregisseur)
    case.refresh_from_db()
    return case


@pytest.fixture
def new_case(partner_user, municipality, closed_case):
    """The police report 'Fenna v. Oosterhout', unaware of the earlier case."""
    referral = submit_referral(
        actor=partner_user,
        source="veldaanmelding",
        received_on=datetime.date(2025, 3, 14),
        municipality=municipality,
        kind="persoon",
        title="Zorgen om bewoonster",
        description="Nieuwe zorgen: de woning is weer vervuild.",
        question="Kan het ZVH helpen?",
        persons=[
            ReferredPerson(
                role="hoofdpersoon",
                details=PersonDetails(
                    first_names="Fenna",
                    name_prefix="v.",
                    last_name="Oosterhout",
                    birth_date=datetime.date(1988, 5, 17),
                ),
            )
        ],
    )
    return referral.case


def known(closed_case):
    return closed_case.case_persons.get().person


def test_the_procesregisseur_sees_the_closed_case_as_a_her_melding_candidate(
    procesregisseur, new_case, closed_case
):
    detail = case_detail(user=procesregisseur, pk=new_case.pk)

    assert [c.case_id for c in detail.rereport_candidates] == [closed_case.pk]
    candidate = detail.rereport_candidates[0]
    assert candidate.reference == closed_case.reference
    assert candidate.may_attach
    assert rereport_candidate_case_ids(user=procesregisseur, cases=[new_case]) == {new_case.pk}


def test_attach_reopens_the_closed_case_and_moves_melding_and_persons(
    procesregisseur, partner_user, politie, new_case, closed_case
):
    history_before = list(closed_case.transitions.values_list("to_state", flat=True))
    typed = new_case.case_persons.get().person
    keep = known(closed_case)
    referral = new_case.referrals.get()

    attach_rereport(actor=procesregisseur, case=new_case, closed_case=closed_case)

    closed_case.refresh_from_db()
    new_case.refresh_from_db()
    referral.refresh_from_db()
    typed.refresh_from_db()
    assert closed_case.state == CaseState.AANGEMELD
    history = list(closed_case.transitions.values_list("to_state", flat=True))
    assert history == [*history_before, CaseState.AANGEMELD]
    assert closed_case.referrals.count() == 2  # the earlier melding stays
    assert referral.case == closed_case
    assert referral.merged_from == new_case
    assert new_case.state == CaseState.SAMENGEVOEGD
    assert new_case.merged_into == closed_case
    last = new_case.transitions.last()
    assert (last.to_state, last.by) == (CaseState.SAMENGEVOEGD, procesregisseur)
    # The typed person went into the known person, which is in the case once.
    assert typed.merged_into == keep
    assert list(CasePerson.objects.filter(case=closed_case).values_list("person", flat=True)) == [
        keep.pk
    ]
    assert not new_case.case_persons.exists()
    assert AccessLogEntry.objects.filter(
        user=procesregisseur, action=AccessAction.MERGE, person_ref=typed.pk
    ).exists()
    # No oracle: the police do not become melder of the reopened case.
    assert not CaseParticipant.objects.filter(case=closed_case, organisation=politie).exists()
    assert not can_see_case(partner_user, closed_case)
    assert not visible_persons(partner_user).filter(pk=keep.pk).exists()


def test_attach_is_all_or_nothing(monkeypatch, procesregisseur, new_case, closed_case):
    def broken(**kwargs):
        raise ValidationError("Onderweg mislukt.")

    monkeypatch.setattr(services, "merge_case", broken)
    typed = new_case.case_persons.get().person

    with pytest.raises(ValidationError):
        attach_rereport(actor=procesregisseur, case=new_case, closed_case=closed_case)

    closed_case.refresh_from_db()
    new_case.refresh_from_db()
    typed.refresh_from_db()
    assert closed_case.state == CaseState.AFGESLOTEN
    assert new_case.state == CaseState.AANGEMELD
    assert typed.merged_into is None
    assert new_case.referrals.count() == 1


def test_keep_apart_is_recorded_and_the_candidate_is_not_shown_again(
    procesregisseur, new_case, closed_case
):
    keep_rereport_apart(actor=procesregisseur, case=new_case, closed_case=closed_case)

    decision = KeptApart.objects.get(case=new_case, closed_case=closed_case)
    assert decision.decided_by == procesregisseur
    assert case_detail(user=procesregisseur, pk=new_case.pk).rereport_candidates == []
    assert rereport_candidate_case_ids(user=procesregisseur, cases=[new_case]) == set()
    closed_case.refresh_from_db()
    assert closed_case.state == CaseState.AFGESLOTEN
    # Kept apart, it cannot be attached by a stale page either.
    with pytest.raises(ValidationError) as excinfo:
        attach_rereport(actor=procesregisseur, case=new_case, closed_case=closed_case)
    assert "geen mogelijke her-melding" in excinfo.value.messages[0]


def test_a_case_without_a_matching_person_is_no_candidate(
    procesregisseur, new_case, region, municipality, table
):
    unrelated = CaseFactory(region=region, municipality=municipality, table=table)
    add_person(unrelated)
    close_case(unrelated, procesregisseur)

    with pytest.raises(ValidationError) as excinfo:
        attach_rereport(actor=procesregisseur, case=new_case, closed_case=unrelated)

    assert "geen mogelijke her-melding" in excinfo.value.messages[0]
    unrelated.refresh_from_db()
    assert unrelated.state == CaseState.AFGESLOTEN


def test_only_the_procesregisseur_attaches_or_keeps_apart(
    partner_user, informatiemakelaar, new_case, closed_case
):
    for user in (partner_user, informatiemakelaar):
        with pytest.raises(PermissionDenied):
            attach_rereport(actor=user, case=new_case, closed_case=closed_case)
        with pytest.raises(PermissionDenied):
            keep_rereport_apart(actor=user, case=new_case, closed_case=closed_case)
    assert not KeptApart.objects.exists()


# --- The pages --------------------------------------------------------------------------


def test_the_candidate_shows_on_the_case_page_for_the_procesregisseur_only(
    signed_in, client, procesregisseur, informatiemakelaar, partner_user, new_case, closed_case
):
    url = reverse("cases:detail", args=[new_case.pk])
    page = signed_in(procesregisseur).get(url).content.decode()
    assert f"Mogelijke her-melding van {closed_case.reference}" in page
    assert reverse("referrals:rereport_attach", args=[new_case.pk, closed_case.pk]) in page

    for user in (informatiemakelaar, partner_user):
        client.logout()
        page = signed_in(user).get(url).content.decode()
        assert "her-melding" not in page
        assert closed_case.reference not in page


def test_attach_and_keep_apart_from_the_page(
    signed_in, procesregisseur, new_case, closed_case, region, municipality, table, partner_user
):
    client = signed_in(procesregisseur)
    attach = reverse("referrals:rereport_attach", args=[new_case.pk, closed_case.pk])
    assert client.get(attach).status_code == 200

    response = client.post(attach, {"confirm": "on"})

    assert response.status_code == 302
    assert response.headers["Location"] == reverse("cases:detail", args=[closed_case.pk])
    closed_case.refresh_from_db()
    assert closed_case.state == CaseState.AANGEMELD


def test_keep_apart_from_the_page(signed_in, procesregisseur, new_case, closed_case):
    client = signed_in(procesregisseur)
    response = client.post(
        reverse("referrals:rereport_keep_apart", args=[new_case.pk, closed_case.pk])
    )
    assert response.status_code == 302
    page = client.get(reverse("cases:detail", args=[new_case.pk])).content.decode()
    assert "Mogelijke her-melding" not in page


def test_the_melder_sees_nothing_of_the_closed_case_ever(
    signed_in, procesregisseur, partner_user, new_case, closed_case
):
    keep = known(closed_case)
    client = signed_in(partner_user)
    secrets = [
        closed_case.reference,
        closed_case.title,
        "Eerdere melding van de GGZ.",
        "Geheime Hof 9",
        "111222333",
    ]
    before = client.get(reverse("cases:detail", args=[new_case.pk])).content.decode()
    assert not [s for s in secrets if s in before]

    attach_rereport(actor=procesregisseur, case=new_case, closed_case=closed_case)

    after = client.get(reverse("cases:detail", args=[new_case.pk]))
    text = after.content.decode()
    assert after.status_code == 200
    assert "Samengevoegd" in text
    melding = client.get(reverse("cases:section", args=[new_case.pk, "melding"])).content
    assert "Nieuwe zorgen: de woning is weer vervuild." in melding.decode()  # its own melding
    assert not [s for s in secrets if s in text or s in melding.decode()]
    assert client.get(reverse("cases:detail", args=[closed_case.pk])).status_code == 404
    assert client.get(reverse("persons:detail", args=[keep.pk])).status_code == 404
    listing = client.get(reverse("cases:list")).content.decode()
    assert closed_case.reference not in listing
    assert Person.objects.get(pk=keep.pk).merged_into is None


def test_the_intake_list_badge_marks_only_candidates_in_bounded_queries(
    procesregisseur,
    partner_user,
    new_case,
    closed_case,
    region,
    municipality,
    signed_in,
    django_assert_max_num_queries,
):
    from schakel.home.selectors import worklist_for

    for _ in range(5):
        add_person(CaseFactory(region=region, municipality=municipality))
    with django_assert_max_num_queries(30):
        worklist = worklist_for(user=procesregisseur)
    assert worklist.rereport_candidates == {new_case.pk}
    page = signed_in(procesregisseur).get(reverse("home:worklist")).content.decode()
    assert page.count("Mogelijke her-melding") == 1
    assert worklist_for(user=partner_user).rereport_candidates == set()
