"""Writes of the imports: offering a file. Reading it is the engine's, in the background."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from schakel.access import rules
from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import require_role
from schakel.accounts.typing import organisation_of
from schakel.imports.models import ImportJob
from schakel.imports.registry import importer_for, label_of
from schakel.imports.storage import import_storage

if TYPE_CHECKING:
    from django.core.files import File

    from schakel.accounts.models import User

# A year of ZSM meldingen of a large region is a few megabytes; this leaves room for
# police incidents without letting one upload fill the disk.
MAX_FILE_SIZE = 200 * 1024 * 1024
MAX_NAME_LENGTH = ImportJob._meta.get_field("original_name").max_length or 255


def check_upload(*, name: str, size: int) -> dict[str, list[str]]:
    """What is wrong with an offered file before it is stored (shared with the form)."""
    errors: dict[str, list[str]] = {}
    if size == 0:
        errors["file"] = [_("Het bestand is leeg.")]
    elif size > MAX_FILE_SIZE:
        errors["file"] = [
            _("Het bestand is te groot: ten hoogste %(mb)d MB.") % {"mb": MAX_FILE_SIZE // 2**20}
        ]
    elif not name.lower().endswith((".csv", ".txt")):
        errors["file"] = [_("Kies een CSV-bestand (.csv).")]
    return errors


@transaction.atomic
def start_import(*, actor: User, kind: str, upload: File[bytes]) -> ImportJob:
    """Store an offered file and queue its import for the background worker.

    The job and its task are written in one transaction: both or neither. Raises
    PermissionDenied for a role that may not import, ValidationError (Dutch, per field)
    for an unknown kind or an unusable file.
    """
    from schakel.imports.tasks import run_import

    require_role(actor, *rules.IMPORT_ROLES)
    organisation = organisation_of(actor)
    name = (upload.name or "").rsplit("/", 1)[-1][:MAX_NAME_LENGTH]
    errors = check_upload(name=name, size=upload.size or 0)
    importer = importer_for(kind)
    if importer is None:
        errors["kind"] = [_("Kies een soort import uit de lijst.")]
    elif not importer.may_use(actor):
        raise PermissionDenied(
            _("U mag bestanden van de soort %(kind)s niet inlezen.") % {"kind": importer.label}
        )
    if errors:
        raise ValidationError(errors)

    # A name of our own: the uploaded name is the partner's, and may be anything.
    stored_name = import_storage().save(f"{kind}-{uuid.uuid4().hex}.csv", upload)
    try:
        job = ImportJob.objects.create(
            kind=kind,
            region_id=organisation.region_id,
            uploaded_by=actor,
            original_name=name,
            stored_name=stored_name,
            file_size=upload.size or 0,
        )
        # In the same transaction as the job (the database task backend): both or neither.
        run_import.enqueue(job.pk)
        record_access(
            actor=actor,
            action=AccessAction.CREATE,
            obj=job,
            purpose=_("Bulkimport"),
            detail=_("Bestand aangeboden voor import %(kind)s: %(name)s")
            % {"kind": label_of(kind), "name": name},
        )
    except BaseException:
        import_storage().delete(stored_name)
        raise
    return job
