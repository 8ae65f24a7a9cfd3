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

from schakel.api.scopes import SCOPES as API_SCOPES
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
    "oauth2_provider",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Before django_tasks_db: its `db_worker` command is Schakel's own (schakel.core.worker:
    # heartbeats, and jobs of a worker that died are taken up again).
    "schakel.core",
    "django_tasks",
    "django_tasks_db",
    "schakel.organisations",
    "schakel.accounts",
    "schakel.access",
    "schakel.imports",
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
    "schakel.rights",
    "schakel.retention",
    "schakel.notifications",
    "schakel.home",
    "schakel.api",
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
    # Inside sessions and authentication: the user is read from the primary before a
    # list or report may read from the replica, and a write marks the session.
    "schakel.core.routing.ReplicaRoutingMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After CSRF, authentication and messages: a form sent twice leads to its first result.
    "schakel.core.submissions.SubmissionMiddleware",
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
                "schakel.access.context_processors.break_glass",
            ],
            # {% csrf_token %} also writes the form's one-time submission token; {% url %}
            # reverses a link by ids once per name (schakel.core.reversing); |date keeps
            # each formatted date once written.
            "builtins": [
                "schakel.core.templatetags.submission_tokens",
                "schakel.core.templatetags.addresses",
                "schakel.core.templatetags.dates",
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
# A PostgreSQL streaming replica for the reads of lists and reports (see
# schakel.core.routing); writes, the access log and migrations stay on the primary. As a
# test database it mirrors the primary, so tests see one database under both names.
if env_str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = dj_database_url.config(
        env="DATABASE_REPLICA_URL",
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
        test_options={"MIRROR": "default"},
    )
DATABASE_ROUTERS = ["schakel.core.routing.ReplicaRouter"]
# Behind PgBouncer in transaction mode consecutive transactions of one Django connection
# may run on different server connections, so a cursor held open across them (what
# QuerySet.iterator() uses) would vanish. Prepared statements stay off (Django's default):
# measured at a million cases, PostgreSQL's generic plans for prepared statements made a
# partner's request list ten times slower (2 -> 20 ms in the database) and won only on
# lookups by id; docs/deployment.md.
if env_bool("SCHAKEL_DB_TRANSACTION_POOLING", default=False):
    for _database in DATABASES.values():
        _database["DISABLE_SERVER_SIDE_CURSORS"] = True
# After a write, a session reads from the primary this long, so its user sees what was
# saved even while the replica lags.
SCHAKEL_REPLICA_STICKY_SECONDS = env_int("SCHAKEL_REPLICA_STICKY_SECONDS", default=10)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "schakel.accounts.backends.UserWithOrganisationBackend",
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

# Sessions: idle expiry plus an absolute maximum enforced by SessionLifetimeMiddleware.
# The session is not written on every request: SessionLifetimeMiddleware marks it active
# at most once a minute (schakel.accounts.services.SESSION_TOUCH_INTERVAL), and each such
# write renews its expiry in the session table. An idle session therefore ends 15 minutes
# after its last recorded activity: never later than 15 minutes after the last request,
# at most a minute sooner.
SESSION_IDLE_TIMEOUT = timedelta(minutes=env_int("SCHAKEL_SESSION_IDLE_MINUTES", default=15))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=env_int("SCHAKEL_SESSION_MAX_HOURS", default=12))
SESSION_COOKIE_AGE = int(SESSION_IDLE_TIMEOUT.total_seconds())
SESSION_SAVE_EVERY_REQUEST = False
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
    # The load balancer checks each app server's health over plain http behind TLS.
    SECURE_REDIRECT_EXEMPT = [r"^gezondheid/$"]
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
# How long noodtoegang (break the glass) to a case lasts before it ends by itself.
SCHAKEL_BREAK_GLASS_HOURS = env_int("SCHAKEL_BREAK_GLASS_HOURS", default=24)

# Uploaded import files wait here for the worker (outside static and media: never served)
# and are removed when their import ends.
SCHAKEL_IMPORT_ROOT = env_str("SCHAKEL_IMPORT_ROOT", default=str(BASE_DIR / "var" / "imports"))

# Background work (reminders) runs in `manage.py db_worker`, never in a page view.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A worker that has not shown a sign of life for this many seconds is taken for dead: the
# job it was running goes back to the queue for another worker (schakel.core.worker).
SCHAKEL_WORKER_LEASE_SECONDS = env_int("SCHAKEL_WORKER_LEASE_SECONDS", default=60)

# The partner API (schakel.api): OAuth 2.0 client credentials only, no sessions, errors as
# application/problem+json, lists paginated with links.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["schakel.api.oauth.ApiClientAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["schakel.api.permissions.HasScope"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "schakel.api.renderers.ProblemJSONRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "schakel.api.pagination.LinkedPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "schakel.api.problems.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
# The address partners call; the OpenAPI document names it as its server.
SCHAKEL_API_URL = env_str("SCHAKEL_API_URL", default="https://schakel.zvh.example/api/v1")
SPECTACULAR_SETTINGS = {
    "TITLE": "Schakel partner-API",
    "DESCRIPTION": (
        "De API waarmee systemen van ketenpartners meldingen doen, informatieverzoeken "
        "beantwoorden, casussen lezen waarin hun organisatie deelneemt, de voortgang van "
        "hun acties en interventies melden en hun overleggen zien. Elke koppeling hoort "
        "bij een organisatie en ziet precies wat een ketenpartner van die organisatie "
        "ziet; elke raadpleging staat in het toegangslog."
    ),
    "VERSION": "1.0.0",
    "CONTACT": {
        "name": env_str("SCHAKEL_API_CONTACT_NAME", default="Functioneel beheer Schakel"),
        "email": env_str("SCHAKEL_API_CONTACT_EMAIL", default="functioneel-beheer@zvh.example"),
        "url": env_str("SCHAKEL_API_CONTACT_URL", default=SCHAKEL_API_URL + "/documentatie"),
    },
    "SERVERS": [{"url": SCHAKEL_API_URL, "description": "Schakel"}],
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PUBLIC": True,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "schakel.api.schema.nlgov_conventions",
    ],
    # Served from the project's own static files, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# django-oauth-toolkit's own models, named so that migrations can resolve them.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauth2_provider.RefreshToken"
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"
OAUTH2_PROVIDER = {
    "SCOPES": API_SCOPES,
    "DEFAULT_SCOPES": [],
    "ACCESS_TOKEN_EXPIRE_SECONDS": env_int("SCHAKEL_API_TOKEN_SECONDS", default=3600),
    "OAUTH2_VALIDATOR_CLASS": "schakel.api.oauth.ApiClientValidator",
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    # Client credentials issue no refresh tokens; were one ever replayed, its family goes.
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    # The OAuth 2.0 Security Best Current Practice (RFC 9700) throughout: among others no
    # implicit or password grant, tokens only in the Authorization header, never in a URL.
    **{
        f"COMPLIANT_BCP_RFC9700_{rule}": True
        for rule in (
            "ACCESS_TOKEN_TRANSPORT",
            "AUTHZ_RESPONSE_ISS",
            "IMPLICIT_GRANT",
            "PASSWORD_GRANT",
            "PKCE_METHOD",
            "PKCE_REQUIRED",
            "REDIRECT_URI_MATCHING",
            "REDIRECT_URI_SCHEME",
            "REFRESH_TOKEN",
            "TOKEN_STORAGE",
        )
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SCHAKEL_LOG_LEVEL", default="WARNING")},
}

FORM_RENDERER = "schakel.core.forms.SchakelFormRenderer"
CSRF_FAILURE_VIEW = "schakel.core.views.csrf_failure"
