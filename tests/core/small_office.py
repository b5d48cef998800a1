"""A small office for the tests that compare every page or list with Django's: built by
`manage.py large_office` (a given seed, scale and day, so the same rows each time) inside a
transaction that is rolled back when the block ends.

    with office_built():
        ...  # the office's rows are there
    # and gone
"""

import io
from contextlib import contextmanager

from django.core.management import call_command
from django.db import transaction

SCALE = "0.005"  # 100 proposals, 25 delegates
TODAY = "2026-11-23"


@contextmanager
def office_built(scale: str = SCALE):
    with transaction.atomic():
        call_command(
            "large_office",
            "--scale",
            scale,
            "--today",
            TODAY,
            "--allow-without-debug",
            stdout=io.StringIO(),
        )
        yield
        transaction.set_rollback(True)
