"""What every benchmark starts with: Django's settings from the environment (a fresh SQLite
file in a temporary folder unless DATABASE_URL names another database, PostgreSQL say) and an
empty database migrated to the latest schema."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def configure(*, quiet: bool = True) -> None:
    """Before Django is imported. `quiet` serves pages as production does: no query log kept
    in memory, the test client's host allowed."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_office.settings.dev")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
    if quiet:
        os.environ["DEBUG"] = "false"
        os.environ["ALLOWED_HOSTS"] = "testserver"


def set_up_as_workers() -> None:
    """`django.setup()`, then what each web worker does once Django is set up
    (congress_office/wsgi.py, decision 306): what is loaded frozen out of the collector's
    walks. Unfrozen, the pages that make the most objects paid for full collections walking
    Django's own objects, which production never does: about an eighth of an evaluation
    draft's change page (decision 352). GC_FREEZE=0 measures without, as before."""
    import gc

    import django

    django.setup()
    if os.environ.get("GC_FREEZE", "1") != "0":
        gc.freeze()


def fresh_database() -> None:
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    if connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)
