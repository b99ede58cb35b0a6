"""Settings for Löfteskollen, read from environment variables.

Local runs need nothing: SQLite and a development key (with DEBUG=true). Production sets
SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; without a real secret key it refuses to start.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


DEBUG = env_bool("DEBUG")

_DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-never-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "") or (_DEVELOPMENT_SECRET_KEY if DEBUG else "")


def secret_key_problem(secret_key: str, debug: bool) -> str:
    """Why ``secret_key`` is unfit for production, or "" when it is fit (or DEBUG is on).

    The app refuses to serve with such a key (config/wsgi.py) and `check --deploy` fails, while
    commands that never sign anything (check, makemigrations, migrate) still run without one.
    """
    if debug:
        return ""
    if not secret_key:
        return (
            "SECRET_KEY is not set. Production needs a long random secret key "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'); "
            "for a local run set DEBUG=true."
        )
    if secret_key.startswith("django-insecure") or len(secret_key) < 32:
        return "SECRET_KEY is too weak for production: use at least 32 random characters."
    return ""


ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "promises",
    "followup",
    "situation",
    "notifications",
    "accounts",
    "public",
    "demo",
    "onboarding",
    "identity",
    "imports",
    "config.apps.ProjectConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early, so that a lost database connection anywhere below answers a Swedish 503.
    "config.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.SlidingSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.PrivateForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the Swedish lockout page.
    "axes.middleware.AxesMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "promises.context_processors.roles",
            ],
        },
    },
]

# Health checks make a persistent connection that died with a PostgreSQL restart be replaced at
# the next request instead of failing it: the app recovers by itself.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}

# Prepared statements on PostgreSQL (psycopg 3): the parameters go to the server apart from the
# query, and a query a connection has sent DATABASE_PREPARE_THRESHOLD times is parsed and planned
# once for that connection instead of at every request. With a connection kept between requests
# (CONN_MAX_AGE) PostgreSQL's CPU per signed-in page halves (docs/deployment.md).
# DATABASE_PREPARED_STATEMENTS=false turns it off for a pooler that cannot keep prepared
# statements (PgBouncer in transaction mode before version 1.21).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_PREPARED_STATEMENTS", True
):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True,
        prepare_threshold=env_int("DATABASE_PREPARE_THRESHOLD", 5),
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# "public_pages": each app server process keeps the public pages it rendered for visitors under
# their ETag (public/views.py), which changes with every change of what a page shows, so nothing
# kept is ever out of date and nothing needs to be shared between servers. At most
# PUBLIC_PAGE_CACHE_ENTRIES pages (~80 KB each at most) per process; 0 turns it off.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "public_pages": (
        {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "public-pages",
            "TIMEOUT": 60 * 60,
            "OPTIONS": {"MAX_ENTRIES": env_int("PUBLIC_PAGE_CACHE_ENTRIES", 500)},
        }
        if env_int("PUBLIC_PAGE_CACHE_ENTRIES", 500)
        else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    ),
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out user name or address is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    # Before any password backend: refuses a member of an organisation that turned local
    # passwords off (identity/).
    "identity.backends.PasswordPolicyBackend",
    # A user name, or an e-mail address that one account has (accounts/backends.py).
    "accounts.backends.EmailOrUsernameBackend",
    # Sign-in through an organisation's identity provider (OpenID Connect, identity/).
    "identity.backends.OrganisationOIDCBackend",
]

# Password guessing (django-axes), on the login page and the admin alike. Failures are counted
# per user name from any address (stops guessing one account, even from many addresses) and per
# address over any user names (stops trying one password on many accounts). An address gets a
# larger allowance because a whole kommunhus may reach us through one address, and a few typos
# by colleagues must not lock everyone out. A lockout ends after the cool-off; a successful
# login clears the user's failures; failures while locked out do not prolong the lockout (the
# page promises a time, and an attacker must not keep a known user locked out for ever).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "config.login_guard.LoginGuardHandler"
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "config.login_guard.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False  # no start-up banner in every manage.py command's output
AXES_CLIENT_IP_CALLABLE = "config.login_guard.client_ip"
# Behind a reverse proxy the client's address is in X-Forwarded-For: read it only when this says
# how many proxies of ours append to it (otherwise anyone could choose their address).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "promises:start"
LOGOUT_REDIRECT_URL = "public:home"

LANGUAGE_CODE = "sv"
# Swedish only until an English translation exists: a browser asking for English must still get
# the Swedish pages, not a mix of Django's English strings and ours.
LANGUAGES = [("sv", _("Svenska"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"


def reports_storage(environ) -> dict:
    """Where issued reports' PDFs are stored: the "reports" storage.

    By default the local file system under MEDIA_ROOT. With REPORTS_S3_BUCKET set, an
    S3-compatible object store through django-storages, so that any number of app servers and
    workers share the files (docs/deployment.md lists the variables). Keys may come from
    AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or from the machine's role when those are unset.
    """
    bucket = environ.get("REPORTS_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": bucket,
        "location": environ.get("REPORTS_S3_PREFIX", "").strip().strip("/"),
        # Never replace an object: a report's file is written once under a name of its own.
        "file_overwrite": False,
        "default_acl": None,  # private: the app serves every PDF itself, after its checks
        "querystring_auth": True,
    }
    optional = {
        "endpoint_url": "AWS_S3_ENDPOINT_URL",
        "region_name": "AWS_S3_REGION_NAME",
        "access_key": "AWS_ACCESS_KEY_ID",
        "secret_key": "AWS_SECRET_ACCESS_KEY",
        "addressing_style": "AWS_S3_ADDRESSING_STYLE",
    }
    for option, name in optional.items():
        value = environ.get(name, "").strip()
        if value:
            options[option] = value
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "reports": reports_storage(os.environ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Background tasks (django-tasks): issuing a report renders its PDF there. On PostgreSQL the
# database backend, whose worker is `manage.py db_worker` (docs/deployment.md); elsewhere (`make
# run` on SQLite) the immediate backend, which runs a task at once in the process that enqueues it.
# TASKS_BACKEND=database|immediate, or a backend's dotted path, chooses another.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}


def tasks_setting(environ, database_engine: str) -> dict:
    default = "database" if database_engine == "django.db.backends.postgresql" else "immediate"
    backend = environ.get("TASKS_BACKEND", "").strip() or default
    return {"default": {"BACKEND": TASK_BACKENDS.get(backend, backend)}}


TASKS = tasks_setting(os.environ, DATABASES["default"]["ENGINE"])

# E-mail (notifications/): every message is sent by a task, never inside a request.


def mailers_setting(environ) -> dict:
    """Django's MAILERS from the environment: SMTP to EMAIL_HOST (EMAIL_PORT, EMAIL_USE_TLS or
    EMAIL_USE_SSL, EMAIL_HOST_USER and EMAIL_HOST_PASSWORD, EMAIL_TIMEOUT); without EMAIL_HOST the
    console, so that `make run` prints the e-mails. docs/email.md lists the variables."""
    host = environ.get("EMAIL_HOST", "").strip()
    if not host:
        return {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

    def flag(name: str) -> bool:
        return environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}

    options = {
        "host": host,
        "port": int(environ.get("EMAIL_PORT", "").strip() or 25),
        "use_tls": flag("EMAIL_USE_TLS"),
        "use_ssl": flag("EMAIL_USE_SSL"),
        "timeout": int(environ.get("EMAIL_TIMEOUT", "").strip() or 30),
    }
    user = environ.get("EMAIL_HOST_USER", "")
    if user:
        options |= {"username": user, "password": environ.get("EMAIL_HOST_PASSWORD", "")}
    return {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
    }


MAILERS = mailers_setting(os.environ)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Löfteskollen <lofteskollen@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in e-mails are absolute: the address users reach the app at (default: the first allowed
# host over HTTPS; 127.0.0.1:8000 for a local run).
SITE_URL = os.environ.get("SITE_URL", "").strip() or (
    f"https://{ALLOWED_HOSTS[0]}"
    if ALLOWED_HOSTS and not DEBUG
    else f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
)
# Reminders come this many days before a follow-up period ends (manage.py send_reminders).
REMINDER_DAYS_BEFORE_PERIOD_END = env_int("REMINDER_DAYS_BEFORE_PERIOD_END", 10)
# Coordinators are reminded of a follow-up due to a committee this many days before its date.
DUE_DATE_REMINDER_DAYS_BEFORE = env_int("DUE_DATE_REMINDER_DAYS_BEFORE", 14)
# How long an invitation's link works (accounts/), and a password reset link (Django's).
INVITATION_LINK_DAYS = env_int("INVITATION_LINK_DAYS", 7)
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_HOURS", 24) * 60 * 60
# How long a one-click unsubscribe link in an e-mail works.
UNSUBSCRIBE_LINK_DAYS = env_int("UNSUBSCRIBE_LINK_DAYS", 365)

# Pages carry no inline script or style; anything dynamic is a vendored file under static/.
# A change reason is a text column in every history table, so no reason length gives a database
# error; forms and services limit it to promises.text.CHANGE_REASON_MAX_LENGTH.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# A session ends after this long without a request: config.middleware.SlidingSessionMiddleware
# renews it when it was last renewed more than SESSION_REFRESH_SECONDS ago (not on every request,
# which would cost a database write per page).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 8 * 60 * 60)
SESSION_REFRESH_SECONDS = min(5 * 60, SESSION_COOKIE_AGE // 10)
# HTTPS: redirect and HSTS are on by default in production, off with DEBUG (runserver).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# A load balancer checks health over plain HTTP on the app's own port: /helse/ is never redirected.
SECURE_REDIRECT_EXEMPT = [r"^helse/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading commits the whole domain to HTTPS in browsers for months, beyond this app: that is the
# domain owner's decision, so it is off unless set, and `check --deploy` does not ask for it.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Only a proxy of ours may say that the client used HTTPS; without one, the header is a lie.
if env_bool("TRUST_X_FORWARDED_PROTO"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every rendering step at INFO; only its warnings matter here.
    # pikepdf (joining a long report's parts) announces its logging at INFO on import.
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"},
        "pikepdf._core": {"level": "WARNING"},
    },
}

# Public pages: who runs the service (accessibility statement) and the domain behind the Atom
# feeds' tag: ids, which must not change when the site moves host.
ACCESSIBILITY_OPERATOR = os.environ.get("ACCESSIBILITY_OPERATOR", "")
ACCESSIBILITY_CONTACT_EMAIL = os.environ.get("ACCESSIBILITY_CONTACT_EMAIL", "")
PUBLIC_FEED_TAG_AUTHORITY = os.environ.get("PUBLIC_FEED_TAG_AUTHORITY", "")

# Kolada's open API (situation/kolada.py): the lägesbild's indicators are fetched from it. Tests
# point KOLADA_BASE_URL at a local server; the timeouts are seconds, KOLADA_RETRIES the retries
# after the first try (waiting KOLADA_BACKOFF, then twice as long each time).
KOLADA_BASE_URL = os.environ.get("KOLADA_BASE_URL", "").strip() or "https://api.kolada.se/v3"
KOLADA_CONNECT_TIMEOUT = float(os.environ.get("KOLADA_CONNECT_TIMEOUT", "").strip() or 5)
KOLADA_READ_TIMEOUT = float(os.environ.get("KOLADA_READ_TIMEOUT", "").strip() or 20)
KOLADA_RETRIES = env_int("KOLADA_RETRIES", 3)
KOLADA_BACKOFF = 1.0

# Computed once: config/wsgi.py refuses to serve and `check --deploy` fails while it is set.
SECRET_KEY_PROBLEM = secret_key_problem(SECRET_KEY, DEBUG)
