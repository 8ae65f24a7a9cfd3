"""What the access log holds after closure reads and exports."""

from schakel.access.models import AccessAction, AccessLogEntry
from tests.closure.helpers import EXPORT_URL, read_rows, url


def test_csv_export_is_logged_without_persons(region_cases, other_region_case, manager, signed_in):
    response = signed_in(manager).get(EXPORT_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    content = response.content.decode("utf-8-sig")
    lines = content.strip().splitlines()
    assert lines[0] == "Datum;Regietafel;Verbetervoorstel;Leerpunten;Resultaat"
    assert len(lines) == 3
    assert "Meer crisisplekken jeugdzorg in de regio." in content
    assert "Voorstel uit een andere regio." not in content
    for case in region_cases:
        assert case.reference not in content
    entry = AccessLogEntry.objects.get(user=manager, action=AccessAction.EXPORT)
    assert entry.case is None and entry.person is None
    assert "2 regels" in entry.detail


def test_checklist_page_shows_the_parts_and_logs_the_read(
    plan_case, procesregisseur, signed_in, wijkteam
):
    response = signed_in(procesregisseur).get(url("de_escalate", plan_case))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Laatste check op risico&#x27;s en maatregelen" in html
    assert "Regie teruggelegd bij" in html
    assert "Wijkteam Dordrecht-West" in html
    assert "Concept opslaan" in html
    assert read_rows(procesregisseur, plan_case).count() == 1
