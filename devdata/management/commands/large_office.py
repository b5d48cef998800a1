"""Build the large office for benchmarks and load tests (a development tool: see devdata/)."""

import datetime
import random
import time

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone, translation

from congress_office.demo import login_lines
from devdata.large_office import BUILDERS
from devdata.large_office.office import (
    Plan,
    has_data,
    historical_timestamps,
    office_digest,
    office_models,
)


class Command(BaseCommand):
    help = (
        "Build a large office (5 terms, 5,000 delegates, 50 sessions, 20,000 proposals with "
        "their histories, 200 handling units, 100,000 reminders, 50,000 ballots at --scale 1), "
        "the same from the same seed, with bulk inserts. For benchmarks and load tests."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Seed of the random choices.")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiply the sizes (0.01 for tests)."
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="The day the office is built up to (YYYY-MM-DD; default: today). Everything "
            "is dated from it, so the same seed, scale and day give the same rows.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Empty the database first (manage.py flush: every row, users included) when "
            "it already has data; on PostgreSQL only a test database can be emptied so (the "
            "security audit trail refuses TRUNCATE): make a new database instead.",
        )
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Run even though DEBUG is off (made-up people, and a few accounts with the "
            "demo password).",
        )
        parser.add_argument(
            "--digest",
            action="store_true",
            help="Print a digest of every row written, to compare two runs.",
        )

    def handle(self, *args, seed, scale, today, force, allow_without_debug, digest, **options):
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                "Refusing to build a large office with DEBUG off; pass --allow-without-debug "
                "if this really is a scratch installation."
            )
        if scale <= 0:
            raise CommandError("--scale must be more than 0.")
        if has_data():
            if not force:
                raise CommandError(
                    "The database already has data; pass --force to empty it first "
                    "(every row goes, users included)."
                )
            try:
                call_command("flush", interactive=False, verbosity=0)
            except CommandError as error:
                # On PostgreSQL the security audit trail refuses TRUNCATE outside the test
                # suite's databases (decision 258): a scratch office starts from a new database.
                raise CommandError(
                    "The database could not be emptied (the security audit trail refuses "
                    "TRUNCATE on PostgreSQL): drop it, create it and migrate it instead."
                ) from error
        plan = Plan(rng=random.Random(seed), scale=scale, today=today or timezone.localdate())
        self.stdout.write(
            f"Large office, seed {seed}, scale {scale:g}, up to {plan.today}, {connection.vendor}"
        )
        self.stdout.write(f"{'app':<20}{'seconds':>8}  rows")
        started, logins = time.perf_counter(), []
        # Timeline notes and criteria are written in the office's language, as the services
        # would write them for its staff.
        with (
            transaction.atomic(),
            historical_timestamps(),
            translation.override(settings.LANGUAGE_CODE),
        ):
            postgresql = connection.vendor == "postgresql"
            if postgresql:
                # Check foreign keys as rows go in, not all at the commit: the same work, but
                # counted in the time of the app that wrote them (and a mistake named there).
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for label, builder in BUILDERS:
                began = time.perf_counter()
                built = builder.build(plan) or {}
                plan.built[label] = built
                logins += built.get("logins", [])
                self._report(apps.get_app_config(label), time.perf_counter() - began)
            if postgresql:
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        if connection.vendor == "postgresql":
            began = time.perf_counter()
            # The planner's statistics, before anyone reads: of this database's own tables.
            # A bare ANALYZE also analyzes the catalogs every database shares, whose lock
            # waits behind any transaction of another database holding it (a test's
            # ANALYZE inside its transaction), however long that transaction stays open.
            tables = ", ".join(
                map(connection.ops.quote_name, connection.introspection.table_names())
            )
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {tables}")
            self.stdout.write(f"{'analyze':<20}{time.perf_counter() - began:>8.1f}")
        total = sum(model.objects.count() for model in office_models())
        self.stdout.write(f"{'users':<20}{'':>8}  {get_user_model().objects.count():,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{'total':<20}{time.perf_counter() - started:>8.1f}  {total:,} rows. Sign in with:"
            )
        )
        for line in login_lines(logins):
            self.stdout.write(line)
        if digest:
            self.stdout.write(f"digest {office_digest()}")

    def _report(self, app_config, seconds):
        counts = [
            (model._meta.object_name, model.objects.count())
            for model in app_config.get_models(include_auto_created=True)
        ]
        listed = ", ".join(f"{name} {n:,}" for name, n in counts if n)
        self.stdout.write(f"{app_config.label:<20}{seconds:>8.1f}  {listed}")
