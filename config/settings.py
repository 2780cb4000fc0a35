"""Pamong settings: one module, driven by environment variables.

Defaults give a working development setup on SQLite ("check out, `make demo`, it works").
With DEBUG off (the default) the process refuses to start without SECRET_KEY and
ALLOWED_HOSTS, so a forgotten variable can never produce an insecure production server.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "pamong-development-only-not-secret"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY wajib diisi saat DEBUG mati (SECRET_KEY must be set when DEBUG is off).")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS wajib diisi saat DEBUG mati (ALLOWED_HOSTS must be set when DEBUG is off)."
        )

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- The regency this deployment serves -------------------------------------------------
# Kemendagri code of the kabupaten/kota (35.22 = Kabupaten Bojonegoro).
PAMONG_REGION = os.environ.get("PAMONG_REGION", "35.22")
PAMONG_REGENCY_NAME = os.environ.get("PAMONG_REGENCY_NAME", "")  # empty: taken from regions

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "pamong.core",
    "pamong.regions",
    "pamong.agencies",
    "pamong.accounts",
    "pamong.audit",
    "pamong.workdays",
    "pamong.notifications",
    "pamong.complaints",
    "pamong.villages",
    "pamong.letters",
    "pamong.scale",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Turns a database outage inside a view into a friendly 503 (process_exception).
    "pamong.core.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pamong.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pamong.core.context_processors.regency",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
# SQLite file by default; DATABASE_URL (postgres://user:pass@host:5432/name) for PostgreSQL.
SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", BASE_DIR / "var" / "pamong.sqlite3"))
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                # Writers queue behind each other instead of failing with "database is locked":
                # IMMEDIATE takes the write lock at BEGIN, the timeout waits for it.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["pamong.accounts.backends.EmailOrPhoneBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if env_bool("PAMONG_FAST_PASSWORD_HASHER"):
    # Tests only: hashing dominates the suite's run time otherwise.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed sign-ins per identifier (and per IP address) before sign-in is refused for a while.
LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
ONE_TIME_CODE_TTL_MINUTES = int(os.environ.get("ONE_TIME_CODE_TTL_MINUTES", "10"))
ONE_TIME_CODE_MAX_ATTEMPTS = 5

# --- Language and time ------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Jakarta")
USE_TZ = True

# --- Static files -----------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "media/"
# Files nobody may fetch by URL (report attachments, originals with EXIF): served only through
# permission-checked views. Must lie outside MEDIA_ROOT, which DEBUG serves publicly.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
# The public address, for links in notifications (e.g. https://lapor.bojonegorokab.go.id).
PAMONG_SITE_URL = os.environ.get("PAMONG_SITE_URL", "")
# Serve from the finders when nothing was collected (tests, demo without collectstatic).
WHITENOISE_USE_FINDERS = DEBUG or env_bool("WHITENOISE_USE_FINDERS")

# --- Background tasks -------------------------------------------------------------------
# Database-backed queue: no extra service. Run the worker with `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Notifications ----------------------------------------------------------------------
# Gateways per channel, as dotted paths to classes in pamong.notifications.gateways (or yours).
NOTIFICATION_GATEWAYS = {
    "email": os.environ.get("NOTIFY_EMAIL_GATEWAY", "pamong.notifications.gateways.EmailGateway"),
    "sms": os.environ.get("NOTIFY_SMS_GATEWAY", "pamong.notifications.gateways.ConsoleGateway"),
    "whatsapp": os.environ.get("NOTIFY_WHATSAPP_GATEWAY", "pamong.notifications.gateways.ConsoleGateway"),
}
# For pamong.notifications.gateways.HttpGateway: the provider's endpoint and token.
NOTIFY_HTTP_URL = os.environ.get("NOTIFY_HTTP_URL", "")
NOTIFY_HTTP_TOKEN = os.environ.get("NOTIFY_HTTP_TOKEN", "")
NOTIFY_MAX_ATTEMPTS = int(os.environ.get("NOTIFY_MAX_ATTEMPTS", "5"))
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Pamong <noreply@localhost>")

# --- Cache ------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- Security ---------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Reverse proxies (addresses or networks, e.g. "127.0.0.1,10.0.0.0/8") whose X-Forwarded-For
# is believed. Without it the proxy's own address would be every citizen's: the per-address
# sign-in lock and the guest-report limit would then lock everyone together. Empty: the
# connection's address (REMOTE_ADDR) is the client's.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_proxy!r} bukan alamat IP atau jaringan (is not an IP address or network)."
        ) from None
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
    if not SECURE_HSTS_PRELOAD:
        # Preloading binds the whole domain (often a *.go.id parent) to HTTPS in browsers for
        # years; that is the regency's call, so it is opt-in and its reminder is silenced.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
    }
}

# --- Complaints -------------------------------------------------------------------------
# Open311 clients that may submit reports (POST requests), comma-separated keys.
OPEN311_API_KEYS = env_list("OPEN311_API_KEYS")
# Days a reporter has to reply to an answer before the report closes by itself.
COMPLAINTS_REACTION_DAYS = int(os.environ.get("COMPLAINTS_REACTION_DAYS", "10"))
# Reports a guest (not signed in) may send from one address in an hour: each costs a code by SMS.
COMPLAINTS_GUEST_REPORTS_PER_HOUR = int(os.environ.get("COMPLAINTS_GUEST_REPORTS_PER_HOUR", "10"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
