"""Partner organisations and municipalities: writes, validation and the audit trail."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.organisations.models import Municipality, Organisation
from tests.organisations.helpers import organisation_data

pytestmark = pytest.mark.django_db

FUTURE_MESSAGE = "De datum van ondertekening kan niet in de toekomst liggen."


def test_beheerder_adds_an_organisation_to_the_own_region(as_beheerder, beheerder, region):
    response = as_beheerder.post(reverse("organisations:organisation_create"), organisation_data())

    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Reclassering Nederland Dordrecht")
    assert organisation.region == region
    assert organisation.convenant_signed_on == datetime.date(2025, 3, 1)
    assert AccessLogEntry.objects.filter(
        user=beheerder,
        action=AccessAction.CREATE,
        object_type="Organisation",
        object_ref=str(organisation.pk),
    ).exists()


def test_bad_input_keeps_what_was_typed_with_dutch_messages(as_beheerder):
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()

    response = as_beheerder.post(
        reverse("organisations:organisation_create"),
        organisation_data(name="", convenant_signed_on=future, email="geen-adres", domain="x"),
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["name"] == ["Vul ‘Naam’ in."]
    assert form.errors["convenant_signed_on"] == [FUTURE_MESSAGE]
    assert form.errors["email"] == ["Voer een geldig e-mailadres in."]
    assert form.errors["domain"] == ["Kies een waarde uit de lijst."]  # not the posted value
    assert 'value="geen-adres"' in response.text
    assert 'value="reclassering"' in response.text
    assert f'value="{future}"' in response.text
    assert FUTURE_MESSAGE in response.text
    assert not Organisation.objects.filter(kind="reclassering").exists()
    assert not AccessLogEntry.objects.exists()


def test_an_organisation_name_is_unique_within_the_region(as_beheerder, politie, far_org):
    response = as_beheerder.post(
        reverse("organisations:organisation_create"), organisation_data(name="politie dordrecht")
    )
    assert response.context["form"].errors["name"] == [
        "Er bestaat in uw regio al een organisatie met deze naam."
    ]

    # The same name in another region is no conflict.
    response = as_beheerder.post(
        reverse("organisations:organisation_create"), organisation_data(name=far_org.name)
    )
    assert response.status_code == 302


def test_manager_may_only_change_the_convenant_status(as_manager, manager, ggz):
    url = reverse("organisations:organisation_edit", args=[ggz.pk])

    page = as_manager.get(url)
    # Besides the hidden version it was opened at, only the convenant date.
    assert list(page.context["form"].fields) == ["convenant_signed_on", "version"]

    response = as_manager.post(
        url, {"convenant_signed_on": "2024-06-15", "name": "Overgenomen", "version": "0"}
    )

    assert response.status_code == 302
    ggz.refresh_from_db()
    assert ggz.convenant_signed_on == datetime.date(2024, 6, 15)
    assert ggz.name == "GGZ Drechtsteden"
    assert AccessLogEntry.objects.filter(user=manager, object_ref=str(ggz.pk)).exists()


def test_manager_cannot_date_the_convenant_in_the_future(as_manager, ggz):
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    response = as_manager.post(
        reverse("organisations:organisation_edit", args=[ggz.pk]), {"convenant_signed_on": future}
    )

    assert response.context["form"].errors["convenant_signed_on"] == [FUTURE_MESSAGE]
    ggz.refresh_from_db()
    assert ggz.convenant_signed_on == datetime.date(2025, 3, 1)


def test_organisation_list_query_count_is_bounded(
    as_beheerder, region, django_assert_max_num_queries
):
    for number in range(25):
        Organisation.objects.create(region=region, name=f"Wijkteam {number}", domain="gemeente")

    with django_assert_max_num_queries(12):
        response = as_beheerder.get(reverse("organisations:organisation_list"))

    assert response.content.count(b"Wijkteam") == 25


# --- municipalities ---------------------------------------------------------------------


def test_beheerder_adds_a_municipality_with_a_cbs_code(as_beheerder, beheerder, region):
    response = as_beheerder.post(
        reverse("organisations:municipality_create"), {"cbs_code": "gm0482", "name": "Alblasserdam"}
    )

    assert response.status_code == 302
    municipality = Municipality.objects.get(cbs_code="GM0482")
    assert municipality.region == region
    assert AccessLogEntry.objects.filter(
        user=beheerder, action=AccessAction.CREATE, object_type="Municipality"
    ).exists()


@pytest.mark.parametrize("code", ["0482", "GM482", "GM04821", "GX0482", "GM04a2"])
def test_a_bad_cbs_code_is_refused_in_dutch(as_beheerder, code):
    response = as_beheerder.post(
        reverse("organisations:municipality_create"), {"cbs_code": code, "name": "Alblasserdam"}
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["cbs_code"]
    assert errors == ["Een CBS-code bestaat uit GM en vier cijfers, bijvoorbeeld GM0505."]
    assert 'value="Alblasserdam"' in response.text
    assert not Municipality.objects.filter(name="Alblasserdam").exists()


def test_a_cbs_code_cannot_be_used_twice(as_beheerder, municipality):
    response = as_beheerder.post(
        reverse("organisations:municipality_create"), {"cbs_code": "GM0505", "name": "Dordt"}
    )

    assert response.context["form"].errors["cbs_code"] == [
        "Er is al een gemeente met deze CBS-code."
    ]
    assert 'value="Dordt"' in response.text
    assert Municipality.objects.count() == 1


def test_beheerder_renames_a_municipality(as_beheerder, beheerder, municipality):
    response = as_beheerder.post(
        reverse("organisations:municipality_edit", args=[municipality.pk]),
        {"cbs_code": "GM0505", "name": "Dordrecht (stad)", "version": "0"},
    )

    assert response.status_code == 302
    municipality.refresh_from_db()
    assert municipality.name == "Dordrecht (stad)"
    assert AccessLogEntry.objects.filter(
        user=beheerder, action=AccessAction.CHANGE, object_ref=str(municipality.pk)
    ).exists()
