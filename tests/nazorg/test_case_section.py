"""The detentiemelding on the case page it opened: institution, release date, the
quickscan per condition and the re-integratieofficier, for every reader of the case; the
link to the notice's own page only for whom the policy shows that page to."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schakel.nazorg import services
from tests.factories import add_participant
from tests.helpers import sign_in
from tests.nazorg.helpers import fill

pytestmark = pytest.mark.django_db


def _melding_page(user, case_id):
    return sign_in(Client(), user).get(
        reverse("cases:section", kwargs={"pk": case_id, "section": "melding"})
    )


def _section(response) -> str:
    body = response.content.decode()
    assert 'id="nazorg-kop"' in body
    return body.split('id="nazorg-kop"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def assigned(regisseur, notice, rio):
    services.assign_reintegration_officer(
        actor=regisseur, notice=notice, officer=rio, expected_version=notice.version
    )
    fill(regisseur, notice, huisvesting="niet_op_orde", schulden="onbekend")
    notice.refresh_from_db()
    return notice


def test_the_procesregisseur_sees_the_notice_on_the_case(regisseur, assigned, rio):
    response = _melding_page(regisseur, assigned.case_id)
    assert response.status_code == 200
    section = _section(response)
    assert "Penitentiaire Inrichting Dordrecht" in section
    assert f"{assigned.expected_release_on:%Y}" in section
    assert "Bart" in section and "Re-integratieofficier gemeente Dordrecht" in section
    # Every condition with its state.
    assert section.count("<tr>") == 1 + 9
    assert "Niet op orde" in section and "Onbekend" in section and "Op orde" in section
    assert reverse("nazorg:detail", args=[assigned.pk]) in section


def test_a_partner_of_the_case_sees_the_section_but_not_the_notice_page(
    regisseur, assigned, partner_user, politie
):
    add_participant(assigned.case, politie)
    section = _section(_melding_page(partner_user, assigned.case_id))
    assert "Huisvesting" in section
    assert reverse("nazorg:detail", args=[assigned.pk]) not in section


def test_the_assigned_officer_is_led_to_the_notice(assigned, rio, rio_org):
    add_participant(assigned.case, rio_org)
    section = _section(_melding_page(rio, assigned.case_id))
    assert reverse("nazorg:detail", args=[assigned.pk]) in section


def test_someone_who_may_not_see_the_case_sees_nothing(assigned, partner_user):
    assert _melding_page(partner_user, assigned.case_id).status_code == 404


def test_a_case_without_a_detentiemelding_has_no_section(procesregisseur, case):
    response = _melding_page(procesregisseur, case.pk)
    assert response.status_code == 200
    assert 'id="nazorg-kop"' not in response.content.decode()


def test_the_section_costs_at_most_two_queries(regisseur, assigned, case):
    client = sign_in(Client(), regisseur)

    def count(case_id):
        url = reverse("cases:section", kwargs={"pk": case_id, "section": "melding"})
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return [q["sql"] for q in queries.captured_queries]

    without = count(case.pk)
    with_notice = count(assigned.case_id)
    nazorg = [sql for sql in with_notice if "nazorg_" in sql]
    assert len(nazorg) == 2, nazorg
    assert len([sql for sql in without if "nazorg_" in sql]) == 1
