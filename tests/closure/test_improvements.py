"""The verbetervoorstellen for the steering group: region only, no case data, bounded."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from schakel.closure.models import CaseEvaluation, Closure, Outcome
from tests.closure.helpers import EXPORT_URL, LIST_URL, evaluated_case
from tests.factories import (
    CaseFactory,
    MunicipalityFactory,
    TableFactory,
)


def test_manager_sees_the_proposals_of_own_region_without_case_data(
    region_cases, other_region_case, manager, signed_in
):
    CaseEvaluation.objects.create(
        case=region_cases[0], chain_worked_well=True, leerpunten="Alleen leerpunt.", by=manager
    )
    response = signed_in(manager).get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Structurele financiering van nazorg na detentie." in html
    assert "Eerder de reclassering betrekken." in html
    assert "Niet behaald" in html
    assert "Meer crisisplekken jeugdzorg in de regio." in html
    assert "Voorstel uit een andere regio." not in html
    assert "Alleen leerpunt." not in html  # no verbetervoorstel: not on this list
    assert "mogen geen persoonsgegevens bevatten" in html
    for case in region_cases:
        assert case.reference not in html
        assert case.title not in html
        assert f"/casussen/{case.pk}/" not in html
    assert "Vermeulen" not in html


def test_bestuurder_may_read_the_list(region_cases, bestuurder, signed_in):
    response = signed_in(bestuurder).get(LIST_URL)
    assert response.status_code == 200
    assert "Meer crisisplekken jeugdzorg in de regio." in response.content.decode()


def test_filter_by_table_and_year(region_cases, table, manager, signed_in):
    client = signed_in(manager)
    by_table = client.get(LIST_URL, {"tafel": table.pk}).content.decode()
    assert "Structurele financiering" in by_table
    assert "Meer crisisplekken" not in by_table
    by_year = client.get(LIST_URL, {"jaar": "2024"}).content.decode()
    assert "Meer crisisplekken" in by_year
    assert "Structurele financiering" not in by_year


def test_table_of_another_region_is_not_a_filter_choice(
    region_cases, other_region_case, manager, signed_in
):
    html = signed_in(manager).get(LIST_URL, {"tafel": other_region_case.table_id}).content.decode()
    assert "Volwassenen Haaglanden" not in html
    assert "Kies een regietafel uit de lijst." in html
    assert "Voorstel uit een andere regio." not in html


def test_csv_export_neutralises_formulas(region, table, procesregisseur, manager, signed_in):
    evaluated_case(region=region, table=table, by=procesregisseur, voorstel="=HYPERLINK(1)")
    content = signed_in(manager).get(EXPORT_URL).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in content


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST_URL).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_rows(region, manager, procesregisseur, signed_in):
    municipality = MunicipalityFactory(region=region)
    tables = [TableFactory(region=region, name=f"Tafel {n}") for n in range(3)]

    def add(count):
        for n in range(count):
            case = CaseFactory(region=region, municipality=municipality, table=tables[n % 3])
            Closure.objects.create(
                case=case, outcome=Outcome.BEHAALD, reason="Klaar.", closed_by=procesregisseur
            )
            CaseEvaluation.objects.create(
                case=case,
                chain_worked_well=False,
                verbetervoorstellen=f"Voorstel {n}",
                by=procesregisseur,
            )

    client = signed_in(manager)
    client.get(LIST_URL)  # the first request of a session does one-off session bookkeeping
    add(2)
    with_two = _list_queries(client)
    add(8)
    with_ten = _list_queries(client)
    assert with_two == with_ten


def test_query_count_is_bounded(region_cases, manager, signed_in, django_assert_max_num_queries):
    client = signed_in(manager)
    with django_assert_max_num_queries(15):
        assert client.get(LIST_URL).status_code == 200


def test_the_list_is_paged_and_the_export_keeps_the_whole_selection(
    region, table, manager, procesregisseur, signed_in
):
    for n in range(55):
        evaluated_case(region=region, table=table, by=procesregisseur, voorstel=f"Voorstel {n:02d}")
    client = signed_in(manager)

    first = client.get(LIST_URL, {"table": table.pk}).content.decode()
    second = client.get(LIST_URL, {"table": table.pk, "pagina": 2}).content.decode()
    export = client.get(EXPORT_URL, {"table": table.pk}).content.decode()

    assert "55 verbetervoorstellen" in first
    assert first.count('<th scope="row">') == 50
    assert second.count('<th scope="row">') == 5
    assert f"?table={table.pk}&amp;pagina=2" in first
    assert 'aria-current="page">2</span>' in second
    # The export link names the filters, not the page: it takes all 55.
    assert f'{EXPORT_URL}?table={table.pk}"' in second
    assert all(f"Voorstel {n:02d}" in export for n in range(55))
