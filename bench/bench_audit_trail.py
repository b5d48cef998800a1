"""The security audit trail's list as the auditor opens it, at a trail of many entries, against
a trivial signed-in page (the password-change form) measured in the same interleaved rounds
(bench/timing.py): plain, a later page, filtered by event, user, address and dates, searched.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/bench_audit_trail.py \
        --fill 500000 --rounds 11

`--fill N` adds N entries first (plain SQL, PostgreSQL only: 180 days of a busy office's
sign-ins, sign-outs, refusals, exports and two-factor codes, from 400 accounts and 50,000
addresses), on the database already there (migrated). An auditor account `bench-auditor` is
made if missing. Prints figures; asserts nothing. Target: every page within 3× the trivial
page."""

import argparse
import sys

import benchdb  # bench/benchdb.py: settings and a fresh database
import timing  # bench/timing.py

benchdb.configure()
TRIVIAL = "/accounts/password_change/"
LIST = "/admin/congress_office/securityevent/"

FILL_SQL = """
INSERT INTO congress_office_securityevent (at, username, address, kind, target, target_id, details)
SELECT now() - (i * interval '1 second' * 15552000 / %(count)s),
       'user' || (i %% 400),
       ('10.0.' || (i %% 250) || '.' || (i %% 199))::inet,
       (ARRAY['sign_in', 'sign_out', 'sign_in_failed', 'personal_data_exported',
              'two_factor_verified'])[1 + i %% 5],
       CASE WHEN i %% 5 = 3 THEN '代表名册' ELSE '' END,
       '',
       CASE WHEN i %% 5 = 3
            THEN ('{"what": "roster", "format": "xlsx", "rows": ' || (i %% 90) || '}')::jsonb
            ELSE '{}'::jsonb END
FROM generate_series(1, %(count)s) AS i
"""


def fill(count: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(FILL_SQL, {"count": count})
    connection.ensure_connection()
    old = connection.connection.autocommit
    connection.connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE congress_office_securityevent")
    connection.connection.autocommit = old


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fill", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=11)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from congress_office.models import SecurityEvent
    from congress_office.roles import Role
    from tests.core.factories import UserFactory
    from tests.sign_in import sign_in_as

    if args.fill:
        fill(args.fill)
    user = (
        SecurityEvent._meta.apps.get_model("auth", "User")
        .objects.filter(username="bench-auditor")
        .first()
    ) or UserFactory(username="bench-auditor", role=Role.SECURITY_AUDITOR)
    client = Client()
    sign_in_as(client, user)
    week_ago = timezone.localdate() - timezone.timedelta(days=7)
    pages = {
        "trivial": TRIVIAL,
        "list": LIST,
        "list, page 3": f"{LIST}?p=3",
        "event: sign-in refused": f"{LIST}?kind__exact=sign_in_failed",
        "event: none such (trail purged)": f"{LIST}?kind__exact=trail_purged",
        "user": f"{LIST}?username__exact=user17",
        "address": f"{LIST}?address__exact=10.0.17.17",
        "last week": f"{LIST}?at__date__gte={week_ago}",
        "search: user17": f"{LIST}?q=user17",
        "search: 10.0.3.": f"{LIST}?q=10.0.3.",
        "search: 名册": f"{LIST}?q=名册",
    }
    entries = SecurityEvent.objects.count()
    medians = timing.median_ms({name: (client, url) for name, url in pages.items()}, args.rounds)
    print(f"security audit trail, {entries:,} entries, {connection.vendor}, {args.rounds} rounds")
    print(f"{'page':<34}{'ms':>9}{'ratio':>8}{'queries':>9}")
    for name, url in pages.items():
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        ratio = medians[name] / medians["trivial"]
        print(f"{name:<34}{medians[name]:>9.1f}{ratio:>7.1f}×{len(queries):>9}")


if __name__ == "__main__":
    sys.exit(main())
