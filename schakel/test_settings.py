"""Settings for the test suite: the real settings, with a throwaway key and fast hashing."""

import os
import tempfile

os.environ.setdefault("SCHAKEL_DEBUG", "1")
os.environ.setdefault("SCHAKEL_DEMO", "1")

from schakel.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
# Live-server threads must not keep connections open past a test, or the test database
# cannot be dropped at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Uploaded import files of the tests go to a folder of their own, not the project's.
SCHAKEL_IMPORT_ROOT = tempfile.mkdtemp(prefix="schakel-imports-")
