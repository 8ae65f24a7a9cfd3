"""Police incidents from a CSV file, through the real import engine: every bad row
reported by line and column in Dutch, every good row an incident on the person with that
BSN (or a new one), nothing twice, nothing half-saved; and only procesregie imports them."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from schakel.access.models import AccessLogEntry
from schakel.imports.models import ImportedRecord, ImportJob, ImportStatus, RowOutcome
from schakel.imports.services import start_import
from schakel.incidents.models import PoliceIncident
from schakel.persons.models import Person
from tests.factories import MunicipalityFactory, PersonFactory
from tests.imports.helpers import csv_text, import_now, problems, upload

pytestmark = pytest.mark.django_db

KIND = "incidenten"
HEADER = (
    "registratienummer",
    "datum",
    "soort",
    "bsn",
    "voornaam",
    "achternaam",
    "geboortedatum",
    "gemeente",
)
# Fictional BSNs that pass the 11-proef.
BSNS = ("111222333", "123456782")


def row(number: int, **changes: str) -> dict[str, str]:
    values = {
        "registratienummer": f"PL1700-2026-{number:06d}",
        "datum": "14-03-2026",
        "soort": "overlast",
        "bsn": BSNS[0],
        "voornaam": "Fictief",
        "achternaam": "Controlepersoon",
        "geboortedatum": "1990-01-01",
        "gemeente": "Dordrecht",
    }
    values.update(changes)
    return values


def run(actor, rows):
    return import_now(actor, csv_text(rows, header=HEADER), name="incidenten.csv", kind=KIND)


def test_good_rows_become_incidents_on_the_person_with_that_bsn(
    procesregisseur, region, municipality
):
    known = PersonFactory(region=region, bsn=BSNS[1], last_name="Bekend")
    job = run(
        procesregisseur,
        [
            row(1),
            row(2, soort="Huiselijk geweld", datum="2026-05-01"),
            row(3, bsn=BSNS[1], soort="VERMOGENSDELICT", achternaam="Anders", gemeente=""),
        ],
    )

    assert job.status == ImportStatus.DONE
    assert (job.rows_total, job.rows_good, job.rows_bad, job.rows_skipped) == (3, 3, 0, 0)
    assert problems(job) == []
    # One new person for the two incidents on the first BSN, of the row's municipality.
    new = Person.objects.get(bsn=BSNS[0])
    assert (new.first_names, new.last_name, new.birth_date, new.municipality) == (
        "Fictief",
        "Controlepersoon",
        datetime.date(1990, 1, 1),
        municipality,
    )
    assert list(PoliceIncident.objects.filter(person=new).values_list("occurred_on", "kind")) == [
        (datetime.date(2026, 3, 14), "overlast"),
        (datetime.date(2026, 5, 1), "huiselijk_geweld"),
    ]
    # The known person gets the incident and keeps their name.
    third = PoliceIncident.objects.get(source_reference="PL1700-2026-000003")
    assert (third.person, third.kind, third.registered_by) == (known, "vermogen", procesregisseur)
    known.refresh_from_db()
    assert known.last_name == "Bekend"
    assert AccessLogEntry.objects.filter(object_type="PoliceIncident", action="create").count() == 3
    assert ImportedRecord.objects.filter(kind=KIND).count() == 3


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"datum": "2026-13-01"}, "datum", "Geen geldige datum"),
        ({"datum": ""}, "datum", "Verplichte datum"),
        ({"datum": "_future_"}, "datum", "toekomst"),
        ({"geboortedatum": "31-02-1990"}, "geboortedatum", "Geen geldige datum"),
        ({"soort": "fietsendiefstal"}, "soort", "Onbekende soort incident"),
        ({"soort": ""}, "soort", "Verplichte waarde"),
        ({"bsn": "123456789"}, "bsn", "11-proef"),
        ({"bsn": "12-34"}, "bsn", "Geen geldig BSN"),
        ({"bsn": ""}, "bsn", "Verplicht BSN"),
        ({"gemeente": "Atlantis"}, "gemeente", "Onbekende gemeente"),
        ({"gemeente": "Den Haag"}, "gemeente", "Onbekende gemeente"),
        ({"achternaam": ""}, "achternaam", "Verplichte waarde"),
        ({"registratienummer": "R" * 61}, "registratienummer", "Te lang"),
    ],
)
def test_every_bad_row_is_reported_by_line_and_column_and_the_good_ones_kept(
    procesregisseur, municipality, other_region, changes, column, message
):
    MunicipalityFactory(region=other_region, name="Den Haag", cbs_code="GM0518")
    if changes.get("datum") == "_future_":
        changes = {"datum": f"{timezone.localdate() + datetime.timedelta(days=1):%d-%m-%Y}"}
    # The bad row is about a person of its own, so nothing of it may be left behind.
    job = run(procesregisseur, [row(1), row(2, **{"bsn": BSNS[1], **changes}), row(3)])

    assert (job.rows_good, job.rows_bad, job.rows_skipped) == (2, 1, 0)
    reported = problems(job)
    assert [(line, field) for line, field, _message in reported] == [(3, column)]
    assert message in reported[0][2]
    assert set(PoliceIncident.objects.values_list("source_reference", flat=True)) == {
        "PL1700-2026-000001",
        "PL1700-2026-000003",
    }
    assert list(Person.objects.values_list("bsn", flat=True)) == [BSNS[0]]


def test_a_known_bsn_still_needs_a_name_so_the_report_tells_nothing_about_who_is_known(
    procesregisseur, region, municipality
):
    PersonFactory(region=region, bsn=BSNS[1])
    job = run(procesregisseur, [row(1, bsn=BSNS[1], achternaam=""), row(2, achternaam="")])
    assert [(line, field) for line, field, _m in problems(job)] == [
        (2, "achternaam"),
        (3, "achternaam"),
    ]
    assert problems(job)[0][2] == problems(job)[1][2]
    assert not PoliceIncident.objects.exists()


def test_a_registration_number_twice_in_the_file_is_an_error_on_the_second_line(
    procesregisseur, municipality
):
    job = run(procesregisseur, [row(1), row(1, soort="drugs")])
    assert (job.rows_good, job.rows_bad) == (1, 1)
    [(line, field, message)] = problems(job)
    assert (line, field) == (3, "registratienummer")
    assert "staat al op regel 2" in message
    assert PoliceIncident.objects.get().kind == "overlast"


def test_a_rerun_of_the_same_file_creates_nothing_twice(procesregisseur, municipality):
    rows = [row(1), row(2, bsn=BSNS[1], achternaam="Tweede"), row(3, soort="?")]
    first = run(procesregisseur, rows)
    assert (first.rows_good, first.rows_bad) == (2, 1)

    rows[2] = row(3, soort="geweld")
    again = run(procesregisseur, rows)
    assert (again.rows_good, again.rows_bad, again.rows_skipped) == (1, 0, 2)
    assert list(
        again.row_errors.filter(outcome=RowOutcome.SKIPPED).values_list("line", "message")
    ) == [(2, "Al eerder ingelezen; overgeslagen."), (3, "Al eerder ingelezen; overgeslagen.")]
    assert PoliceIncident.objects.count() == 3
    assert Person.objects.count() == 2


# --- Who may import police incidents -------------------------------------------------------


@pytest.mark.parametrize("who", ["informatiemakelaar"])
def test_only_procesregie_is_offered_incidents(signed_in, procesregisseur, request, who):
    other = request.getfixturevalue(who)
    page = signed_in(other).get(reverse("imports:create")).content.decode()
    assert f'value="{KIND}"' not in page
    assert "registratienummer" not in page
    response = signed_in(other).post(
        reverse("imports:create"),
        {"kind": KIND, "file": upload(csv_text([row(1)], header=HEADER))},
    )
    assert response.status_code == 200
    assert not ImportJob.objects.exists()
    with pytest.raises(PermissionDenied):
        start_import(actor=other, kind=KIND, upload=upload(csv_text([row(1)], header=HEADER)))

    page = signed_in(procesregisseur).get(reverse("imports:create")).content.decode()
    assert f'value="{KIND}"' in page
    assert "registratienummer" in page


def test_the_upload_page_queues_an_incident_file_for_procesregie(
    signed_in, procesregisseur, municipality
):
    response = signed_in(procesregisseur).post(
        reverse("imports:create"),
        {"kind": KIND, "file": upload(csv_text([row(1)], header=HEADER), "incidenten.csv")},
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:detail", args=[job.pk])
    assert (job.kind, job.status, job.uploaded_by) == (KIND, ImportStatus.QUEUED, procesregisseur)


def test_an_incident_job_does_not_exist_for_the_informatiemakelaar(
    signed_in, procesregisseur, informatiemakelaar, municipality
):
    job = run(procesregisseur, [row(1, bsn="1")])
    client = signed_in(informatiemakelaar)
    for name in ("imports:detail", "imports:progress", "imports:report_csv"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404, name
    assert "incidenten.csv" not in client.get(reverse("imports:list")).content.decode()
    assert (
        signed_in(procesregisseur).get(reverse("imports:detail", args=[job.pk])).status_code == 200
    )


def test_the_command_imports_incidents(procesregisseur, informatiemakelaar, municipality, tmp_path):
    path = tmp_path / "incidenten-2026.csv"
    path.write_text(csv_text([row(1), row(2)], header=HEADER), encoding="utf-8")
    with pytest.raises(CommandError, match="mag niet inlezen"):
        call_command(
            "importeren",
            KIND,
            str(path),
            "--regio",
            "zhz",
            "--gebruiker",
            informatiemakelaar.username,
            stdout=StringIO(),
        )
    out = StringIO()
    call_command("importeren", KIND, str(path), "--regio", "Zuid-Holland Zuid", stdout=out)
    assert "Klaar: 2 ingelezen, 0 met fouten, 0 al eerder ingelezen" in out.getvalue()
    assert PoliceIncident.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_worker_imports_an_uploaded_incident_file(signed_in, procesregisseur, municipality):
    """The task path: the upload page queues, `manage.py db_worker` runs the engine."""
    signed_in(procesregisseur).post(
        reverse("imports:create"),
        {"kind": KIND, "file": upload(csv_text([row(1), row(2, bsn="9")], header=HEADER))},
    )
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    job = ImportJob.objects.get()
    assert (job.status, job.rows_good, job.rows_bad) == (ImportStatus.DONE, 1, 1)
    assert PoliceIncident.objects.count() == 1
