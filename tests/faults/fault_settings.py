"""Settings of the processes the fault tests start (workers, the web server): the test
settings, with e-mail written to files (counted across processes) and a short worker
lease, so a killed worker's job is taken up within seconds."""

import os

from schakel.test_settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ.get("SCHAKEL_FAULT_MAIL_DIR", "/nonexistent")
SCHAKEL_WORKER_LEASE_SECONDS = float(os.environ.get("SCHAKEL_FAULT_LEASE", "2"))  # type: ignore[assignment]
# A new connection per request: a restarted database is used again at once.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
