"""The office's desk (the admin's home page) at the large office (manage.py large_office at
scale 1: 20,000 proposals, 58,000 assignments, 5,000 delegates), against a trivial signed-in
page in the same interleaved rounds (bench/timing.py). So that every part of the desk has
something to show, a session is planned for next week (its preparation half done) and an
evaluation is opened for the newest term's active delegates, 300 of whom vote online.

    .venv/bin/python bench/bench_desk.py        # a scratch SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/bench_desk.py

The database named by DATABASE_URL is dropped and created. Prints figures; asserts nothing.
Target: the desk within 3× the trivial page (issue 12)."""

import datetime
import io
import os

import benchdb  # bench/benchdb.py: settings and a fresh database
import figures  # bench/figures.py: --json PATH
import timing  # bench/timing.py

benchdb.configure()
SCALE = os.environ.get("BENCH_SCALE", "1")
ROUNDS = 30
VOTERS = 300


def plan_a_session_and_open_an_evaluation(office):
    """A session next week, its sittings and agenda entered, and an evaluation there opened
    for the term's active delegates, some of whom have voted."""
    from django.utils import timezone

    from delegates.models import Delegate, Term
    from evaluations.models import Criterion, Evaluation, Subject
    from evaluations.services import ballot_cast_for_delegate, entitlements_set, evaluation_open
    from sessions.models import AgendaItem, Session, Sitting

    today = timezone.localdate()
    term = Term.objects.filter(start_date__lte=today, end_date__gte=today).first()
    term = term or Term.objects.order_by("-start_date").first()
    day = today + datetime.timedelta(days=7)
    session = Session.objects.create(
        term=term,
        ordinal=Session.objects.filter(term=term).count() + 1,
        name="下一次年会",
        start_date=day,
        end_date=day + datetime.timedelta(days=1),
        venue="县委党校礼堂",
    )
    Sitting.objects.create(session=session, date=day, part=Sitting.Part.MORNING)
    for order, delivery in enumerate(["oral", "written", "written"], start=1):
        AgendaItem.objects.create(
            session=session, order=order, kind="report", title=f"报告{order}", delivery=delivery
        )
    now = timezone.now()
    evaluation = Evaluation.objects.create(
        session=session,
        title="县委领导班子民主测评",
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=2),
    )
    for n in range(3):
        Subject.objects.create(evaluation=evaluation, name=f"成员{n}", is_team=n == 0, order=n)
        Criterion.objects.create(evaluation=evaluation, name=f"指标{n}", order=n)
    active = list(Delegate.objects.filter(term=term, status=Delegate.Status.ACTIVE))
    entitlements_set(evaluation=evaluation, delegates=active)
    evaluation = evaluation_open(evaluation=evaluation, opened_by=office)
    pairs = [(s.pk, c.pk) for s in evaluation.subjects.all() for c in evaluation.criteria.all()]
    for delegate in active[:VOTERS]:
        ballot_cast_for_delegate(
            evaluation=evaluation,
            delegate=delegate,
            choices=dict.fromkeys(pairs, "excellent"),
        )
    return len(active)


def main():
    benchdb.fresh_database()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("large_office", "--scale", SCALE, "--allow-without-debug", stdout=io.StringIO())
    office_user = get_user_model().objects.get(username="office")
    entitled = plan_a_session_and_open_an_evaluation(office_user)
    if connection.vendor == "postgresql":
        # Statistics, as autovacuum would keep them (it is off on the bench machine): without
        # them PostgreSQL guesses row counts and picks its plans blind (docs/performance.md).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    office = Client()
    from tests.sign_in import sign_in_as

    sign_in_as(office, office_user)
    desk = office.get("/admin/")
    text = desk.content.decode()
    parts = [p for p in ("proposals", "session", "evaluations") if f'id="desk-{p}"' in text]
    pages = {
        "trivial": (office, "/accounts/password_change/"),
        "the office's desk (/admin/)": (office, "/admin/"),
        "the overdue queue, its tabs counted": (
            office,
            "/admin/proposals/proposal/queues/?queue=overdue",
        ),
        "for reference: every section (the admin's own index)": (office, "/admin/sections/"),
    }
    timed = timing.median_ms(pages, rounds=ROUNDS)
    trivial = timed.pop("trivial")

    print(f"the office's desk, large office scale {SCALE}, {connection.vendor}")
    print(f"  parts shown: {', '.join(parts)}")
    print(f"  an evaluation open for {entitled} delegates, {VOTERS} voted; a session next week")
    print(f"{'figure':<56}{'value':>8}{'baseline':>10}{'ratio':>8}{'target':>8}")
    print(f"{'trivial signed-in page (ms)':<56}{trivial:>8.1f}")
    for name, value in timed.items():
        target = "<= 3×" if name.startswith("the office's desk") else ""
        print(
            f"{name + ' (ms)':<56}{value:>8.1f}{trivial:>10.1f}{value / trivial:>8.1f}{target:>8}"
        )
    figures.write(
        [
            figures.figure("trivial signed-in page (ms)", trivial),
            *(
                figures.figure(
                    f"{name} (ms)",
                    value,
                    trivial,
                    target="<= 3×" if name.startswith("the office's desk") else None,
                )
                for name, value in timed.items()
            ),
        ]
    )


if __name__ == "__main__":
    main()
