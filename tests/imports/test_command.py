"""`manage.py importeren`: the same import from the command line, with its progress."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from schakel.imports.models import ImportJob, ImportStatus
from schakel.referrals.models import Referral
from tests.imports.helpers import csv_text, good_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def zsm_file(tmp_path):
    path = tmp_path / "zsm-week-10.csv"
    path.write_text(csv_text([good_row(1), good_row(2), good_row(3, bsn="1")]), encoding="utf-8")
    return path


def test_the_command_imports_and_shows_progress(zsm_region, informatiemakelaar, zsm_file):
    out = StringIO()
    call_command(
        "importeren",
        "zsm",
        str(zsm_file),
        "--regio",
        "zhz",
        "--gebruiker",
        informatiemakelaar.username,
        stdout=out,
    )
    output = out.getvalue()
    assert "3/3 regels: 2 ingelezen, 1 met fouten, 0 overgeslagen" in output
    assert "Klaar: 2 ingelezen, 1 met fouten, 0 al eerder ingelezen" in output
    job = ImportJob.objects.get()
    assert (job.status, job.uploaded_by, job.original_name) == (
        ImportStatus.DONE,
        informatiemakelaar,
        "zsm-week-10.csv",
    )
    assert Referral.objects.count() == 2

    again = StringIO()
    call_command("importeren", "zsm", str(zsm_file), "--regio", "Zuid-Holland Zuid", stdout=again)
    assert "Klaar: 0 ingelezen, 1 met fouten, 2 al eerder ingelezen" in again.getvalue()
    assert Referral.objects.count() == 2


def test_the_command_refuses_what_it_cannot_do(
    zsm_region, informatiemakelaar, procesregisseur, partner_user, zsm_file, tmp_path
):
    def run(*args):
        call_command("importeren", *args, stdout=StringIO())

    with pytest.raises(CommandError, match="Onbekende soort import"):
        run("detentie", str(zsm_file), "--regio", "zhz")
    with pytest.raises(CommandError, match="Onbekende regio"):
        run("zsm", str(zsm_file), "--regio", "Atlantis")
    with pytest.raises(CommandError, match="Bestand niet gevonden"):
        run("zsm", str(tmp_path / "weg.csv"), "--regio", "zhz")
    # Two people of the region may import: say who.
    with pytest.raises(CommandError, match="Geef met --gebruiker"):
        run("zsm", str(zsm_file), "--regio", "zhz")
    with pytest.raises(CommandError, match="mag niet inlezen"):
        run("zsm", str(zsm_file), "--regio", "zhz", "--gebruiker", partner_user.username)
    assert ImportJob.objects.count() == 0

    broken = tmp_path / "kapot.csv"
    broken.write_text("naam;adres\nA;B\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Verplichte kolommen ontbreken"):
        run("zsm", str(broken), "--regio", "zhz", "--gebruiker", procesregisseur.username)
    assert ImportJob.objects.get().status == ImportStatus.FAILED
