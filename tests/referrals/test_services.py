import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case, CaseParticipant, CasePerson, LifeDomain
from schakel.persons.models import Person
from schakel.referrals.models import Referral, ReferralSource
from schakel.referrals.services import (
    PersonDetails,
    ReferredPerson,
    register_rereport,
    submit_referral,
)
from tests.factories import MunicipalityFactory, PersonFactory
from tests.helpers import OTHER_VALID_BSN, VALID_BSN, close_case

FENNA = PersonDetails(first_names="Fenna", name_prefix="van", last_name="Oosterhout")


def submit(user, municipality, persons=None, **overrides):
    values = {
        "actor": user,
        "source": ReferralSource.VELDAANMELDING,
        "received_on": datetime.date(2025, 3, 14),
        "municipality": municipality,
        "kind": "persoon",
        "title": "Overlast en verwaarlozing",
        "description": "Buren melden aanhoudende overlast.",
        "life_domains": LifeDomain.objects.filter(code="wonen"),
        "urgency": "hoog",
        "question": "Kan het ZVH coördineren?",
        "reporter_contact": "K. de Vries",
        "persons": [ReferredPerson(role="hoofdpersoon", details=FENNA)]
        if persons is None
        else persons,
    }
    values.update(overrides)
    return submit_referral(**values)


def counts():
    return Case.objects.count(), Person.objects.count(), Referral.objects.count()


def test_melding_opens_a_case_with_everything_in_it(partner_user, municipality, politie):
    child = PersonDetails(first_names="Sem", last_name="Oosterhout", bsn=VALID_BSN)
    referral = submit(
        partner_user,
        municipality,
        persons=[
            ReferredPerson(role="hoofdpersoon", details=FENNA),
            ReferredPerson(role="kind", details=child),
        ],
    )

    case = referral.case
    assert case.state == CaseState.AANGEMELD
    assert case.municipality == municipality
    assert case.region == municipality.region
    transition = case.transitions.get()
    assert (transition.from_state, transition.to_state) == ("", CaseState.AANGEMELD)
    assert transition.reason == "Melding ontvangen"
    assert transition.by == partner_user
    assert referral.reporting_organisation == politie
    assert referral.reported_by == partner_user
    assert [d.code for d in referral.life_domains.all()] == ["wonen"]
    links = {(link.person.first_names, link.role) for link in case.case_persons.all()}
    assert links == {("Fenna", "hoofdpersoon"), ("Sem", "kind")}
    assert CaseParticipant.objects.filter(case=case, organisation=politie, reason="melder").exists()
    created = AccessLogEntry.objects.filter(
        user=partner_user, action=AccessAction.CREATE, case_ref=case.pk, object_type="Referral"
    )
    assert created.count() == 2
    assert set(created.values_list("person_ref", flat=True)) == set(
        case.case_persons.values_list("person_id", flat=True)
    )


def test_partner_melding_with_a_known_bsn_is_never_linked(partner_user, municipality, region):
    """The melding stands on what the partner typed: linking is the procesregisseur's step."""
    known = PersonFactory(region=region, bsn=VALID_BSN, first_names="Fenna", last_name="Oost")
    before = Person.objects.count()

    referral = submit(
        partner_user,
        municipality,
        persons=[
            ReferredPerson(
                role="hoofdpersoon",
                details=PersonDetails(first_names="F.", last_name="Oosterhout", bsn="111 222 333"),
            )
        ],
    )

    assert Person.objects.count() == before + 1
    linked = referral.case.case_persons.get().person
    assert linked != known
    assert (linked.first_names, linked.last_name, linked.bsn) == ("F.", "Oosterhout", VALID_BSN)
    assert linked.birth_date is None and linked.street_address == ""


def test_partner_gets_a_new_person_without_a_bsn_match(partner_user, municipality, region):
    PersonFactory(region=region, first_names="Fenna", name_prefix="van", last_name="Oosterhout")
    before = Person.objects.count()

    submit(partner_user, municipality)

    assert Person.objects.count() == before + 1


def test_partner_may_not_choose_a_known_person(partner_user, municipality, region):
    known = PersonFactory(region=region)
    before = counts()
    with pytest.raises(PermissionDenied):
        submit(
            partner_user,
            municipality,
            persons=[ReferredPerson(role="hoofdpersoon", details=FENNA, existing=known)],
        )
    assert counts() == before


def test_procesregisseur_links_the_chosen_person(procesregisseur, municipality, region):
    known = PersonFactory(region=region)
    referral = submit(
        procesregisseur,
        municipality,
        persons=[ReferredPerson(role="hoofdpersoon", details=FENNA, existing=known)],
    )
    assert referral.case.case_persons.get().person == known


def test_person_of_another_region_cannot_be_linked(procesregisseur, municipality, other_region):
    foreign = PersonFactory(region=other_region)
    before = counts()
    with pytest.raises(ValidationError) as excinfo:
        submit(
            procesregisseur,
            municipality,
            persons=[ReferredPerson(role="hoofdpersoon", details=FENNA, existing=foreign)],
        )
    assert "persons" in excinfo.value.message_dict
    assert counts() == before


@pytest.mark.parametrize("fixture", ["manager", "beheerder", "outsider"])
def test_roles(request, fixture, municipality):
    user = request.getfixturevalue(fixture)
    if fixture == "outsider":  # a ketenpartner of any organisation may report
        assert submit(user, municipality).case.pk
        return
    with pytest.raises(PermissionDenied):
        submit(user, municipality)
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"persons": []}, "persons", "ten minste één betrokkene"),
        ({"description": "   "}, "description", "Beschrijf waarover de melding gaat."),
        ({"question": ""}, "question", "Geef aan wat de melder"),
        ({"title": ""}, "title", "korte omschrijving"),
        ({"source": ReferralSource.HERMELDING}, "source", "her-melding"),
        (
            # Tomorrow as of when the test runs, not when the tests were collected.
            {"received_on": lambda: timezone.localdate() + datetime.timedelta(days=1)},
            "received_on",
            "toekomst",
        ),
        (
            {
                "persons": [
                    ReferredPerson(role="hoofdpersoon", details=FENNA),
                    ReferredPerson(
                        role="hoofdpersoon", details=PersonDetails(first_names="A", last_name="B")
                    ),
                ]
            },
            "persons",
            "precies één hoofdpersoon",
        ),
        (
            {"persons": [ReferredPerson(role="kind", details=FENNA)]},
            "persons",
            "precies één hoofdpersoon",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(
    partner_user, municipality, overrides, field, message
):
    overrides = {name: value() if callable(value) else value for name, value in overrides.items()}
    with pytest.raises(ValidationError) as excinfo:
        submit(partner_user, municipality, **overrides)
    assert message in " ".join(excinfo.value.message_dict[field])
    assert counts() == (0, 0, 0)


def test_system_case_needs_no_main_person(partner_user, municipality):
    referral = submit(
        partner_user,
        municipality,
        kind="systeem",
        persons=[
            ReferredPerson(role="ouder", details=FENNA),
            ReferredPerson(role="kind", details=PersonDetails(first_names="S", last_name="O")),
        ],
    )
    assert referral.case.case_persons.count() == 2


def test_municipality_of_another_region_is_refused(partner_user, other_region):
    foreign = MunicipalityFactory(region=other_region, name="Den Haag")
    with pytest.raises(ValidationError) as excinfo:
        submit(partner_user, foreign)
    assert "eigen regio" in excinfo.value.message_dict["municipality"][0]
    assert counts() == (0, 0, 0)


def test_an_invalid_person_rolls_back_the_whole_melding(partner_user, municipality):
    bad = PersonDetails(first_names="Sem", last_name="O", bsn="123456789")
    with pytest.raises(ValidationError) as excinfo:
        submit(
            partner_user,
            municipality,
            persons=[
                ReferredPerson(role="hoofdpersoon", details=FENNA),
                ReferredPerson(role="kind", details=bad),
            ],
        )
    assert "11-proef" in excinfo.value.message_dict["person-1-bsn"][0]
    assert counts() == (0, 0, 0)
    assert not AccessLogEntry.objects.exists()


def test_same_known_person_twice_with_the_same_role_is_refused(
    procesregisseur, municipality, region
):
    known = PersonFactory(region=region, bsn=OTHER_VALID_BSN)
    with pytest.raises(ValidationError):
        submit(
            procesregisseur,
            municipality,
            kind="systeem",
            persons=[
                ReferredPerson(role="kind", details=FENNA, existing=known),
                ReferredPerson(role="kind", details=FENNA, existing=known),
            ],
        )
    assert Case.objects.count() == 0


@pytest.mark.parametrize("closed_state", [CaseState.AFGESLOTEN, CaseState.NIET_IN_BEHANDELING])
def test_rereport_reopens_a_closed_case(procesregisseur, case, closed_state):
    close_case(case, procesregisseur, closed_state)
    history_before = case.transitions.count()

    referral = register_rereport(
        actor=procesregisseur,
        case=case,
        description="Opnieuw overlast gemeld.",
        question="Opnieuw oppakken?",
        urgency="acuut",
        life_domains=LifeDomain.objects.filter(code="veiligheid"),
    )

    case.refresh_from_db()
    assert case.state == CaseState.AANGEMELD
    assert referral.source == ReferralSource.HERMELDING
    assert referral.case == case
    assert case.transitions.count() == history_before + 1
    assert case.transitions.last().from_state == closed_state
    assert (
        AccessLogEntry.objects.filter(
            user=procesregisseur, action=AccessAction.CHANGE, case_ref=case.pk
        ).count()
        == CasePerson.objects.filter(case=case).count()
    )


def test_rereport_on_an_open_case_is_refused(procesregisseur, case):
    with pytest.raises(ValidationError) as excinfo:
        register_rereport(actor=procesregisseur, case=case, description="x", question="y")
    assert "alleen bij een afgesloten" in excinfo.value.messages[0]
    assert not Referral.objects.filter(case=case).exists()


def test_rereport_needs_a_procesregisseur(partner_user, procesregisseur, case):
    close_case(case, procesregisseur)
    with pytest.raises(PermissionDenied):
        register_rereport(actor=partner_user, case=case, description="x", question="y")
