"""Settings shared by every environment; every value that differs comes from the environment.

dev, test and production import this module and change only what they must.
"""

import datetime
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from congress_office.task_limits import TaskLimits

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A .env file beside manage.py is read when present (never required, never committed).
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin, whose home page is the office's desk (congress_office/admin_site.py).
    "congress_office.apps.OfficeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "guardian",
    "axes",
    "csp",
    # Two-factor sign-in (congress_office/two_factor.py): an authenticator app's codes and
    # one-time recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "congress_office.apps.CongressOfficeConfig",
    "delegates",
    "sessions.apps.CongressSessionsConfig",
    "proposals",
    "evaluations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before all that may defer work: it runs once the response is sent.
    "congress_office.after_response.AfterResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A form's POST body read with fewer calls per field (a ballot's has 92), before the CSRF
    # check reads its token (decision 266).
    "congress_office.form_body.FormBodyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which two-factor device, if any, verified this session; then no page but the sign-in's
    # own for a session of someone who must use two-factor and has not given a code yet.
    "django_otp.middleware.OTPMiddleware",
    "congress_office.two_factor_gate.TwoFactorGateMiddleware",
    # Each model permission's answer asked once a request, on the request's user (decision 333).
    "congress_office.permission_memo.PermissionMemoMiddleware",
    # The security audit trail's signal receivers read who acts, and from where, from here.
    "congress_office.audit_trail.AuditRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "congress_office.urls"
WSGI_APPLICATION = "congress_office.wsgi.application"

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
                "congress_office.context_processors.navigation",
            ],
        },
    },
]

# Django's form renderer, except that a select's options are written without a template each
# (congress_office/form_renderer.py, decision 195).
FORM_RENDERER = "congress_office.form_renderer.OfficeFormRenderer"

# --- Database: SQLite file in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# An index's INCLUDE columns (a covering index, read without the table on PostgreSQL) are
# left out by SQLite, which still uses the index's key: nothing for a demo user to act on.
SILENCED_SYSTEM_CHECKS = ["models.W040"] if "sqlite" in DATABASES["default"]["ENGINE"] else []
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: progress of background work is kept here, so it must be shared by the web
# processes and the workers in production (CACHE_URL=redis://...). Local memory otherwise.
# With Redis it is django-redis's backend (django-environ picks it when installed): a cache
# server that does not answer, or has just been restarted, costs a cache miss, logged, never
# a page: the ballot page's cached fragments and the check-in codes are drawn again (decision
# 231). And never a page held for the operating system's long TCP timeouts either.
REDIS_CACHE_OPTIONS = {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1, "IGNORE_EXCEPTIONS": True}
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    CACHES["default"].setdefault("OPTIONS", {}).update(REDIS_CACHE_OPTIONS)
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Authentication and object permissions (django-guardian).
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out user name at a locked-out address before any password check.
    "axes.backends.AxesStandaloneBackend",
    # Permissions only, before ModelBackend: the account's read in one prepared statement,
    # filling the caches ModelBackend answers from (decision 295).
    "congress_office.model_permissions.RequestPermissionsBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Nobody acts anonymously in this product: guardian needs no anonymous user row.
ANONYMOUS_USER_NAME = None
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
# Signing out shows a confirmation (registration/logged_out.html), which matters on the
# shared computers of a session venue.
LOGOUT_REDIRECT_URL = None
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Login throttling (django-axes), for the site's sign-in page and the admin's alike.
# Failures are counted per user name AND address together: delegates signing in behind one
# venue address do not lock each other out, and a guesser at one address cannot lock a
# delegate out everywhere. A successful sign-in clears the count; a lockout ends by itself.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Further attempts while locked out do not extend the lockout, so the page can say how long.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "congress_office.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "congress_office.security.client_ip"
# How many proxies in front of the application append to X-Forwarded-For (production: the
# TLS proxy). The client's address is the entry the outermost of them appended; anything
# further left was written by the client and is never trusted.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# How long the security audit trail keeps its entries, in days: at least 180 (GB/T 22239-2019;
# a system check refuses less). Older entries are removed by a nightly beat task.
SECURITY_AUDIT_RETENTION_DAYS = env.int("SECURITY_AUDIT_RETENTION_DAYS", default=180)

# --- Two-factor sign-in (django-otp; congress_office/two_factor.py, decision 224). The roles,
# by name (congress_office.roles.Role), whose members must give a code from an authenticator
# app after their password; superusers count as office staff. Everyone entering the admin must
# too, whatever their role, and so must anyone who turned it on for themselves.
TWO_FACTOR_REQUIRED_ROLES = env.list("TWO_FACTOR_REQUIRED_ROLES", default=["secretariat"])
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Congress Office")
# Wrong codes: each one in a row doubles the wait before the next try (1, 2, 4 ... seconds;
# after ten, eight and a half minutes), django-otp's own throttling, for app codes and recovery
# codes alike. A right code clears it.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# --- Security headers, in every environment (production adds HTTPS, HSTS, secure cookies).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (django-csp). Scripts only from our own static files: no inline
# script and no inline event handler anywhere, the admin's included (Django 5.2's admin has
# none of its own). The few <style> blocks carry the request's nonce ({{ request.csp_nonce }});
# no page uses a style attribute, so 'unsafe-inline' is not needed. The nonce appears in the
# header only on pages that use it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Languages: English and Simplified Chinese are both first-class.
LANGUAGE_CODE = env("LANGUAGE_CODE", default="zh-hans")
# The project's own date formats where Django's do not suit (congress_office/formats/).
FORMAT_MODULE_PATH = ["congress_office.formats"]
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env("TIME_ZONE", default="Asia/Shanghai")
USE_TZ = True

# --- Static and uploaded files.
STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Email: printed to the console unless EMAIL_URL names a real server.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="congress-office@localhost")
# Sign-in sessions: venue and office computers are shared, so a session ends when the browser
# closes and at the latest after a working day (Django's default is two weeks).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)

# The site's address, for links in emails sent outside a request.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# --- Celery: with no broker configured, tasks run eagerly in the calling process,
# so the embedded default needs no Redis at all.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
# No page waits for a task's result: the work's state is in the database and its progress in
# the cache. Keeping results would also make every enqueue subscribe to the result backend,
# which, with Redis down, stalls the request about 20 seconds before it fails. A caller that
# wants a result asks for it (apply_async(..., ignore_result=False)).
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    # Tasks run in the calling process, but Celery still reads a broker's address when one is
    # queued; with none, kombu warns "No hostname was supplied" on the demo's console.
    CELERY_BROKER_URL = "memory://localhost/"  # kombu warns of a missing host even here
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task is acknowledged only once it has finished, so a killed worker's task is redone;
# every task is written to be idempotent for that reason.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The tasks' time limits, and Redis's visibility timeout from them (congress_office/task_limits.py):
# a task whose whole worker died is handed out again within TASK_LIMITS.redelivery_bound
# seconds of being taken (14 minutes by default), not kombu's hour.
TASK_LIMITS = TaskLimits(
    soft=env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300),
    hard=env.int("CELERY_TASK_TIME_LIMIT", default=360),
    long_soft=env.int("CELERY_LONG_TASK_SOFT_TIME_LIMIT", default=600),
    long_hard=env.int("CELERY_LONG_TASK_TIME_LIMIT", default=660),
    longest_countdown=env.int("CELERY_LONGEST_COUNTDOWN", default=60),
    margin=env.int("CELERY_VISIBILITY_MARGIN", default=60),
    restore_interval=env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
)
CELERY_TASK_SOFT_TIME_LIMIT = TASK_LIMITS.soft
CELERY_TASK_TIME_LIMIT = TASK_LIMITS.hard
CELERY_TASK_ANNOTATIONS = TASK_LIMITS.task_annotations()
CELERY_BROKER_TRANSPORT_OPTIONS = TASK_LIMITS.broker_transport_options()
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Logging: to the console; the process manager keeps it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools report every layout step at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Tasks run in-process (no broker) would log every success; workers log their own.
        "celery.app.trace": {"level": "WARNING"},
        # django-axes reports every sign-in and its configuration at INFO; failed sign-ins
        # and lockouts are warnings, and those stay.
        "axes": {"level": "WARNING"},
    },
}
