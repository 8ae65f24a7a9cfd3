"""Reports through real requests: who may read them, and that no person or case leaks."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from schakel.access.models import AccessLogEntry
from schakel.accounts.roles import Role
from schakel.cases.models import Case
from tests.builders import case_at_table, reported_case
from tests.factories import UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def tabled_cases(municipality, partner_user, table, procesregisseur):
    cases = []
    for i in range(6):
        case = reported_case(
            reporter=partner_user, municipality=municipality, last_name=f"Geheimnaam-{i}"
        )
        cases.append(case_at_table(case, table=table, actor=procesregisseur))
    return cases


@pytest.mark.parametrize("role", [Role.MANAGER, Role.BESTUURDER, Role.PROCESREGISSEUR])
@pytest.mark.parametrize("key", ["productie", "doorlooptijden", "trends", "rendement"])
def test_aggregates_without_persons_or_case_numbers(client, zvh, tabled_cases, role, key):
    sign_in(client, UserFactory(organisation=zvh, roles=[role]))
    before = AccessLogEntry.objects.count()
    url = reverse("reports:report", args=[key])
    outputs = [client.get(url).content.decode()]
    outputs.append(client.get(url + "?formaat=csv").content.decode("utf-8-sig"))
    workbook = load_workbook(io.BytesIO(client.get(url + "?formaat=xlsx").content))
    outputs.append(
        " ".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    )
    for text in outputs:
        assert "Geheimnaam" not in text and "Fenna" not in text
        for case in tabled_cases:
            assert case.reference not in text
    # Aggregates hold no personal data: reading them is not a read of a person.
    assert AccessLogEntry.objects.count() == before


def test_production_shows_the_figures_and_exports_them(client, zvh, tabled_cases, table):
    sign_in(client, UserFactory(organisation=zvh, roles=[Role.MANAGER]))
    year = Case.objects.first().created_at.year
    page = client.get(reverse("reports:report", args=["productie"]), {"jaar": year})
    html = page.content.decode()
    assert "Triagebesluiten per regietafel" in html
    assert "<svg" in html and 'role="img"' in html
    csv_response = client.get(
        reverse("reports:report", args=["productie"]), {"jaar": year, "formaat": "csv"}
    )
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "attachment" in csv_response["Content-Disposition"]
    text = csv_response.content.decode("utf-8-sig")
    assert f"{table.name};0;0;0;0;0;0" not in text
    assert "Triagebesluiten per regietafel" in text
    xlsx = client.get(
        reverse("reports:report", args=["productie"]), {"jaar": year, "formaat": "xlsx"}
    )
    assert xlsx.content[:2] == b"PK"


@pytest.mark.parametrize(
    "role",
    [Role.KETENPARTNER, Role.INFORMATIEMAKELAAR, Role.BEHEERDER, Role.PRIVACY_OFFICER],
)
def test_other_roles_are_refused(client, zvh, role):
    sign_in(client, UserFactory(organisation=zvh, roles=[role]))
    assert client.get(reverse("reports:index")).status_code == 403
    assert client.get(reverse("reports:report", args=["productie"])).status_code == 403
    assert (
        client.get(reverse("reports:report", args=["productie"]) + "?formaat=csv").status_code
        == 403
    )


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("reports:index"))
    assert response.status_code == 302 and "/inloggen/" in response.url


def test_a_table_of_another_region_is_refused_with_a_dutch_message(
    client, zvh, other_region, tabled_cases
):
    from tests.factories import TableFactory

    foreign = TableFactory(region=other_region, name="Elders")
    sign_in(client, UserFactory(organisation=zvh, roles=[Role.MANAGER]))
    response = client.get(reverse("reports:report", args=["productie"]), {"tafel": foreign.pk})
    assert response.status_code == 200
    assert "Kies een regietafel uit de lijst." in response.content.decode()
    assert "Triagebesluiten per regietafel" not in response.content.decode().split("</form>")[1]
    bad_year = client.get(reverse("reports:report", args=["productie"]), {"jaar": "1900"})
    assert "Kies een jaar uit de lijst." in bad_year.content.decode()


def test_unknown_report_is_404(client, zvh):
    sign_in(client, UserFactory(organisation=zvh, roles=[Role.MANAGER]))
    assert client.get(reverse("reports:report", args=["onbekend"])).status_code == 404
