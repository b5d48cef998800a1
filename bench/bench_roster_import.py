"""Roster import of a 5,000-row file: the check and the all-or-nothing import, against a
baseline measured in the same run (the same rows written with bulk_create, no checks), once
before the import and once after it (into terms of their own); the faster of the two counts,
so that neither a cold start nor a database grown by the import flatters the ratio. Target
(issue 15): the import within 3× the baseline.

    .venv/bin/python bench/bench_roster_import.py              # a scratch SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/bench_roster_import.py

Prints figures; asserts nothing. The database named by DATABASE_URL is dropped and created.
"""

import csv
import datetime
import io
import os
import random
import resource
import time

import benchdb  # bench/benchdb.py: settings and a fresh database
import figures  # bench/figures.py: --json PATH
from county_office import term_end  # bench/county_office.py

benchdb.configure(quiet=False)
ROWS = int(os.environ.get("BENCH_ROWS", "5000"))
UNITS = 10


def make_term(name):
    from delegates.models import ElectoralUnit, Term

    term = Term.objects.create(
        name=name,
        ordinal=1,
        level="county",
        start_date=datetime.date(2022, 1, 1),
        end_date=term_end(),
        seats=ROWS,
    )
    for n in range(UNITS):
        ElectoralUnit.objects.create(term=term, name=f"选举单位{n}", seats=ROWS // UNITS)
    return term


def roster_csv(rng) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "姓名",
            "性别",
            "民族",
            "出生日期",
            "学历",
            "职业类别",
            "工作单位",
            "选举单位",
            "产生方式",
            "生效日期",
            "决定文号",
        ]
    )
    for n in range(ROWS):
        writer.writerow(
            [
                f"代表{n:05d}",
                rng.choice(["男", "女"]),
                "汉族",
                f"{rng.randint(1960, 1995)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "大学本科",
                "农民",
                "某村",
                f"选举单位{n % UNITS}",
                "当选",
                "2022-01-01",
                "公告",
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def baseline(term, content):
    """The same delegates and election records written with two bulk inserts."""
    from congress_office.tabular import read_table
    from delegates.models import Delegate, QualificationEvent

    units = {u.name: u for u in term.electoral_units.all()}
    rows = read_table(content, "csv")[1:]
    started = time.perf_counter()
    delegates = Delegate.objects.bulk_create(
        Delegate(
            term=term,
            name=r[0],
            gender="male",
            ethnicity=r[2],
            birth_date=datetime.date.fromisoformat(r[3]),
            education="undergraduate",
            occupation="farmer",
            work_unit=r[6],
            electoral_unit=units[r[7]],
        )
        for r in rows
    )
    QualificationEvent.objects.bulk_create(
        QualificationEvent(
            delegate=d,
            kind="elected",
            effective_date=datetime.date(2022, 1, 1),
            status_after="active",
            decision_reference="公告",
        )
        for d in delegates
    )
    return time.perf_counter() - started


def through_the_product(term, content, user):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from delegates.models import Delegate, RosterImport
    from delegates.roster_files import roster_import_check, roster_import_run

    job = RosterImport.objects.create(
        term=term,
        file=SimpleUploadedFile("roster.csv", content),
        file_format="csv",
        created_by=user,
    )
    started = time.perf_counter()
    roster_import_check(roster_import_id=job.pk)
    checked = time.perf_counter()
    RosterImport.objects.filter(pk=job.pk).update(status="importing")
    with CaptureQueriesContext(connection) as queries:
        roster_import_run(roster_import_id=job.pk)
    done = time.perf_counter()
    job.refresh_from_db()
    assert job.status == "done", job.errors[:3]
    assert Delegate.objects.filter(term=term).count() == ROWS
    return checked - started, done - checked, len(queries)


TARGET = "<= 3×"  # the import against the bulk baseline (issue 15)


def main():
    benchdb.fresh_database()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from congress_office.roles import Role, user_grant_role

    user = get_user_model().objects.create(username="bench")
    user_grant_role(user=user, role=Role.SECRETARIAT)  # imports are the office's
    content = roster_csv(random.Random(5))
    before = baseline(make_term("基线"), content)
    check, run, queries = through_the_product(make_term("导入"), content, user)
    after = baseline(make_term("基线二"), content)
    base = min(before, after)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"roster import, {ROWS} rows, {connection.vendor}")
    print(f"{'figure':<40}{'value':>10}{'baseline':>10}{'ratio':>8}{'target':>8}")
    rows = [
        ("bulk insert before the import (s)", before, base, None),
        ("bulk insert after the import (s)", after, base, None),
        ("check: every row, every column (s)", check, base, None),
        ("import, one transaction (s)", run, base, TARGET),
    ]
    for name, value, baseline_value, target in rows:
        ratio = value / baseline_value
        target_shown = (target or "").replace("<=", "≤")
        print(f"{name:<40}{value:>10.2f}{baseline_value:>10.2f}{ratio:>8.1f}{target_shown:>8}")
    print(f"{'import per row (ms)':<40}{1000 * run / ROWS:>10.2f}")
    print(f"{'import: queries':<40}{queries:>10}")
    print(f"{'peak memory of the process (MB)':<40}{peak_mb:>10.0f}")
    figures.write(
        [
            *(figures.figure(name, value, b, target=t) for name, value, b, t in rows),
            figures.figure("import per row (ms)", 1000 * run / ROWS),
            figures.figure("import: queries", queries),
            figures.figure("peak memory of the process (MB)", peak_mb),
        ]
    )


if __name__ == "__main__":
    main()
