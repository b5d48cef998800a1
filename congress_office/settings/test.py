"""Test runs: fast password hashing, in-memory email, PostgreSQL when DATABASE_URL says so."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env("SECRET_KEY", default="test-only-insecure-key")
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# The large office for benchmarks and load tests (`manage.py large_office`): a development
# tool, never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devdata"]  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests assert the English wording unless they switch language themselves.
LANGUAGE_CODE = "en"
# Tests that need a real broker enable it themselves (tests/core/test_celery_worker.py);
# everything else runs tasks eagerly so that each test is self-contained.
CELERY_TASK_ALWAYS_EAGER = True
# The security audit trail refuses TRUNCATE on PostgreSQL (migration 0008) except in a
# database named test_... whose connection says so: the suite's flush after each
# transactional test truncates every table. Only these settings say so (decision 258).
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    options["options"] = f"{options.get('options', '')} -c congress_office.trail_truncate=allowed"
