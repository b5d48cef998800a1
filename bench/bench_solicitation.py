"""An opinion solicitation at a large office: 5,000 delegates in 25 delegations asked eight
questions (two of each kind), every one of them answered through the service; the office's
summary page, the solicitation's page and who has answered by delegation, against a trivial
signed-in page (bench/timing.py); the XLSX export and the printed summary, timed once.

    .venv/bin/python bench/bench_solicitation.py        # a scratch SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/bench_solicitation.py

BENCH_DELEGATES sets the number of delegates (5,000). The database named by DATABASE_URL is
dropped and created. Prints figures; asserts nothing. Target (issue 14): each of those pages within
3× the trivial page."""

import datetime
import os
import random
import statistics
import time

import benchdb  # bench/benchdb.py: settings and a fresh database
import figures  # bench/figures.py: --json PATH
import timing  # bench/timing.py

benchdb.configure()
DELEGATES = int(os.environ.get("BENCH_DELEGATES", "5000"))
DELEGATIONS = 25
ROUNDS = 20
TEXTS = ["建议加快农村公路建设。", "希望增加卫生院医生。", "养老服务要覆盖到村。", "同意。"]


def build(office):
    from django.utils import timezone

    from delegates.models import (
        Delegate,
        Delegation,
        ElectoralUnit,
        Solicitation,
        SolicitationQuestion,
        Term,
    )
    from delegates.solicitations import (
        solicitation_draft_save,
        solicitation_publish,
        solicitation_questions_save,
    )

    term = Term.objects.create(
        name="第一届", ordinal=1, level=Term.Level.COUNTY, seats=DELEGATES,
        start_date=datetime.date(2022, 1, 1), end_date=datetime.date(2099, 12, 31),
    )  # fmt: skip
    unit = ElectoralUnit.objects.create(term=term, name="全县", seats=DELEGATES)
    delegations = Delegation.objects.bulk_create(
        Delegation(term=term, name=f"第{n + 1}代表团") for n in range(DELEGATIONS)
    )
    Delegate.objects.bulk_create(
        Delegate(
            term=term,
            name=f"代表{n}",
            gender=Delegate.Gender.FEMALE,
            ethnicity="汉族",
            birth_date=datetime.date(1980, 5, 1),
            education=Delegate.Education.UNDERGRADUATE,
            occupation=Delegate.Occupation.PROFESSIONAL,
            work_unit="县直机关",
            post="干部",
            electoral_unit=unit,
            delegation=delegations[n % DELEGATIONS],
            status=Delegate.Status.ACTIVE,
        )  # fmt: skip
        for n in range(DELEGATES)
    )
    solicitation = solicitation_draft_save(
        solicitation=Solicitation(
            term=term,
            title="关于十五五规划的意见征集",
            body="请阅读后回答。",
            deadline=timezone.now() + datetime.timedelta(days=10),
        ),  # fmt: skip
        saved_by=office,
    )
    K = SolicitationQuestion.Kind
    kinds = [K.ONE, K.SEVERAL, K.RATING, K.TEXT] * 2
    solicitation_questions_save(
        solicitation=solicitation,
        questions=[
            SolicitationQuestion(
                order=n,
                text=f"问题{n + 1}",
                kind=kind,
                choices="甲\n乙\n丙\n丁\n戊" if kind in (K.ONE, K.SEVERAL) else "",
            )  # fmt: skip
            for n, kind in enumerate(kinds)
        ],
        saved_by=office,
    )
    started = time.perf_counter()
    solicitation = solicitation_publish(solicitation=solicitation, published_by=office)
    published = time.perf_counter() - started
    return solicitation, published


def answer_all(solicitation):
    from delegates.solicitation_reads import solicitation_audience
    from delegates.solicitations import response_save

    rng = random.Random(14)
    questions = list(solicitation.questions.all())
    took = []
    for delegate in solicitation_audience(solicitation).order_by("pk"):
        values = {}
        for q in questions:
            if q.kind == "one":
                values[q.pk] = str(rng.randrange(5))
            elif q.kind == "several":
                values[q.pk] = [str(c) for c in rng.sample(range(5), rng.randint(1, 3))]
            elif q.kind == "rating":
                values[q.pk] = str(rng.randint(1, 5))
            else:
                values[q.pk] = rng.choice(TEXTS)
        started = time.perf_counter()
        response_save(solicitation=solicitation, delegate=delegate, values=values, send=True)
        took.append(time.perf_counter() - started)
    return statistics.median(took) * 1000


def once(client, url):
    started = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return time.perf_counter() - started, response


def main():
    benchdb.fresh_database()
    from django.db import connection
    from django.test import Client

    from congress_office.roles import Role
    from delegates.models import SolicitationResponse
    from tests.core.factories import UserFactory

    office_user = UserFactory(username="office", role=Role.SECRETARIAT)
    solicitation, published = build(office_user)
    answering = answer_all(solicitation)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    office = Client()
    from tests.sign_in import sign_in_as

    sign_in_as(office, office_user)
    admin = f"/admin/delegates/solicitation/{solicitation.pk}"
    pages = {
        "trivial": (office, "/accounts/password_change/"),
        "the summary page": (office, f"{admin}/summary/"),
        "the solicitation's page, how many answered": (office, f"{admin}/change/"),
        "who has answered, by delegation": (office, f"{admin}/respondents/"),
    }
    timed = timing.median_ms(pages, rounds=ROUNDS)
    trivial = timed.pop("trivial")
    export, _response = once(office, f"{admin}/export/")
    pdf, _response = once(office, f"{admin}/summary.pdf")
    sent = SolicitationResponse.objects.filter(sent_at__isnull=False).count()

    print(f"opinion solicitation, {DELEGATES} delegates, {sent} answers sent, {connection.vendor}")
    print(f"{'figure':<56}{'value':>9}{'baseline':>10}{'ratio':>8}{'target':>8}")
    print(f"{'trivial signed-in page (ms)':<56}{trivial:>9.1f}")
    rows = [figures.figure("trivial signed-in page (ms)", trivial)]
    for name, value in timed.items():
        print(
            f"{name + ' (ms)':<56}{value:>9.1f}{trivial:>10.1f}{value / trivial:>8.2f}{'<= 3':>8}"
        )
        rows.append(figures.figure(f"{name} (ms)", value, trivial, target="<= 3×"))
    for name, value in (
        ("the XLSX export (s)", export),
        ("the summary PDF through its view (s)", pdf),
        ("publishing: the notices written (s)", published),
        ("sending an answer through the service, median (ms)", answering),
    ):
        print(f"{name:<56}{value:>9.2f}")
        rows.append(figures.figure(name, value))
    figures.write(rows)


if __name__ == "__main__":
    main()
