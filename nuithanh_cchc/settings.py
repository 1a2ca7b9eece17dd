"""Settings for nuithanh_cchc, read from the environment only.

Local defaults need nothing but Python: SQLite and a filesystem Celery broker under
``var/``. Production sets DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY and friends.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from pathlib import Path
from typing import Any

import django_stubs_ext
import environ
from celery.schedules import crontab
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Django's generic classes (ModelAdmin, QuerySet, ...) take type parameters at run
# time too, so annotations such as ``admin.ModelAdmin[Plan]`` can be base classes.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A developer's checkout keeps local overrides in .env (written by `make install`,
# never committed); real environment variables always win over it.
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)


def _local_secret_key() -> str:
    """A key generated once into var/ so that local sessions survive restarts."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _local_secret_key()

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# `make run` serves on $HOST:$PORT (127.0.0.1:8000 by default): links follow it.
SITE_URL = env(
    "SITE_URL",
    default=f"http://{env('HOST', default='127.0.0.1')}:{env('PORT', default='8000')}",
).rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "simple_history",
    "accounts",
    "audiences",
    "channels",
    "campaigns",
    "notifications",
    "planning",
    "workspace",
    "reports",
    "administration",
    "organisation",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The organisation the request works in; every query runs in its scope.
    "organisation.middleware.ActingOrganisationMiddleware",
    # Vietnamese for everyone, or the user's own choice; never the browser's.
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "nuithanh_cchc.urls"
WSGI_APPLICATION = "nuithanh_cchc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.roles",
                "accounts.context_processors.reviews",
                "organisation.context_processors.organisation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
    ),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# A persistent connection is tested before a request reuses it: after a database
# restart each worker reconnects instead of answering one 500 on the dead socket.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Covering indexes (``include=``) serve PostgreSQL; SQLite builds them without
    # their extra columns, which is right for it, so its warning is only noise.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # PostgreSQL's JIT compiles any query its planner costs high, e.g. a plan's
    # GROUP BY over its tasks: measured on the benchmark data it spent 67 ms
    # compiling a 47 ms dashboard query (docs/performance.md). The app's queries
    # are short; JIT only pays off on long analytic ones.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c jit=" + ("on" if env.bool("DATABASE_JIT", False) else "off")
    )
# A read replica for the reports and exports (nuithanh_cchc.replica,
# docs/deploy.md "Growing past one database server"): the same settings as
# the primary's; its test database is the primary's (a mirror).
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **DATABASES["default"],
        **env.db_url("DATABASE_REPLICA_URL"),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["nuithanh_cchc.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# The project's catalogue first (kept by `make messages`), then the Vietnamese of the
# third-party apps that ship none (axes, django-celery-beat, django-filter,
# simple-history) and of Django strings its own Vietnamese catalogue lacks:
# locale/thirdparty is edited by hand, never rewritten by makemessages.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "thirdparty"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
FORMAT_MODULE_PATH = ["nuithanh_cchc.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# Uploaded files (signed plans, evidence) are private: no MEDIA_URL serves them,
# only views that check the user may see the task.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
# Upload limits. UPLOAD_MAX_REQUEST_BYTES must equal nginx's client_max_body_size
# (deploy/nginx/cchc.conf, docs/deploy.md "Upload limits"): one submission of the
# report form carries at most that much, whatever the number of files.
UPLOAD_MAX_REQUEST_BYTES = env.int("UPLOAD_MAX_REQUEST_BYTES", default=25 * 1024 * 1024)
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)
SIGNED_PLAN_MAX_BYTES = env.int("SIGNED_PLAN_MAX_BYTES", default=20 * 1024 * 1024)

# E-mail: EMAIL_URL (smtp://user:pass@host:587/?tls=True) or the usual EMAIL_*.
# While DEBUG, mail lands as files in var/mail/ unless told otherwise.
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env(
        "EMAIL_BACKEND",
        default="django.core.mail.backends.filebased.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend",
    )
    EMAIL_HOST = env("EMAIL_HOST", default="localhost")
    EMAIL_PORT = env.int("EMAIL_PORT", default=25)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
    EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_FILE_PATH = Path(env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail")))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="CCHC <cchc@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The cache holds short-lived counters (password-reset throttling): Redis in
# production so that every gunicorn worker counts against one limit; the
# local-memory default is per process, right for one `make run` process.
CACHE_URL = env("CACHE_URL", default="")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "cchc",
            # A Redis that is down or hung fails a request's cache call within
            # a second (the password-reset throttle then lets it through).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
}

# Celery. The default broker is kombu's filesystem transport under var/: it needs
# no server, so one machine runs web and worker with nothing but Python.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    # A message a worker took but never acknowledged (the worker died) goes back to
    # the queue after this many seconds.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
    }
    # How often a worker looks for such messages (kombu's default: about 100 s).
    if "CELERY_UNACKED_RESTORE_SECONDS" in env:
        CELERY_BROKER_TRANSPORT_OPTIONS |= {
            "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_SECONDS"),
            "unacked_restore_throttle": 1,
        }
CELERY_RESULT_BACKEND = env(
    "CELERY_RESULT_BACKEND", default=f"file://{VAR_DIR / 'celery-results'}"
)
if CELERY_RESULT_BACKEND.startswith("file://"):
    Path(CELERY_RESULT_BACKEND.removeprefix("file://")).mkdir(
        parents=True, exist_ok=True
    )
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 5 * 60
CELERY_TASK_TIME_LIMIT = 6 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "send-due-reminders": {
        "task": "campaigns.tasks.send_due_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
}

# Reminder rules (docs/design.md): days before the due date, overdue cadence,
# escalation.
REMINDER_DAYS_BEFORE = env.list("REMINDER_DAYS_BEFORE", cast=int, default=[7, 3, 1])
REMINDER_OVERDUE_EVERY_DAYS = env.int("REMINDER_OVERDUE_EVERY_DAYS", default=3)
REMINDER_ESCALATE_AFTER_DAYS = env.int("REMINDER_ESCALATE_AFTER_DAYS", default=7)

# Review: on, "done" in every figure means done with a report a planner
# accepted (campaigns.models.counts_as_done); off, the unit's "done" stands.
REPORT_REVIEW_REQUIRED = env.bool("REPORT_REVIEW_REQUIRED", default=True)
# Password-reset requests allowed per address and per client IP each hour.
PASSWORD_RESET_MAX_PER_HOUR = env.int("PASSWORD_RESET_MAX_PER_HOUR", default=5)
# How long a set-password link (reset or invitation) stays valid: 3 days.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 24 * 60 * 60)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

DEMO_PASSWORD = env("DEMO_PASSWORD", default="nuithanh2024")

# The benchmarks' bare authenticated page (benchmarks/floor.py) at /_bench/floor/:
# only the throughput harness turns it on, never a deployment.
BENCHMARK_FLOOR = env.bool("BENCHMARK_FLOOR", default=False)

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Production hardening and operations --------------------------------------------
# Login throttling (django-axes), Content-Security-Policy (django-csp), idle sessions,
# structured logs and the ops app (backup/restore, request and task logs).
# django-axes under a translatable admin name (ops/axes_config.py).
INSTALLED_APPS += ["ops.axes_config.AxesConfig", "csp", "ops"]
MIDDLEWARE.insert(0, "ops.middleware.RequestLogMiddleware")
# A NUL character anywhere in a request is a 400 before anything reads it.
MIDDLEWARE.insert(1, "ops.bad_requests.RejectNulMiddleware")
MIDDLEWARE += [
    "csp.middleware.CSPMiddleware",
    # An admin action on a selection that is not ids is a 400, not a 500.
    "ops.bad_requests.AdminSelectionMiddleware",
    # Axes last: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]
# axes' default, named here so that the code reading it is checked.
AXES_ENABLED = True
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock a user name from one address after AXES_FAILURE_LIMIT failed logins, for
# AXES_COOLOFF_MINUTES, or until an administrator unlocks it. Counting the pair
# (user name, address) means nobody can lock a colleague out from elsewhere, and one
# office behind one NAT address is not locked out as a whole.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_MINUTES = env.int("AXES_COOLOFF_MINUTES", default=30)
AXES_COOLOFF_TIME = dt.timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ops.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "ops.security.client_ip"
AXES_VERBOSE = False
# Behind nginx on the same machine every request comes from 127.0.0.1: trust the
# X-Real-IP header that nginx sets (docs/deploy.md), and only then.
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)

# Idle users are logged out: every request a person makes pushes the expiry forward
# (ops.middleware.IdleSessionMiddleware), so the session ends SESSION_COOKIE_AGE
# seconds after the last click, and when the browser closes. Background polls (the
# notification bell) do not count as activity, else an open tab would never expire;
# that is why SESSION_SAVE_EVERY_REQUEST itself stays off.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_IDLE_IGNORE_PATHS = ["/notifications/bell/", "/healthz"]
SESSION_IDLE_REFRESH_SECONDS = 60
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "ops.middleware.IdleSessionMiddleware",
)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool(
    "SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True
)

# No inline script anywhere. Styles: own files, plus <style> elements that carry the
# per-request nonce (FullCalendar reads it from <meta name="csp-nonce">).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        # One third-party style attribute is allowed by its hash:
        # simple_history's admin history page, `style="border-top: 0"`.
        "style-src": [
            csp.SELF,
            csp.NONCE,
            csp.UNSAFE_HASHES,
            "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",
        ],
        "img-src": [csp.SELF, "data:"],
        # FullCalendar's arrow icons are a font embedded as a data: URI.
        "font-src": [csp.SELF, "data:"],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    },
}

# Logs: one JSON object per line when DEBUG is off (LOG_FORMAT=json|plain).
LOG_FORMAT = env("LOG_FORMAT", default="plain" if DEBUG else "json")
LOGGING["formatters"]["json"] = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(levelname)s %(name)s %(message)s",
    "rename_fields": {"levelname": "level", "name": "logger"},
    "timestamp": "time",
}
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT
# A missed or interrupted morning sweep (broker or beat down at 07:30) is caught up
# within the hour, once the broker is back.
CELERY_BEAT_SCHEDULE["catch-up-reminders"] = {
    "task": "campaigns.tasks.catch_up_reminders",
    "schedule": crontab(hour="8-17", minute=30),
}
# Celery keeps Django's logging instead of installing its own root handler.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Excel import of a plan's activities (planning app): largest file accepted.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
# PAR index self-assessment of the propaganda criterion (yearly report). Completion:
# full points at 100 % of the plan carried out, points x rate from the threshold up,
# nothing below it. Variety: points for each form (online, traditional) with evidence.
PAR_COMPLETION_POINTS = Decimal(env("PAR_COMPLETION_POINTS", default="1"))
PAR_COMPLETION_THRESHOLD = Decimal(env("PAR_COMPLETION_THRESHOLD", default="90"))
PAR_FORM_POINTS = Decimal(env("PAR_FORM_POINTS", default="0.5"))
