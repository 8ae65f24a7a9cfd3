"""The import engine: read a CSV file row by row and hand each row to its importer.

A kind of import (ZSM meldingen, detentiemeldingen, police incidents) is an
Importer subclass, written and registered by the domain app that owns what the rows
become (see registry.py); this module knows no domain. The engine does the rest, the
same for every kind:

- The file is streamed, twice: a first pass checks the encoding (UTF-8, with or without
  byte order mark), the delimiter (``;`` or ``,``, read from the header row), the header
  (required columns first, then unknown or doubled ones) and counts the rows, before
  anything is imported; the second pass imports. Nothing holds the whole file, nor a
  list of its rows: memory stays the same for 1,000 or 1,000,000 rows.
- Physical lines longer than MAX_LINE_LENGTH are not read into memory whole: the row is
  reported and the rest of that line skipped.
- Rows go in batches of BATCH_SIZE, one transaction per batch, each row in its own
  savepoint: a bad row is reported with its line and column and never takes a good one
  down with it; the counters on the job move with each committed batch, so the progress
  page shows what is really stored.
- Every row carries a natural key (the source system's own reference), stored with a
  unique constraint: a row imported before is skipped and reported as "al eerder
  ingelezen", so running the same file again creates nothing twice. A row whose
  reference the domain service already knows (refused with code "duplicate", e.g. a
  detentiemelding registered by hand) is skipped the same way.
- Who may import a kind is the importer's ``roles``, within rules.IMPORT_ROLES; the
  uploader is checked again when the job runs.
"""

from __future__ import annotations

import csv
import datetime
import gc
import io
import logging
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.access import rules
from schakel.imports.models import (
    ImportedRecord,
    ImportJob,
    ImportRowError,
    ImportStatus,
    RowOutcome,
)
from schakel.imports.storage import import_storage

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from schakel.accounts.models import User
    from schakel.organisations.models import Region

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# A ZSM row with a long description is a few thousand characters; anything beyond this is
# not a row but a broken file (no line breaks, a binary pasted in).
MAX_LINE_LENGTH = 20_000
MAX_KEY_LENGTH = ImportedRecord._meta.get_field("natural_key").max_length or 100
VALUE_LENGTH = ImportRowError._meta.get_field("value").max_length or 100
DELIMITERS = (";", ",")
DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

T = TypeVar("T")


class ImportFileError(Exception):
    """The file as a whole cannot be read: the job fails with this Dutch message."""


@dataclass(frozen=True)
class Column:
    """A column of an import file, by its Dutch header name."""

    name: str
    description: str | _StrPromise
    # Must be in the header row. Whether a row must fill it is the importer's check.
    required: bool = False


@dataclass(frozen=True)
class FieldError:
    column: str  # "" when the problem is the row as a whole
    message: str
    value: str = ""


@dataclass
class Row:
    """One data row by column name, collecting the Dutch problems its checks find.

    The readers below are what an importer's clean() uses; each returns a usable value
    (or an empty one) and records what is wrong, so one pass reports every problem of
    the row at once, not only the first.
    """

    line: int
    values: Mapping[str, str]
    errors: list[FieldError] = field(default_factory=list)

    def raw(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def error(self, column: str, message: str, value: str | None = None) -> None:
        self.errors.append(
            FieldError(column, message, self.raw(column) if value is None else value)
        )

    def text(
        self,
        column: str,
        *,
        required: bool = False,
        max_length: int | None = None,
        multiline: bool = False,
    ) -> str:
        """Text with its spacing tidied (line breaks kept only where ``multiline``)."""
        value = self.raw(column) if multiline else " ".join(self.raw(column).split())
        if not value:
            if required:
                self.error(column, _("Verplichte waarde ontbreekt."))
            return ""
        if max_length is not None and len(value) > max_length:
            self.error(
                column,
                _("Te lang: ten hoogste %(limit)d tekens (nu %(length)d).")
                % {"limit": max_length, "length": len(value)},
            )
        return value

    def date(
        self, column: str, *, required: bool = False, not_in_future: bool = False
    ) -> datetime.date | None:
        value = self.raw(column)
        if not value:
            if required:
                self.error(column, _("Verplichte datum ontbreekt."))
            return None
        for date_format in DATE_FORMATS:
            try:
                parsed = datetime.datetime.strptime(value, date_format).date()  # noqa: DTZ007
            except ValueError:
                continue
            if not_in_future and parsed > timezone.localdate():
                self.error(column, _("Deze datum ligt in de toekomst."))
            elif parsed.year < 1900:
                self.error(column, _("Deze datum ligt voor 1900."))
            return parsed
        self.error(
            column,
            _("Geen geldige datum: gebruik dd-mm-jjjj of jjjj-mm-dd, bijvoorbeeld 14-03-2025."),
        )
        return None

    def choice(self, column: str, choices: Mapping[str, T], *, default: T, message: str) -> T:
        """A value from a fixed list, matched without regard to case; empty: the default."""
        value = self.raw(column).lower()
        if not value:
            return default
        if value not in choices:
            self.error(column, message)
            return default
        return choices[value]

    def lookup(
        self, column: str, table: Mapping[str, T], *, message: str, required: bool = True
    ) -> T | None:
        """A value from a reference table the importer read once (keys normalised)."""
        value = self.raw(column)
        if not value:
            if required:
                self.error(column, _("Verplichte waarde ontbreekt."))
            return None
        found = table.get(normalise_key(value))
        if found is None:
            self.error(column, message)
        return found


def normalise_key(value: str) -> str:
    """How names in a lookup table are compared: case and spacing do not matter."""
    return " ".join(value.casefold().split())


def header_name(value: str) -> str:
    """How header names are compared: "ZSM referentie", "zsm-referentie" and
    "zsm_referentie" are the same column."""
    return re.sub(r"[\s\-]+", "_", value.strip().casefold())


class Importer(ABC, Generic[T]):
    """One kind of import: its columns, the check of one row, and the save of one row.

    Subclasses are written by the domain app that owns the result and registered with
    schakel.imports.registry.register. clean() reads a Row with the Row readers and returns
    the cleaned value (ignored when the row collected errors); save() stores one good row
    through the domain's own service, as the screens would, and returns what it made.
    A ValidationError from save() becomes the row's errors, on the columns that
    ``service_fields`` maps the service's field names to.
    """

    kind: ClassVar[str]
    label: ClassVar[str | _StrPromise]
    columns: ClassVar[tuple[Column, ...]]
    # The column with the source system's own reference of the row: its natural key.
    key_column: ClassVar[str]
    service_fields: ClassVar[Mapping[str, str]] = {}
    # Who may import this kind, besides being of rules.IMPORT_ROLES (the import pages): a
    # tuple from schakel.access.rules, the roles the domain service behind save() admits.
    roles: ClassVar[Sequence[str]] = rules.IMPORT_ROLES
    # The upload page lists the importer classes with their columns: a template would
    # otherwise call the class (and get nothing, as it needs an actor and a region).
    do_not_call_in_templates: ClassVar[bool] = True

    def __init__(self, *, actor: User, region: Region) -> None:
        self.actor = actor
        self.region = region

    @classmethod
    def may_use(cls, user: User) -> bool:
        """Whether the user may offer a file of this kind and read its reports."""
        return (
            user.is_authenticated
            and user.is_active
            and rules.may_import(user)
            and user.has_role(*cls.roles)
        )

    @abstractmethod
    def clean(self, row: Row) -> T | None: ...

    @abstractmethod
    def save(self, value: T) -> models.Model: ...

    @classmethod
    def column_names(cls) -> list[str]:
        return [column.name for column in cls.columns]

    def refusal_errors(self, error: ValidationError) -> list[FieldError]:
        """A service's refusal, placed on the columns it concerns."""
        if not hasattr(error, "error_dict"):
            return [FieldError("", message) for message in error.messages]
        return [
            FieldError(self.service_fields.get(name, ""), message)
            for name, messages in error.message_dict.items()
            for message in messages
        ]


# --- Reading the file --------------------------------------------------------------------


class LimitedLines:
    """The physical lines of a text file, each read with a length limit.

    A longer line is never held whole: the rest of it is skipped, an empty line is
    handed on instead, and its number is remembered in ``overlong`` for the engine to
    report. Line endings are \\n, \\r\\n or \\r (the file is opened with newline="").
    """

    def __init__(self, text: IO[str], limit: int = MAX_LINE_LENGTH) -> None:
        self.text = text
        self.limit = limit
        self.number = 0
        self.overlong: int | None = None

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self.text.readline(self.limit + 1)
        if not line:
            raise StopIteration
        self.number += 1
        if len(line) > self.limit and not line.endswith(("\n", "\r")):
            while line and not line.endswith(("\n", "\r")):
                line = self.text.readline(self.limit)
            self.overlong = self.number
            return "\n"
        return line


@dataclass(frozen=True)
class Header:
    columns: list[str]
    delimiter: str


def _open_text(binary: IO[bytes]) -> IO[str]:
    # utf-8-sig reads a file with and without byte order mark alike.
    return io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")


def _not_utf8(line: int) -> ImportFileError:
    return ImportFileError(
        _(
            "Het bestand is niet in UTF-8 opgeslagen (fout rond regel %(line)d). Sla het op "
            "als ‘CSV UTF-8’ en lees het opnieuw in."
        )
        % {"line": line}
    )


def read_header(lines: LimitedLines, importer: type[Importer[Any]]) -> Header:
    """The header row, checked against the importer's columns; ImportFileError if unusable."""
    first = ""
    for line in lines:
        if line.strip():
            first = line
            break
    if lines.overlong is not None:
        raise ImportFileError(_("De kopregel is te lang; is dit wel een CSV-bestand?"))
    if not first.strip():
        raise ImportFileError(_("Het bestand is leeg: er staat geen kopregel met kolomnamen in."))
    counts = {delimiter: first.count(delimiter) for delimiter in DELIMITERS}
    delimiter = max(DELIMITERS, key=lambda d: counts[d])
    try:
        names = next(csv.reader([first], delimiter=delimiter))
    except csv.Error as error:
        raise ImportFileError(_("De kopregel is niet te lezen.")) from error
    columns = [header_name(name) for name in names]
    known = importer.column_names()
    required = [c.name for c in importer.columns if c.required]
    missing = [name for name in required if name not in columns]
    if missing:
        raise ImportFileError(
            _(
                "Verplichte kolommen ontbreken in de kopregel: %(missing)s. De kopregel moet "
                "de kolommen %(required)s bevatten, gescheiden door een puntkomma of komma."
            )
            % {"missing": ", ".join(missing), "required": ", ".join(required)}
        )
    unknown = [name for name in columns if name and name not in known]
    if unknown:
        raise ImportFileError(
            _("Onbekende kolommen in de kopregel: %(unknown)s. Bekende kolommen zijn: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(known)}
        )
    doubled = sorted({name for name in columns if name and columns.count(name) > 1})
    if doubled:
        raise ImportFileError(
            _("Deze kolommen staan meer dan eens in de kopregel: %(doubled)s.")
            % {"doubled": ", ".join(doubled)}
        )
    return Header(columns=columns, delimiter=delimiter)


@dataclass
class Record:
    """One data row as read, before any check: its first line and its fields."""

    line: int
    fields: list[str]
    problem: str = ""


def records(lines: LimitedLines, header: Header) -> Iterator[Record]:
    """The data rows after the header, blank rows left out."""
    reader = csv.reader(lines, delimiter=header.delimiter)
    while True:
        start = lines.number + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield Record(
                start,
                [],
                _("Deze regel is geen geldige CSV (controleer de aanhalingstekens)."),
            )
            continue
        if lines.overlong is not None:
            lines.overlong = None
            yield Record(
                start,
                [],
                _("Deze regel is te lang: ten hoogste %(limit)d tekens.")
                % {"limit": MAX_LINE_LENGTH},
            )
            continue
        if not any(value.strip() for value in fields):
            continue
        yield Record(start, fields)


def count_rows(lines: LimitedLines, header: Header) -> int:
    """The first pass: how many data rows, and whether the whole file is UTF-8."""
    total = 0
    try:
        for _record in records(lines, header):
            total += 1
    except UnicodeDecodeError as error:
        raise _not_utf8(lines.number + 1) from error
    return total


# --- Running a job -----------------------------------------------------------------------


@dataclass
class BatchResult:
    good: int = 0
    bad: int = 0
    skipped: int = 0
    errors: list[ImportRowError] = field(default_factory=list)


class JobRun:
    """The second pass over one job's file: check, save, report, count."""

    def __init__(self, job: ImportJob, importer: Importer[Any], header: Header) -> None:
        self.job = job
        self.importer = importer
        self.header = header
        self.key_column = importer.key_column

    def _row(self, record: Record) -> Row | FieldError:
        fields = record.fields
        width = len(self.header.columns)
        if len(fields) > width and any(value.strip() for value in fields[width:]):
            return FieldError(
                "",
                _(
                    "Deze regel heeft %(found)d kolommen, de kopregel %(expected)d. Controleer "
                    "het scheidingsteken en de aanhalingstekens."
                )
                % {"found": len(fields), "expected": width},
            )
        if len(fields) < width:
            return FieldError(
                "",
                _("Deze regel heeft %(found)d kolommen, de kopregel %(expected)d.")
                % {"found": len(fields), "expected": width},
            )
        return Row(
            line=record.line,
            values={
                name: value
                for name, value in zip(self.header.columns, fields, strict=False)
                if name
            },
        )

    def _check(self, record: Record) -> tuple[str, object, list[FieldError]]:
        """The row's natural key (empty when unreadable), its cleaned value, its problems."""
        if record.problem:
            return "", None, [FieldError("", record.problem)]
        row = self._row(record)
        if isinstance(row, FieldError):
            return "", None, [row]
        for column, value in row.values.items():
            if CONTROL_CHARACTERS.search(value):
                row.error(
                    column,
                    _("Bevat onzichtbare stuurtekens (zoals een nul-teken)."),
                    CONTROL_CHARACTERS.sub("", value),
                )
        if row.errors:
            return "", None, row.errors
        key = row.text(self.key_column, required=True, max_length=MAX_KEY_LENGTH)
        if row.errors:
            return "", None, row.errors
        cleaned = self.importer.clean(row)
        return key, cleaned, row.errors

    def _report(
        self, result: BatchResult, line: int, problems: Sequence[FieldError], outcome: str
    ) -> None:
        for problem in problems:
            result.errors.append(
                ImportRowError(
                    job=self.job,
                    line=line,
                    field=problem.column[:60],
                    message=problem.message[:300],
                    value=problem.value[:VALUE_LENGTH],
                    outcome=outcome,
                )
            )

    def run_batch(self, batch: list[Record]) -> BatchResult:
        result = BatchResult()
        checked = [(record, *self._check(record)) for record in batch]
        known = {
            natural_key: (job_id, line)
            for natural_key, job_id, line in ImportedRecord.objects.filter(
                kind=self.job.kind,
                region_id=self.job.region_id,
                natural_key__in=[key for _record, key, _value, _problems in checked if key],
            ).values_list("natural_key", "job_id", "line")
        }
        with transaction.atomic():
            for record, key, value, problems in checked:
                # A row imported before is skipped whatever it holds now: it made its
                # melding then, and is not checked against today's reference lists.
                if key in known:
                    self._already_there(result, record.line, key, *known[key])
                    continue
                if problems:
                    result.bad += 1
                    self._report(result, record.line, problems, RowOutcome.ERROR)
                    continue
                try:
                    with transaction.atomic():
                        made = self.importer.save(value)
                        ImportedRecord.objects.create(
                            kind=self.job.kind,
                            region_id=self.job.region_id,
                            natural_key=key,
                            job=self.job,
                            line=record.line,
                            object_type=type(made).__name__,
                            object_ref=str(made.pk),
                        )
                except ValidationError as error:
                    if _is_duplicate(error):
                        # The service knows the reference already (registered by hand, or
                        # imported before the engine kept its records): not an error.
                        result.skipped += 1
                        self._report(
                            result,
                            record.line,
                            [
                                FieldError(
                                    self.key_column,
                                    _("Al eerder ingelezen; overgeslagen."),
                                    key,
                                )
                            ],
                            RowOutcome.SKIPPED,
                        )
                        continue
                    result.bad += 1
                    self._report(
                        result, record.line, self.importer.refusal_errors(error), RowOutcome.ERROR
                    )
                    continue
                except IntegrityError:
                    # Another job imported the same key between our look-up and our save.
                    result.skipped += 1
                    self._report(
                        result,
                        record.line,
                        [FieldError(self.key_column, _("Al eerder ingelezen; overgeslagen."), key)],
                        RowOutcome.SKIPPED,
                    )
                    continue
                known[key] = (self.job.pk, record.line)
                result.good += 1
            ImportRowError.objects.bulk_create(result.errors)
            ImportJob.objects.filter(pk=self.job.pk).update(
                rows_done=F("rows_done") + len(batch),
                rows_good=F("rows_good") + result.good,
                rows_bad=F("rows_bad") + result.bad,
                rows_skipped=F("rows_skipped") + result.skipped,
            )
        return result

    def _already_there(
        self, result: BatchResult, line: int, key: str, job_id: int | None, first_line: int
    ) -> None:
        if job_id == self.job.pk:
            # The same reference twice in this file: the first one stands, this one is an error.
            result.bad += 1
            message = _(
                "Deze %(column)s staat al op regel %(line)d van dit bestand; de regel is niet ingelezen."
            ) % {"column": self.key_column, "line": first_line}
            self._report(
                result, line, [FieldError(self.key_column, message, key)], RowOutcome.ERROR
            )
            return
        result.skipped += 1
        self._report(
            result,
            line,
            [FieldError(self.key_column, _("Al eerder ingelezen; overgeslagen."), key)],
            RowOutcome.SKIPPED,
        )


def _is_duplicate(error: ValidationError) -> bool:
    """A refusal only because the row's reference is known: the domain services say so
    with the code "duplicate" (their unique reference per region)."""
    parts = (
        [part for parts in error.error_dict.values() for part in parts]
        if hasattr(error, "error_dict")
        else error.error_list
    )
    return bool(parts) and all(part.code == "duplicate" for part in parts)


ProgressCallback = Callable[[ImportJob], None]


def _open(job: ImportJob) -> LimitedLines:
    return LimitedLines(_open_text(import_storage().open(job.stored_name, "rb")))


BROKEN_OFF = gettext_lazy(
    "Het inlezen is onverwacht afgebroken. Wat tot dan toe is ingelezen blijft "
    "bewaard; lees het bestand opnieuw in om de rest in te lezen (eerder "
    "ingelezen regels worden overgeslagen)."
)


def end_broken_off_job(job: ImportJob) -> bool:
    """A job left running by a worker that died mid-import: end it as broken off, so its
    uploader sees why and may upload the file again. Returns whether it was running."""
    if job.status != ImportStatus.RUNNING:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        _finish(job, ImportStatus.FAILED, str(BROKEN_OFF))
    return True


def _finish(job: ImportJob, status: str, reason: str = "") -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=status, failure_reason=reason, finished_at=timezone.now(), stored_name=""
    )
    if job.stored_name:
        import_storage().delete(job.stored_name)
    job.refresh_from_db()


def run_job(job: ImportJob, *, progress: ProgressCallback | None = None) -> ImportJob:
    """Import a queued job's file; returns the job as it ended (done or failed).

    Safe to call twice: only a queued job is taken up, so a task that is run again does
    nothing. The uploaded file is removed when the job ends, whichever way.
    """
    from schakel.imports.registry import importer_for

    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now()
    )
    job.refresh_from_db()
    if not claimed:
        return job
    with translation.override(settings.LANGUAGE_CODE):
        try:
            importer_class = importer_for(job.kind)
            if importer_class is None:
                raise ImportFileError(_("Deze soort import bestaat niet (meer)."))
            actor = job.uploaded_by
            if not importer_class.may_use(actor) or actor.region_id != job.region_id:
                raise ImportFileError(
                    _("De aanbieder van dit bestand mag (nu) niet inlezen in deze regio.")
                )
            survey = _open(job)
            try:
                header = read_header(survey, importer_class)
                total = count_rows(survey, header)
            except UnicodeDecodeError as error:
                raise _not_utf8(survey.number + 1) from error
            finally:
                survey.text.close()
            ImportJob.objects.filter(pk=job.pk).update(rows_total=total)
            job.rows_total = total
            if progress is not None:
                progress(job)
            run = JobRun(job, importer_class(actor=actor, region=job.region), header)
            lines = _open(job)
            try:
                read_header(lines, importer_class)
                batch: list[Record] = []
                for record in records(lines, header):
                    batch.append(record)
                    if len(batch) >= BATCH_SIZE:
                        _run_batch(run, batch, progress)
                        batch = []
                if batch:
                    _run_batch(run, batch, progress)
            finally:
                lines.text.close()
        except ImportFileError as error:
            _finish(job, ImportStatus.FAILED, str(error))
            return job
        except Exception:
            logger.exception("Import %s broke off", job.pk)
            _finish(job, ImportStatus.FAILED, str(BROKEN_OFF))
            raise
        _finish(job, ImportStatus.DONE)
    return job


def _run_batch(run: JobRun, batch: list[Record], progress: ProgressCallback | None) -> None:
    run.run_batch(batch)
    # A row leaves reference cycles behind (model instances, refused services' errors);
    # Python frees those only at its occasional full collection, so without this the
    # garbage of a long file piles up between two of them.
    gc.collect()
    if progress is not None:
        run.job.refresh_from_db()
        progress(run.job)
