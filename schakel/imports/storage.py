"""Where uploaded import files wait for the worker: a folder of their own, never served.

The files hold personal data straight from a partner's system, so they live outside the
static and media folders, and the engine removes each file when its job ends (the error
report keeps only the trimmed values it needs).
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def import_storage() -> FileSystemStorage:
    # Read at call time, so a test (or a deployment) can point it elsewhere in settings.
    return FileSystemStorage(
        location=settings.SCHAKEL_IMPORT_ROOT,
        directory_permissions_mode=0o700,
        file_permissions_mode=0o600,
    )
