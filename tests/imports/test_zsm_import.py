"""ZSM meldingen from a CSV file: every bad row reported by line and column, every good
row a melding made by the melding service, nothing twice, nothing half-saved."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from schakel.access.models import AccessLogEntry
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case, CaseParticipant, ParticipationReason, PersonRole
from schakel.imports.models import ImportedRecord, ImportStatus, RowOutcome
from schakel.persons.models import Person
from schakel.referrals.models import Referral, ReferralSource
from schakel.referrals.services import PersonDetails, ReferredPerson, submit_referral
from tests.imports.helpers import BSNS, HEADER, csv_text, good_row, import_now, problems

pytestmark = pytest.mark.django_db


def test_good_rows_become_meldingen_as_the_melding_service_makes_them(
    zsm_region, informatiemakelaar, politie, municipality
):
    rows = [
        good_row(1, bsn=BSNS[0], urgentie="hoog"),
        good_row(2, gemeente="GM0642", organisatie="openbaar  ministerie", geslacht="V"),
    ]
    job = import_now(informatiemakelaar, csv_text(rows))

    assert job.status == ImportStatus.DONE
    assert (job.rows_total, job.rows_done, job.rows_good, job.rows_bad) == (2, 2, 2, 0)
    assert problems(job) == []
    first = Referral.objects.get(case__title="Overlast en zorgen om verwaarlozing", urgency="hoog")
    assert first.source == ReferralSource.ZSM
    assert first.reporting_organisation == politie
    assert first.reported_by == informatiemakelaar
    assert first.received_on == datetime.date(2025, 3, 3)
    case = first.case
    assert case.state == CaseState.AANGEMELD
    assert case.municipality == municipality
    assert case.table is None
    # The police made the melding: they are its melder and read the case, as in the UI.
    assert CaseParticipant.objects.filter(
        case=case, organisation=politie, reason=ParticipationReason.MELDER
    ).exists()
    link = case.case_persons.get()
    assert link.role == PersonRole.HOOFDPERSOON
    person = link.person
    assert (person.first_names, person.name_prefix, person.last_name) == (
        "Fictief",
        "van",
        "Testpersoon1",
    )
    assert (person.bsn, person.birth_date, person.gender) == (
        BSNS[0],
        datetime.date(1990, 5, 17),
        "man",
    )
    assert (person.street_address, person.postal_code, person.city) == (
        "Voorstraat 2",
        "3311 AB",
        "Dordrecht",
    )
    second = Referral.objects.exclude(pk=first.pk).get()
    assert second.reporting_organisation.name == "Openbaar Ministerie"
    assert second.case.municipality.name == "Zwijndrecht"
    assert second.case.case_persons.get().person.gender == "vrouw"
    assert "ZSM-melding" in second.question
    assert set(ImportedRecord.objects.values_list("natural_key", "line")) == {
        ("ZSM-2025-000001", 2),
        ("ZSM-2025-000002", 3),
    }


def test_a_known_person_is_never_linked_automatically(zsm_region, informatiemakelaar, politie):
    """No person oracle: the partner's melding stands on what its file says."""
    existing = submit_referral(
        actor=informatiemakelaar,
        source="veldaanmelding",
        received_on=timezone.localdate(),
        municipality=zsm_region.municipalities.get(name="Dordrecht"),
        kind="persoon",
        title="Eerdere melding",
        description="Eerder gemeld.",
        question="Graag beoordelen.",
        persons=[
            ReferredPerson(
                role=PersonRole.HOOFDPERSOON,
                details=PersonDetails(first_names="Fictief", last_name="Testpersoon1", bsn=BSNS[0]),
            )
        ],
    )
    job = import_now(informatiemakelaar, csv_text([good_row(1, bsn=BSNS[0])]))
    assert job.rows_good == 1
    imported = Referral.objects.exclude(pk=existing.pk).get()
    assert imported.case_id != existing.case_id
    assert Person.objects.filter(bsn=BSNS[0]).count() == 2


def test_every_kind_of_bad_row_is_reported_with_line_and_column(zsm_region, informatiemakelaar):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d-%m-%Y")
    rows = [
        good_row(1),  # line 2
        good_row(2, datum_melding="31-02-2025"),  # 3: no such date
        good_row(3, gemeente="Rotterdam"),  # 4: not a municipality of the region
        good_row(4, bsn="123456789"),  # 5: fails the 11-proef
        good_row(5, achternaam=""),  # 6: required value missing
        good_row(6, aanleiding="x" * 121),  # 7: too long for the case title
        good_row(7, organisatie="Politie Rotterdam"),  # 8: unknown organisation
        good_row(8, organisatie="Reclassering Nederland"),  # 9: no convenant
        good_row(1),  # 10: the reference of line 2 again
        good_row(9, geboortedatum=tomorrow),  # 11: born tomorrow
        good_row(10, postcode="ABCD 12"),  # 12
        good_row(11, geslacht="onzijdig", urgentie="spoed"),  # 13: two problems
        good_row(12, zsm_referentie=""),  # 14: no natural key
        good_row(13),  # 15
    ]
    job = import_now(informatiemakelaar, csv_text(rows))

    assert job.status == ImportStatus.DONE
    assert (job.rows_total, job.rows_good, job.rows_bad, job.rows_skipped) == (14, 2, 12, 0)
    found = {(line, column): message for line, column, message in problems(job)}
    expected = {
        (3, "datum_melding"): "Geen geldige datum",
        (4, "gemeente"): "Onbekende gemeente",
        (5, "bsn"): "11-proef",
        (6, "achternaam"): "Verplichte waarde ontbreekt",
        (7, "aanleiding"): "Te lang: ten hoogste 120 tekens (nu 121)",
        (8, "organisatie"): "Onbekende organisatie",
        (9, "organisatie"): "convenant informatiedeling niet ondertekend",
        (10, "zsm_referentie"): "staat al op regel 2 van dit bestand",
        (11, "geboortedatum"): "in de toekomst",
        (12, "postcode"): "Geen geldige postcode",
        (13, "geslacht"): "Onbekend geslacht",
        (13, "urgentie"): "Onbekende urgentie",
        (14, "zsm_referentie"): "Verplichte waarde ontbreekt",
    }
    assert set(found) == set(expected)
    for key, fragment in expected.items():
        assert fragment in found[key], (key, found[key])
    values = dict(job.row_errors.filter(line__in=[4, 5]).values_list("field", "value"))
    assert values == {"gemeente": "Rotterdam", "bsn": "123456789"}
    # The good rows are kept; a bad row left no case, person or melding behind.
    assert Referral.objects.count() == 2
    assert Case.objects.count() == 2
    assert Person.objects.count() == 2
    assert set(ImportedRecord.objects.values_list("line", flat=True)) == {2, 15}


def test_a_rerun_of_the_same_file_creates_nothing_twice(zsm_region, informatiemakelaar):
    content = csv_text([good_row(1), good_row(2, bsn="1"), good_row(3)])
    first = import_now(informatiemakelaar, content)
    assert (first.rows_good, first.rows_bad) == (2, 1)

    # The bad row corrected, the file offered again.
    second = import_now(informatiemakelaar, csv_text([good_row(1), good_row(2), good_row(3)]))
    assert (second.rows_good, second.rows_bad, second.rows_skipped) == (1, 0, 2)
    skipped = list(second.row_errors.values_list("line", "field", "message", "outcome"))
    assert skipped == [
        (2, "zsm_referentie", "Al eerder ingelezen; overgeslagen.", RowOutcome.SKIPPED),
        (4, "zsm_referentie", "Al eerder ingelezen; overgeslagen.", RowOutcome.SKIPPED),
    ]
    assert Referral.objects.count() == 3

    third = import_now(informatiemakelaar, csv_text([good_row(1), good_row(2), good_row(3)]))
    assert (third.rows_good, third.rows_bad, third.rows_skipped) == (0, 0, 3)
    assert Referral.objects.count() == 3


def test_the_natural_key_is_per_region(zsm_region, informatiemakelaar, other_region):
    from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory

    MunicipalityFactory(region=other_region, name="Den Haag", cbs_code="GM0518")
    OrganisationFactory(region=other_region, name="Politie Dordrecht", domain="straf")
    there = UserFactory(
        organisation=OrganisationFactory(region=other_region, name="ZVH Haaglanden"),
        roles=["informatiemakelaar"],
    )
    import_now(informatiemakelaar, csv_text([good_row(1)]))
    job = import_now(there, csv_text([good_row(1, gemeente="Den Haag")]))
    assert (job.rows_good, job.rows_skipped) == (1, 0)


@pytest.mark.parametrize(
    ("encoding", "delimiter", "newline"),
    [
        ("utf-8", ";", "\r\n"),
        ("utf-8-sig", ";", "\r\n"),
        ("utf-8", ",", "\n"),
        ("utf-8-sig", ",", "\n"),
    ],
)
def test_byte_order_mark_and_delimiter(
    zsm_region, informatiemakelaar, encoding, delimiter, newline
):
    rows = [good_row(1, omschrijving="Overlast, geluid; en zorgen"), good_row(2, voornaam="Zoë")]
    content = csv_text(rows, delimiter=delimiter).replace("\r\n", newline)
    job = import_now(informatiemakelaar, content.encode(encoding))
    assert (job.status, job.rows_good, job.rows_bad) == (ImportStatus.DONE, 2, 0), problems(job)
    assert Referral.objects.filter(description="Overlast, geluid; en zorgen").exists()
    assert Person.objects.filter(first_names="Zoë").exists()


def test_header_names_are_read_loosely_and_in_any_order(zsm_region, informatiemakelaar):
    header = [name.upper().replace("_", " ") for name in reversed(HEADER)]
    row = good_row(1, omschrijving="Overlast")
    values = [row[name] for name in reversed(HEADER)]
    content = ";".join(header) + "\n" + ";".join(values) + "\n"
    job = import_now(informatiemakelaar, content)
    assert (job.rows_good, job.rows_bad) == (1, 0), problems(job)


def test_missing_required_columns_are_named_before_anything_is_read(zsm_region, informatiemakelaar):
    header = [name for name in HEADER if name not in ("gemeente", "achternaam")]
    job = import_now(informatiemakelaar, csv_text([good_row(1)], header=header))
    assert job.status == ImportStatus.FAILED
    assert "Verplichte kolommen ontbreken in de kopregel: achternaam, gemeente" in (
        job.failure_reason
    )
    assert Referral.objects.count() == 0
    assert job.rows_done == 0


def test_an_unknown_column_fails_the_file(zsm_region, informatiemakelaar):
    header = [*HEADER, "geboorte_plaats"]
    job = import_now(informatiemakelaar, csv_text([good_row(1)], header=header))
    assert job.status == ImportStatus.FAILED
    assert "Onbekende kolommen in de kopregel: geboorte_plaats" in job.failure_reason
    assert Referral.objects.count() == 0


def test_a_file_without_header(zsm_region, informatiemakelaar):
    job = import_now(informatiemakelaar, "\r\n  \r\n")
    assert job.status == ImportStatus.FAILED
    assert "Het bestand is leeg" in job.failure_reason


def test_a_header_without_rows_is_done_with_nothing(zsm_region, informatiemakelaar):
    job = import_now(informatiemakelaar, csv_text([]))
    assert (job.status, job.rows_total, job.rows_done) == (ImportStatus.DONE, 0, 0)


def test_a_huge_line_is_reported_and_the_rest_imported(zsm_region, informatiemakelaar):
    content = csv_text([good_row(1), good_row(2, omschrijving="x" * 50_000), good_row(3)])
    job = import_now(informatiemakelaar, content)
    assert job.status == ImportStatus.DONE
    assert (job.rows_good, job.rows_bad) == (2, 1)
    ((line, column, message),) = problems(job)
    assert (line, column) == (3, "")
    assert "te lang" in message
    assert set(ImportedRecord.objects.values_list("line", flat=True)) == {2, 4}


def test_a_file_that_is_not_utf8_fails_before_anything_is_imported(zsm_region, informatiemakelaar):
    content = csv_text([good_row(n) for n in range(1, 4)]).encode("utf-8")
    content += csv_text([good_row(4, voornaam="Zoë")]).split("\r\n", 1)[1].encode("latin-1")
    job = import_now(informatiemakelaar, content)
    assert job.status == ImportStatus.FAILED
    assert "niet in UTF-8" in job.failure_reason
    assert Referral.objects.count() == 0


def test_broken_rows_do_not_stop_the_file(zsm_region, informatiemakelaar):
    good = csv_text([good_row(1)]).split("\r\n")[1]
    content = "\r\n".join(
        [
            ";".join(HEADER),
            good,  # 2
            "ZSM-X;03-03-2025;Politie Dordrecht",  # 3: too few columns
            good.replace("ZSM-2025-000001", "ZSM-2").replace("Voorstraat", "Voor\x00straat"),  # 4
            good.replace("ZSM-2025-000001", "ZSM-3") + ";extra",  # 5: too many columns
            good.replace("ZSM-2025-000001", "ZSM-4") + ";",  # 6: a trailing empty column is fine
            ";;;;",  # 7: an empty row is passed over
            csv_text([good_row(5, zsm_referentie="ZSM-5", omschrijving="Buren\r\nmelden")])
            .split("\r\n", 1)[1]
            .rstrip("\r\n"),  # 8-9: a quoted line break (in the description: kept)
            good.replace("ZSM-2025-000001", "ZSM-6"),  # 10
        ]
    )
    job = import_now(informatiemakelaar, content)
    assert job.status == ImportStatus.DONE
    found = {(line, column) for line, column, _message in problems(job)}
    assert found == {(3, ""), (4, "straat"), (5, "")}
    assert (job.rows_good, job.rows_bad) == (4, 3)
    assert set(ImportedRecord.objects.values_list("natural_key", "line")) == {
        ("ZSM-2025-000001", 2),
        ("ZSM-4", 6),
        ("ZSM-5", 8),
        ("ZSM-6", 10),
    }
    assert Referral.objects.filter(description__contains="Buren\r\nmelden").exists()
    nul = job.row_errors.get(line=4)
    assert "\x00" not in nul.value


def test_each_imported_melding_is_logged_with_its_person(zsm_region, informatiemakelaar):
    job = import_now(informatiemakelaar, csv_text([good_row(1)]))
    referral = Referral.objects.get()
    entry = AccessLogEntry.objects.get(object_type="Referral", object_ref=str(referral.pk))
    assert entry.user == informatiemakelaar
    assert entry.action == "create"
    assert entry.person == referral.case.case_persons.get().person
    assert "Melding van Politie Dordrecht geregistreerd" in entry.detail
    upload = AccessLogEntry.objects.get(object_type="ImportJob", object_ref=str(job.pk))
    assert upload.action == "create"
    assert "zsm.csv" in upload.detail


def test_the_uploaded_file_is_removed_when_the_job_ends(zsm_region, informatiemakelaar):
    from schakel.imports.engine import run_job
    from schakel.imports.services import start_import
    from schakel.imports.storage import import_storage
    from tests.imports.helpers import upload

    job = start_import(actor=informatiemakelaar, kind="zsm", upload=upload(csv_text([good_row(1)])))
    stored = job.stored_name
    assert import_storage().exists(stored)
    job = run_job(job)
    assert job.stored_name == ""
    assert not import_storage().exists(stored)
