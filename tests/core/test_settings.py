"""Settings come from the environment; these run Django in a subprocess with a clean one."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({'engine': db['ENGINE'], 'name': str(db['NAME']), "
    "'eager': settings.CELERY_TASK_ALWAYS_EAGER, 'broker': settings.CELERY_BROKER_URL, "
    "'tz': settings.TIME_ZONE, 'lang': settings.LANGUAGE_CODE, "
    "'email': settings.EMAIL_BACKEND, 'debug': settings.DEBUG}))"
)


def run_django(settings_module, code, **env_vars):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    env.update(DJANGO_SETTINGS_MODULE=settings_module, **env_vars)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


def probe(settings_module, **env_vars):
    result = run_django(settings_module, PROBE, **env_vars)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_embedded_default_needs_no_server():
    values = probe("congress_office.settings.dev")
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"] == str(ROOT / "db.sqlite3")
    assert values["eager"] is True and values["broker"] == "memory://localhost/"
    assert values["email"] == "django.core.mail.backends.console.EmailBackend"
    assert values["tz"] == "Asia/Shanghai"
    assert values["lang"] == "zh-hans"
    assert values["debug"] is True


def test_environment_overrides_the_defaults():
    values = probe(
        "congress_office.settings.dev",
        DATABASE_URL="postgres://congress:pw@db.internal:5432/congress",
        CELERY_BROKER_URL="redis://cache.internal:6379/0",
        EMAIL_URL="smtp://mail.internal:25",
        TIME_ZONE="Asia/Urumqi",
        LANGUAGE_CODE="en",
    )
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "congress"
    assert values["eager"] is False
    assert values["broker"] == "redis://cache.internal:6379/0"
    assert values["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["tz"], values["lang"]) == ("Asia/Urumqi", "en")


@pytest.mark.parametrize("secret", [None, "", "too-short"])
def test_production_refuses_to_start_without_a_real_secret_key(secret):
    env = {"ALLOWED_HOSTS": "congress.example.org"}
    if secret is not None:
        env["SECRET_KEY"] = secret
    result = run_django("congress_office.settings.production", PROBE, **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_needs_allowed_hosts():
    result = run_django("congress_office.settings.production", PROBE, SECRET_KEY="k" * 64)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_serves_static_files_itself():
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps([settings.MIDDLEWARE[:2], settings.STORAGES['staticfiles']['BACKEND'], "
        "settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE]))"
    )
    result = run_django(
        "congress_office.settings.production",
        code,
        SECRET_KEY="k" * 64,
        ALLOWED_HOSTS="congress.example.org",
    )
    assert result.returncode == 0, result.stderr
    middleware, storage, ssl_redirect, secure_cookie = json.loads(result.stdout)
    assert middleware == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
    assert storage == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert ssl_redirect is True and secure_cookie is True


def test_production_keeps_database_connections_open():
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.DATABASES['default']['CONN_MAX_AGE'])"
    )
    result = run_django(
        "congress_office.settings.production",
        code,
        SECRET_KEY="k" * 64,
        ALLOWED_HOSTS="congress.example.org",
        CONN_MAX_AGE="120",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "120"


SESSION_PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps([settings.SESSION_COOKIE_AGE, settings.SESSION_EXPIRE_AT_BROWSER_CLOSE]))"
)


def test_sign_in_sessions_are_short_on_shared_computers_and_a_setting():
    """Issue 12, 1.14: a working day at most, and over when the browser closes (Django's
    default was two weeks); an office may set both."""
    default = run_django("congress_office.settings.dev", SESSION_PROBE)
    assert json.loads(default.stdout) == [8 * 60 * 60, True], default.stderr
    chosen = run_django(
        "congress_office.settings.dev",
        SESSION_PROBE,
        SESSION_COOKIE_AGE="3600",
        SESSION_EXPIRE_AT_BROWSER_CLOSE="false",
    )
    assert json.loads(chosen.stdout) == [3600, False], chosen.stderr


def test_a_task_run_in_process_prints_no_broker_warning():
    """The demo's console showed kombu's "No hostname was supplied" when it queued its first
    task: with no broker configured, tasks run in the process and no broker is looked for."""
    code = (
        "import django; django.setup(); "
        "from congress_office.tasks import send_email; "
        "from congress_office.enqueue import enqueue; "
        "print('queued', enqueue(send_email, subject='s', body='b', to=['a@example.com']))"
    )
    result = run_django("congress_office.settings.dev", code, DATABASE_URL="sqlite://:memory:")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("queued True")  # after the mail, on the console
    assert "hostname" not in result.stderr, result.stderr


def test_the_demo_prints_no_warning_about_covering_indexes():
    """bin/demo printed models.W040 (SQLite keeps an index's key but not its INCLUDE columns,
    which only PostgreSQL reads) before the logins, from migrate's database checks: nothing a
    demo user can act on."""
    code = (
        "import django; django.setup(); from django.core.management import call_command; "
        "from proposals.models import Assignment; "
        "print('include', any(index.include for index in Assignment._meta.indexes)); "
        "call_command('check', databases=['default'])"
    )
    result = run_django("congress_office.settings.dev", code, DATABASE_URL="sqlite://:memory:")
    assert result.returncode == 0, result.stderr
    assert "include True" in result.stdout  # the index the check would warn about is there
    assert "W040" not in result.stdout + result.stderr
