"""Uitstroom gedetineerden against hand-computed expectations.

Chosen year 2026, so the columns are 2023 to 2026:
  Dordrecht    released 1 Jan 2026, 31 Dec 2026 and four times in between: 6 in 2026;
               31 Dec 2025: 1 in 2025; 31 Dec 2022: before the first column;
               one postponed from 1 June 2026 to 1 Jan 2027: no longer in 2026
  Zwijndrecht  2 in 2026
  Gorinchem    none: a row of zeros
  another region: one in 2026, never counted
"""

import datetime

import pytest
from django.urls import reverse

from schakel.accounts.roles import Role
from schakel.nazorg.services import change_release_date, register_detention_notice
from schakel.referrals.services import PersonDetails
from schakel.reports import figures, reports
from schakel.reports.figures import Scope
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

YEAR = 2026
D = datetime.date


def _notice(actor, institution, municipality, released, number):
    return register_detention_notice(
        actor=actor,
        person=PersonDetails(
            first_names="Fictief", last_name=f"Gedetineerde-{number}", birth_date=D(1990, 1, 1)
        ),
        institution=institution,
        detention_started_on=D(2022, 1, 1),
        expected_release_on=released,
        return_municipality=municipality,
        source_reference=f"PI-{number}",
    )


@pytest.fixture
def institution(region):
    return OrganisationFactory(
        region=region, name="Penitentiaire Inrichting Dordrecht", domain="straf"
    )


@pytest.fixture
def outflow(procesregisseur, institution, municipality, region, other_region_procesregisseur):
    zwijndrecht = MunicipalityFactory(region=region, name="Zwijndrecht", cbs_code="GM0642")
    MunicipalityFactory(region=region, name="Gorinchem", cbs_code="GM0512")
    dordrecht_days = [
        D(2026, 1, 1),
        D(2026, 3, 1),
        D(2026, 5, 1),
        D(2026, 7, 1),
        D(2026, 9, 1),
        D(2026, 12, 31),
        D(2025, 12, 31),
        D(2022, 12, 31),
    ]
    number = 0
    for number, day in enumerate(dordrecht_days):
        _notice(procesregisseur, institution, municipality, day, number)
    for day in (D(2026, 2, 1), D(2026, 4, 1)):
        number += 1
        _notice(procesregisseur, institution, zwijndrecht, day, number)
    postponed = _notice(procesregisseur, institution, municipality, D(2026, 6, 1), number + 1)
    change_release_date(
        actor=procesregisseur,
        notice=postponed,
        expected_release_on=D(2027, 1, 1),
        reason="Strafrestant",
        expected_version=postponed.version,
    )
    elsewhere = other_region_procesregisseur
    _notice(
        elsewhere,
        OrganisationFactory(region=elsewhere.organisation.region, domain="straf"),
        MunicipalityFactory(region=elsewhere.organisation.region, name="Den Haag"),
        D(2026, 3, 1),
        "elders",
    )


def test_outflow_per_municipality_and_year(outflow, region):
    table = figures.detainee_outflow(Scope(region_id=region.pk, year=YEAR))
    assert table.columns == ["2023", "2024", "2025", "2026"]
    assert dict(table.rows) == {
        "Dordrecht": [0, 0, 1, 6],
        "Gorinchem": [0, 0, 0, 0],
        "Zwijndrecht": [0, 0, 0, 2],
    }


def test_an_earlier_year_moves_the_columns(outflow, region):
    table = figures.detainee_outflow(Scope(region_id=region.pk, year=2025))
    assert table.columns == ["2022", "2023", "2024", "2025"]
    assert dict(table.rows)["Dordrecht"] == [1, 0, 0, 1]


def test_the_municipality_filter_is_the_municipality_of_return(outflow, region, municipality):
    scope = Scope(region_id=region.pk, year=YEAR, municipality_id=municipality.pk)
    assert dict(figures.detainee_outflow(scope).rows) == {"Dordrecht": [0, 0, 1, 6]}


def test_small_counts_are_suppressed_and_cannot_be_computed_back(outflow, region):
    (section,) = [
        s
        for s in reports.production(Scope(region_id=region.pk, year=YEAR), 5)
        if s.table.title == "Uitstroom gedetineerden per gemeente van terugkeer"
    ]
    shown = {row[0]: row[1:] for row in section.table.export_rows()}
    # Dordrecht's 1 in 2025 is hidden; so is its 6 in 2026, or the 1 follows from the total.
    assert shown["Dordrecht"][2] == "minder dan 5"
    assert shown["Dordrecht"][3] == "afgeschermd"
    assert shown["Zwijndrecht"] == [0, 0, 0, "minder dan 5", "minder dan 5"]
    assert shown["Gorinchem"] == [0, 0, 0, 0, 0]
    assert "laatst bekende datum" in section.note
    # The chart shows the chosen year and draws no hidden figure to its size.
    bars = {bar.label: bar for bar in section.chart.bars}
    assert bars["Dordrecht"].hidden and bars["Dordrecht"].length == 0


def test_the_production_page_shows_the_outflow(client, zvh, outflow):
    sign_in(client, UserFactory(organisation=zvh, roles=[Role.MANAGER]))
    page = client.get(reverse("reports:report", args=["productie"]), {"jaar": YEAR})
    html = page.content.decode()
    assert "Uitstroom gedetineerden per gemeente van terugkeer" in html
    assert "Gedetineerde-" not in html and "Fictief" not in html
