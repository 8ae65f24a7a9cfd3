"""Detentiemeldingen from a CSV file, through the real import engine: every bad row
reported by line and column in Dutch, every good row a detentiemelding as the
registration screen makes it, nothing twice, nothing half-saved; and only procesregie
imports them."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from schakel.access.models import AccessLogEntry
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case
from schakel.imports.models import ImportedRecord, ImportJob, ImportStatus, RowOutcome
from schakel.imports.services import start_import
from schakel.nazorg.models import ConditionStatus, DetentionNotice
from schakel.persons.models import Person
from schakel.referrals.models import Referral, ReferralSource
from tests.factories import MunicipalityFactory, OrganisationFactory
from tests.imports.helpers import csv_text, import_now, problems, upload
from tests.nazorg.helpers import VALID_BSN, register

pytestmark = pytest.mark.django_db

KIND = "detentiemeldingen"
HEADER = (
    "referentie",
    "bsn",
    "voornaam",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "geslacht",
    "inrichting",
    "datum_detentie",
    "verwachte_invrijheidstelling",
    "gemeente_terugkeer",
)
TODAY = timezone.localdate()


def _day(days: int) -> str:
    return f"{TODAY + datetime.timedelta(days=days):%d-%m-%Y}"


def row(number: int, **changes: str) -> dict[str, str]:
    values = {
        "referentie": f"PI-DOR-{number:05d}",
        "bsn": "",
        "voornaam": "Fictief",
        "tussenvoegsel": "de",
        "achternaam": f"Gedetineerde{number}",
        "geboortedatum": "02-04-1995",
        "geslacht": "man",
        "inrichting": "Penitentiaire Inrichting Dordrecht",
        "datum_detentie": _day(-100),
        "verwachte_invrijheidstelling": _day(60),
        "gemeente_terugkeer": "Dordrecht",
    }
    values.update(changes)
    return values


def run(actor, rows, **kwargs):
    return import_now(
        actor, csv_text(rows, header=HEADER, **kwargs), name="detentie.csv", kind=KIND
    )


@pytest.fixture
def zwijndrecht(region):
    return MunicipalityFactory(region=region, name="Zwijndrecht", cbs_code="GM0642")


def test_good_rows_become_detentiemeldingen_as_the_screen_makes_them(
    procesregisseur, institution, municipality, zwijndrecht
):
    job = run(
        procesregisseur,
        [
            row(1, bsn=VALID_BSN, geslacht="V"),
            row(2, gemeente_terugkeer="GM0642", inrichting="penitentiaire  inrichting DORDRECHT"),
        ],
    )

    assert job.status == ImportStatus.DONE
    assert (job.rows_total, job.rows_good, job.rows_bad, job.rows_skipped) == (2, 2, 0, 0)
    assert problems(job) == []
    first = DetentionNotice.objects.get(source_reference="PI-DOR-00001")
    assert first.institution == institution
    assert first.return_municipality == municipality
    assert first.detention_started_on == TODAY - datetime.timedelta(days=100)
    assert first.expected_release_on == TODAY + datetime.timedelta(days=60)
    assert first.registered_by == procesregisseur
    person = first.person
    assert (person.first_names, person.name_prefix, person.last_name) == (
        "Fictief",
        "de",
        "Gedetineerde1",
    )
    assert (person.bsn, person.birth_date, person.gender) == (
        VALID_BSN,
        datetime.date(1995, 4, 2),
        "vrouw",
    )
    case = Case.objects.get(pk=first.case_id)
    assert case.state == CaseState.AANGEMELD
    assert Referral.objects.get(case=case).source == ReferralSource.DETENTIEMELDING
    assert set(first.quickscan.conditions.values_list("status", flat=True)) == {
        ConditionStatus.ONBEKEND
    }
    assert AccessLogEntry.objects.filter(
        object_type="DetentionNotice", object_ref=str(first.pk), action="create"
    ).exists()
    second = DetentionNotice.objects.get(source_reference="PI-DOR-00002")
    assert second.return_municipality == zwijndrecht
    assert set(ImportedRecord.objects.values_list("kind", "natural_key", "line")) == {
        (KIND, "PI-DOR-00001", 2),
        (KIND, "PI-DOR-00002", 3),
    }


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"datum_detentie": "31-02-2026"}, "datum_detentie", "Geen geldige datum"),
        ({"verwachte_invrijheidstelling": "morgen"}, "verwachte_invrijheidstelling", "datum"),
        ({"datum_detentie": "_future_"}, "datum_detentie", "toekomst"),
        ({"verwachte_invrijheidstelling": _day(-200)}, "verwachte_invrijheidstelling", "vóór"),
        ({"geboortedatum": "1995-04-31"}, "geboortedatum", "Geen geldige datum"),
        ({"gemeente_terugkeer": "Atlantis"}, "gemeente_terugkeer", "Onbekende gemeente"),
        ({"gemeente_terugkeer": "Den Haag"}, "gemeente_terugkeer", "Onbekende gemeente"),
        ({"gemeente_terugkeer": ""}, "gemeente_terugkeer", "Verplichte waarde"),
        ({"bsn": "123456789"}, "bsn", "11-proef"),
        ({"bsn": "12345"}, "bsn", "Geen geldig BSN"),
        ({"inrichting": "PI Atlantis"}, "inrichting", "Onbekende inrichting"),
        ({"inrichting": "GGZ Drechtsteden"}, "inrichting", "Onbekende inrichting"),
        ({"geslacht": "z"}, "geslacht", "Onbekend geslacht"),
        ({"achternaam": ""}, "achternaam", "Verplichte waarde"),
        ({"referentie": "K" * 61}, "referentie", "Te lang"),
    ],
)
def test_every_bad_row_is_reported_by_line_and_column_and_the_good_ones_kept(
    procesregisseur, institution, municipality, ggz, other_region, changes, column, message
):
    MunicipalityFactory(region=other_region, name="Den Haag", cbs_code="GM0518")
    if changes.get("datum_detentie") == "_future_":
        changes = {"datum_detentie": _day(3), "verwachte_invrijheidstelling": _day(90)}
    job = run(procesregisseur, [row(1), row(2, **changes), row(3)])

    assert (job.rows_good, job.rows_bad, job.rows_skipped) == (2, 1, 0)
    reported = problems(job)
    assert [(line, field) for line, field, _message in reported] == [(3, column)]
    assert message in reported[0][2]
    # The bad row left nothing behind: no case, no person, no notice.
    assert set(DetentionNotice.objects.values_list("source_reference", flat=True)) == {
        "PI-DOR-00001",
        "PI-DOR-00003",
    }
    assert Case.objects.count() == 2
    assert Person.objects.count() == 2


def test_one_row_reports_all_its_problems_at_once(procesregisseur, institution, municipality):
    job = run(
        procesregisseur,
        [row(1, bsn="1", inrichting="Nergens", gemeente_terugkeer="Atlantis", datum_detentie="x")],
    )
    assert {field for _line, field, _message in problems(job)} == {
        "bsn",
        "inrichting",
        "gemeente_terugkeer",
        "datum_detentie",
    }
    assert not Case.objects.exists()


def test_a_reference_twice_in_the_file_is_an_error_on_the_second_line(
    procesregisseur, institution, municipality
):
    job = run(procesregisseur, [row(1), row(2), row(1, achternaam="Anders")])
    assert (job.rows_good, job.rows_bad) == (2, 1)
    [(line, field, message)] = problems(job)
    assert (line, field) == (4, "referentie")
    assert "staat al op regel 2" in message
    assert DetentionNotice.objects.count() == 2


def test_a_rerun_of_the_same_file_creates_nothing_twice(procesregisseur, institution, municipality):
    rows = [row(1), row(2), row(3, bsn="1")]
    first = run(procesregisseur, rows)
    assert (first.rows_good, first.rows_bad) == (2, 1)

    # The corrected file again: the two known rows are skipped, the corrected one imported.
    rows[2] = row(3)
    again = run(procesregisseur, rows)
    assert (again.rows_good, again.rows_bad, again.rows_skipped) == (1, 0, 2)
    skipped = list(
        again.row_errors.filter(outcome=RowOutcome.SKIPPED).values_list("line", "field", "message")
    )
    assert skipped == [
        (2, "referentie", "Al eerder ingelezen; overgeslagen."),
        (3, "referentie", "Al eerder ingelezen; overgeslagen."),
    ]
    assert DetentionNotice.objects.count() == 3
    assert Case.objects.count() == 3


def test_a_notice_registered_by_hand_is_skipped_not_registered_again(
    procesregisseur, institution, municipality
):
    register(procesregisseur, institution=institution, municipality=municipality, reference="PI-X")
    job = run(procesregisseur, [row(1, referentie="PI-X"), row(2)])
    assert (job.rows_good, job.rows_bad, job.rows_skipped) == (1, 0, 1)
    [(line, field, message)] = problems(job)
    assert (line, field, message) == (2, "referentie", "Al eerder ingelezen; overgeslagen.")
    assert DetentionNotice.objects.filter(source_reference="PI-X").count() == 1


def test_another_regions_institution_and_reference_lists_are_not_used(
    procesregisseur, institution, municipality, other_region, other_region_procesregisseur
):
    OrganisationFactory(region=other_region, name="PI Haaglanden", domain="straf")
    job = run(procesregisseur, [row(1, inrichting="PI Haaglanden")])
    assert [field for _line, field, _message in problems(job)] == ["inrichting"]
    # The same reference in another region is another notice there.
    run(procesregisseur, [row(2)])
    elsewhere_institution = OrganisationFactory(
        region=other_region, name="PI Den Haag", domain="straf"
    )
    MunicipalityFactory(region=other_region, name="Den Haag", cbs_code="GM0518")
    elsewhere = run(
        other_region_procesregisseur,
        [row(2, inrichting=elsewhere_institution.name, gemeente_terugkeer="Den Haag")],
    )
    assert elsewhere.rows_good == 1
    assert DetentionNotice.objects.filter(source_reference="PI-DOR-00002").count() == 2


# --- Who may import detentiemeldingen ------------------------------------------------------


def test_the_informatiemakelaar_is_not_offered_detentiemeldingen_and_may_not_post_them(
    signed_in, informatiemakelaar, procesregisseur, institution, municipality
):
    client = signed_in(informatiemakelaar)
    page = client.get(reverse("imports:create")).content.decode()
    assert 'value="zsm"' in page
    assert f'value="{KIND}"' not in page
    assert "gemeente_terugkeer" not in page
    response = client.post(
        reverse("imports:create"),
        {"kind": KIND, "file": upload(csv_text([row(1)], header=HEADER))},
    )
    assert response.status_code == 200
    assert "Kies" in response.content.decode()
    assert not ImportJob.objects.exists()
    with pytest.raises(PermissionDenied):
        start_import(
            actor=informatiemakelaar,
            kind=KIND,
            upload=upload(csv_text([row(1)], header=HEADER)),
        )
    assert not ImportJob.objects.exists()

    regisseur_page = signed_in(procesregisseur).get(reverse("imports:create")).content.decode()
    assert f'value="{KIND}"' in regisseur_page
    assert "gemeente_terugkeer" in regisseur_page


def test_a_detentiemeldingen_job_does_not_exist_for_the_informatiemakelaar(
    signed_in, informatiemakelaar, procesregisseur, institution, municipality
):
    job = run(procesregisseur, [row(1, bsn="1")])
    client = signed_in(informatiemakelaar)
    for name in ("imports:detail", "imports:progress", "imports:report_csv"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404, name
        missing = client.get(reverse(name, args=[job.pk + 1000]))
        assert missing.status_code == 404
    listing = client.get(reverse("imports:list")).content.decode()
    assert "detentie.csv" not in listing
    regisseur = signed_in(procesregisseur)
    assert regisseur.get(reverse("imports:detail", args=[job.pk])).status_code == 200
    assert "detentie.csv" in regisseur.get(reverse("imports:list")).content.decode()
    assert AccessLogEntry.objects.filter(
        object_type="ImportJob", object_ref=str(job.pk), action="read", user=procesregisseur
    ).exists()


def test_a_job_whose_uploader_lost_the_nazorg_role_is_not_run(
    procesregisseur, institution, municipality
):
    from schakel.imports.engine import run_job

    job = start_import(
        actor=procesregisseur, kind=KIND, upload=upload(csv_text([row(1)], header=HEADER))
    )
    procesregisseur.role_assignments.all().delete()
    job = run_job(job)
    assert job.status == ImportStatus.FAILED
    assert "mag (nu) niet inlezen" in job.failure_reason
    assert not DetentionNotice.objects.exists()


# --- The command --------------------------------------------------------------------------


def test_the_command_imports_detentiemeldingen_for_procesregie_only(
    procesregisseur, informatiemakelaar, institution, municipality, tmp_path
):
    path = tmp_path / "detentiemeldingen-week-48.csv"
    path.write_text(csv_text([row(1), row(2), row(3, bsn="1")], header=HEADER), encoding="utf-8")

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
    assert not ImportJob.objects.exists()

    # Only one procesregisseur in the region: the command finds them itself.
    out = StringIO()
    call_command("importeren", KIND, str(path), "--regio", "zhz", stdout=out)
    assert "Klaar: 2 ingelezen, 1 met fouten, 0 al eerder ingelezen" in out.getvalue()
    assert ImportJob.objects.get().uploaded_by == procesregisseur
    assert DetentionNotice.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_worker_imports_an_uploaded_detentiemeldingen_file(
    signed_in, procesregisseur, institution, municipality
):
    """The task path: the upload page queues, `manage.py db_worker` runs the engine."""
    signed_in(procesregisseur).post(
        reverse("imports:create"),
        {"kind": KIND, "file": upload(csv_text([row(1), row(2, bsn="9")], header=HEADER))},
    )
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.rows_good, job.rows_bad) == (ImportStatus.DONE, 1, 1)
    assert DetentionNotice.objects.get().source_reference == "PI-DOR-00001"
