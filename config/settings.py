"""Proeftuin's one settings file, driven by environment variables.

Every value that differs between a laptop and production comes from the environment (or a
`.env` file beside `manage.py`); the defaults are safe for development only, and with DEBUG
off the settings that production must name stop start-up when missing.
"""

from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (a long random string), "
            "or set DEBUG=true for local development."
        )
    SECRET_KEY = "development-only-not-secret"  # noqa: S105 - DEBUG only, see above

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. Name the host names this site answers to, "
            "comma-separated (e.g. ALLOWED_HOSTS=proeftuin.example.be)."
        )
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The address in e-mails and feeds; production must name it, or mails link to localhost.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "")
if not SITE_URL:
    raise ImproperlyConfigured("SITE_URL is not set (e.g. SITE_URL=https://proeftuin.example.be).")

INSTALLED_APPS = [
    "proeftuin.core",
    "proeftuin.accounts",
    "proeftuin.organisations",
    "proeftuin.calls",
    "proeftuin.projects",
    "proeftuin.canvases",
    "proeftuin.participation",
    "proeftuin.reviews",
    "proeftuin.scaling",
    "proeftuin.reports",
    "proeftuin.insights",
    "proeftuin.knowledge",
    "proeftuin.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    # First: every response, error pages included, carries the request id.
    "proeftuin.core.middleware.RequestIdMiddleware",
    # Outside SecurityMiddleware, so its redirects to https carry the header too.
    "proeftuin.core.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Before the host check and everything else (see its docstring).
    "proeftuin.core.middleware.HealthMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "proeftuin.api.middleware.OpenDataMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "proeftuin.core.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After the language and the user (its page is translated) and the headers; nothing
    # reads the body before the views (CSRF reads it in process_view).
    "proeftuin.core.middleware.RequestSizeLimitMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "proeftuin.accounts.middleware.RequireMfaMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite (WAL) by default, PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so concurrent writers wait
    # (busy_timeout) instead of failing half-way with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000; "
        "PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory: tests that start a second process share the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Without it a request waits as long as the operating system lets a connect hang when
    # the database's host is unreachable; with it the visitor gets the 503 page in seconds
    # (libpq's minimum is 2 s). A connect_timeout in DATABASE_URL's query string wins.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=3)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The database cache is shared by every process on every machine, so rate limits hold
# across workers; CACHE_URL=redis://… switches to Redis.
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://proeftuin_cache")}

TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:mine"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "proeftuin.accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "proeftuin.accounts.forms.SignupForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Proeftuin] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("RATE_LIMIT_LOGIN_FAILED", default="10/m/ip,5/5m/key"),
    "signup": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Proeftuin"
# Coordinators and admins must have two-factor authentication in production; the local
# demo may switch it off (make run says so when it starts).
REQUIRE_MFA_FOR_STAFF = env.bool("REQUIRE_MFA_FOR_STAFF", default=not DEBUG)

# Languages: Dutch (Belgium) first, English second. Source strings are Dutch; the English
# catalogue lives in locale/en.
LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if env.str("MEDIA_S3_BUCKET", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("MEDIA_S3_BUCKET"),
            "endpoint_url": env.str("MEDIA_S3_ENDPOINT_URL", default=None),
            "access_key": env.str("MEDIA_S3_ACCESS_KEY", default=None),
            "secret_key": env.str("MEDIA_S3_SECRET_KEY", default=None),
            "region_name": env.str("MEDIA_S3_REGION", default=None),
            "addressing_style": "path",
        },
    }

# E-mail: the console unless EMAIL_URL (smtp://user:pass@host:587, smtp+tls://…) is set.
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Proeftuin <proeftuin@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env.str("EMAIL_URL", default=""):
    _mail = env.email_url("EMAIL_URL")
    _options = (
        {
            "host": _mail["EMAIL_HOST"],
            "port": _mail["EMAIL_PORT"],
            "username": _mail["EMAIL_HOST_USER"],
            "password": _mail["EMAIL_HOST_PASSWORD"],
            "use_tls": _mail.get("EMAIL_USE_TLS", False),
            "use_ssl": _mail.get("EMAIL_USE_SSL", False),
        }
        if _mail["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
        else {}
    )
    MAILERS = {"default": {"BACKEND": _mail["EMAIL_BACKEND"], "OPTIONS": _options}}
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# Security headers. Secure by default; DEBUG relaxes only what plain http needs.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# The language switch's cookie: no script reads it either.
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers check /health over plain http inside the network (core.health).
SECURE_REDIRECT_EXEMPT = [r"^health$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# No inline scripts anywhere: every script is a static file.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Uploads: no request body may be larger than the largest upload (a 20 MB import) with room
# for the form around it; RequestSizeLimitMiddleware refuses it before it is read. Form
# fields without files stay under Django's own 2.5 MB, and uploads above 2.5 MB go to a
# temporary file rather than memory.
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=21 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Logs: each line carries the id of the request that caused it (core.logging); production
# writes JSON lines for the log collector, development plain text.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "proeftuin.core.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "proeftuin.core.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Each task's start and end is noise on the console; failures still show.
        "django.tasks": {"level": env.str("TASKS_LOG_LEVEL", default="WARNING")},
        "django_tasks_db": {"level": env.str("TASKS_LOG_LEVEL", default="WARNING")},
        # WeasyPrint logs every step of every PDF at INFO.
        "weasyprint.progress": {"level": "WARNING"},
    },
}

# Errors go to Sentry when SENTRY_DSN is set; without it the SDK is not even started.
# No personal data leaves: no cookies, headers with credentials, user details or bodies.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        send_default_pii=False,
        # Form fields hold what people write (needs, names): never send request bodies.
        max_request_body_size="never",
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# /health (core.health): more tasks waiting than this, or a worker heartbeat older than
# this (it beats each minute), and the answer is 503.
HEALTH_MAX_READY_TASKS = env.int("HEALTH_MAX_READY_TASKS", default=1000)
HEALTH_MAX_HEARTBEAT_AGE_SECONDS = env.int("HEALTH_MAX_HEARTBEAT_AGE_SECONDS", default=5 * 60)
# The Retry-After of the 503 page a visitor gets while the database cannot be reached.
DATABASE_RETRY_AFTER_SECONDS = env.int("DATABASE_RETRY_AFTER_SECONDS", default=30)
# Each task worker writes its own heartbeat this often (see `core.workers`); a task still
# marked running whose worker has not beaten for WORKER_STALE_SECONDS is run again.
WORKER_HEARTBEAT_SECONDS = env.int("WORKER_HEARTBEAT_SECONDS", default=10)
WORKER_STALE_SECONDS = env.int("WORKER_STALE_SECONDS", default=2 * 60)

# Periodic jobs: how often the scheduler looks for due jobs.
SCHEDULER_TICK_SECONDS = env.int("SCHEDULER_TICK_SECONDS", default=30)

PROEFTUIN_CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="proeftuin@example.be")
PROEFTUIN_DELETED_USER_LABEL = _("verwijderde gebruiker")
