"""Settings for Schakel.

Everything that differs between a laptop demo and production comes from the
environment: SCHAKEL_DEBUG, SCHAKEL_DEMO, SCHAKEL_HTTPS, SCHAKEL_SECRET_KEY,
SCHAKEL_ALLOWED_HOSTS and DATABASE_URL. Without DATABASE_URL Schakel runs on an
embedded SQLite database.

The demo (`make run`) runs like production, DEBUG off, so a newcomer sees the pages a
user sees (Schakel's own 404, not Django's debug page). Only demo mode differs: the
documented demo TOTP key, and plain http on 127.0.0.1, so no Secure-only cookies.
"""

import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from schakel.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("SCHAKEL_DEBUG", default=False)
# Demo mode allows the fixed, documented demo TOTP secret. Never on in production.
DEMO_MODE = env_bool("SCHAKEL_DEMO", default=DEBUG)

SECRET_KEY = env_str("SCHAKEL_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SCHAKEL_SECRET_KEY must be set when SCHAKEL_DEBUG is off.")
    SECRET_KEY = "schakel-development-only-key-not-for-production-use-0123456789"

ALLOWED_HOSTS = env_list("SCHAKEL_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_htmx",
    "rest_framework",
    "django_tasks",
    "django_tasks_db",
    "schakel.core",
    "schakel.organisations",
    "schakel.accounts",
    "schakel.access",
    "schakel.persons",
    "schakel.incidents",
    "schakel.tables",
    "schakel.cases",
    "schakel.referrals",
    "schakel.inquiries",
    "schakel.triage",
    "schakel.meetings",
    "schakel.plans",
    "schakel.followup",
    "schakel.closure",
    "schakel.nazorg",
    "schakel.transfers",
    "schakel.reports",
    "schakel.notifications",
    "schakel.home",
]

MIDDLEWARE = [
    # First, so that every log row written while handling the request, by any later
    # middleware or view, carries the client's address (see schakel.access.client).
    "schakel.access.client.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files straight after security headers: no session, no database, long caching.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "schakel.accounts.middleware.SessionLifetimeMiddleware",
    "schakel.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "schakel.core.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so that it sees the final status and only requests that reached a view.
    "schakel.access.middleware.RefusedAccessMiddleware",
]

ROOT_URLCONF = "schakel.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "schakel" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "schakel.home.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "schakel.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("SCHAKEL_DB_CONN_MAX_AGE", default=60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo serve readers while it writes; IMMEDIATE avoids lock upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=wal; PRAGMA synchronous=normal;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:worklist"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions: idle expiry (every request renews the cookie) plus an absolute maximum
# enforced by SessionLifetimeMiddleware.
SESSION_IDLE_TIMEOUT = timedelta(minutes=env_int("SCHAKEL_SESSION_IDLE_MINUTES", default=15))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=env_int("SCHAKEL_SESSION_MAX_HOURS", default=12))
SESSION_COOKIE_AGE = int(SESSION_IDLE_TIMEOUT.total_seconds())
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The CSRF token lives in the session so the cookie cannot be read by scripts at all.
CSRF_USE_SESSIONS = True

AXES_FAILURE_LIMIT = env_int("SCHAKEL_LOCKOUT_FAILURES", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SCHAKEL_LOCKOUT_MINUTES", default=30))
# Lock the combination of account and address: wrong passwords typed at one office do not
# lock colleagues behind the same address out, and someone guessing from elsewhere does
# not lock the real user out. Guessing from many addresses still meets the second factor.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "schakel.accounts.network.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "schakel.accounts.views.locked_out"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Schakel"

# How many reverse proxies of our own stand in front of Schakel. Only then is
# X-Forwarded-For believed, and only the entries those proxies added (see
# schakel.accounts.network). 0: the connection address is the client.
TRUSTED_PROXY_COUNT = env_int("SCHAKEL_TRUSTED_PROXY_COUNT", default=0)

# Behind TLS (production) cookies are Secure-only and http is redirected. The demo and
# development serve plain http on 127.0.0.1, where Secure cookies would never come back.
SERVED_OVER_HTTPS = env_bool("SCHAKEL_HTTPS", default=not (DEBUG or DEMO_MODE))
if SERVED_OVER_HTTPS:
    SESSION_COOKIE_NAME = "__Host-schakel-sessie"
    CSRF_COOKIE_NAME = "__Host-schakel-csrf"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SCHAKEL_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SCHAKEL_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# Dutch for everyone. The strings are marked for translation, so English can follow by
# adding a catalogue and LocaleMiddleware; until then a browser asking for English must
# not get half-English pages (Django's own dates and messages) mixed with Dutch ones.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "schakel" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Production serves what `collectstatic` put in STATIC_ROOT; the demo and development
# serve straight from the source folders, so there is no copy to go stale.
WHITENOISE_USE_FINDERS = DEBUG or DEMO_MODE
if WHITENOISE_USE_FINDERS:
    # Served from the sources, so an absent collectstatic folder is expected, not a fault.
    warnings.filterwarnings("ignore", message="No directory at: ", category=UserWarning)
STATICFILES_DIRS = [
    BASE_DIR / "schakel" / "static",
    ("vendor/utrecht", BASE_DIR / "node_modules" / "@utrecht" / "component-library-css" / "dist"),
    ("vendor/utrecht-tokens", BASE_DIR / "node_modules" / "@utrecht" / "design-tokens" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]

EMAIL_BACKEND = env_str(
    "SCHAKEL_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("SCHAKEL_FROM_EMAIL", default="schakel@zvh.example")
# The address links in e-mails point at (e-mails are sent by the worker, outside a request).
# Reports show every count below this as "minder dan N" (PRODUCT.md section 14).
SCHAKEL_REPORT_THRESHOLD = env_int("SCHAKEL_REPORT_THRESHOLD", default=5)
SCHAKEL_BASE_URL = env_str("SCHAKEL_BASE_URL", default="http://127.0.0.1:8000")

# Background work (reminders) runs in `manage.py db_worker`, never in a page view.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SCHAKEL_LOG_LEVEL", default="WARNING")},
}

FORM_RENDERER = "schakel.core.forms.SchakelFormRenderer"
CSRF_FAILURE_VIEW = "schakel.core.views.csrf_failure"
