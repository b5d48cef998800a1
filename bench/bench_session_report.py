"""The session report for 2,000 expected delegates, 500 proposals and 20 agenda items.

Figures: the whole generation task (queries, templates, WeasyPrint, storing the file) against
WeasyPrint alone rendering the same final HTML in the same run (target ratio ≤ 1.25); the peak
memory of a process that only runs the task (target ≤ 400 MB).

    .venv/bin/python bench/bench_session_report.py        # a scratch SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/bench_session_report.py

The database named by DATABASE_URL is dropped and created. Prints figures; asserts nothing.
"""

import datetime
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import figures  # bench/figures.py: --json PATH
from county_office import term_end  # bench/county_office.py

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_office.settings.dev")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp())
DELEGATES = int(os.environ.get("BENCH_DELEGATES", "2000"))
ITEMS = 20
PROPOSALS = int(os.environ.get("BENCH_PROPOSALS", "500"))
DELEGATIONS = 25


def build():
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

    from delegates.models import Delegate, Delegation, ElectoralUnit, QualificationEvent, Term
    from sessions.models import AgendaItem, Attendance, Resolution, Session, Sitting, Vote

    day = datetime.date(2024, 1, 6)
    term = Term.objects.create(
        name="基准测试县第十五次代表大会",
        ordinal=15,
        level="county",
        start_date=datetime.date(2022, 1, 1),
        end_date=term_end(),
        seats=DELEGATES,
    )
    unit = ElectoralUnit.objects.create(term=term, name="全县", seats=DELEGATES)
    delegations = [
        Delegation.objects.create(term=term, name=f"第{n + 1}代表团") for n in range(DELEGATIONS)
    ]
    surnames, given = (
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗",
        "伟芳敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚",
    )
    delegates = Delegate.objects.bulk_create(
        Delegate(
            term=term,
            name=f"{surnames[n % 20]}{given[n // 20 % 20]}{given[n // 400 % 20]}",
            gender="male",
            ethnicity="汉族",
            birth_date=datetime.date(1975, 1, 1),
            education="undergraduate",
            occupation="farmer",
            work_unit="某单位",
            electoral_unit=unit,
            delegation=delegations[n % DELEGATIONS],
        )
        for n in range(DELEGATES)
    )
    QualificationEvent.objects.bulk_create(
        QualificationEvent(
            delegate=d,
            kind="elected",
            effective_date=term.start_date,
            status_after="active",
            decision_reference="公告",
        )
        for d in delegates
    )
    session = Session.objects.create(
        term=term,
        ordinal=3,
        name="基准测试县第十五次代表大会第三次会议",
        start_date=day,
        end_date=day + datetime.timedelta(days=1),
        venue="县大会堂",
        status="closed",
    )
    sittings = [
        Sitting.objects.create(session=session, date=day, part="morning"),
        Sitting.objects.create(session=session, date=day, part="afternoon"),
        Sitting.objects.create(
            session=session, date=day + datetime.timedelta(days=1), part="morning"
        ),
    ]
    statuses = ["present"] * 17 + ["on_leave", "absent"]
    Attendance.objects.bulk_create(
        Attendance(sitting=sitting, delegate=d, status=statuses[(n + i) % 19], method="list")
        for i, sitting in enumerate(sittings)
        for n, d in enumerate(delegates)
    )
    for n in range(ITEMS):
        item = AgendaItem.objects.create(
            session=session,
            order=n + 1,
            kind="report",
            title=f"听取和审议第{n + 1}项工作报告",
            presenter="县委书记",
            outcome="adopted",
        )
        resolution = Resolution.objects.create(
            session=session,
            agenda_item=item,
            title=f"关于第{n + 1}项工作报告的决议",
            status="adopted",
        )
        resolution.versions.create(number=1, text="大会同意这个报告。" * 40)
        Vote.objects.create(
            session=session,
            sitting=sittings[0],
            agenda_item=item,
            resolution=resolution,
            matter="resolution",
            subject=resolution.title,
            entitled=DELEGATES,
            present=DELEGATES * 9 // 10,
            votes_for=DELEGATES * 9 // 10 - 20,
            votes_against=10,
            abstentions=10,
            quorum_met=True,
            passed=True,
            rule={
                "matter": "resolution",
                "quorum": [1, 2],
                "majority": [1, 2],
                "majority_base": "entitled",
            },
        )
    _proposals(session, delegates)
    return session


def _proposals(session, delegates):
    """Items filed at the session, in the states they reach, across eight categories."""
    from proposals.models import Proposal, ProposalCategory

    categories = [
        ProposalCategory.objects.create(name=n)
        for n in (
            "党的建设",
            "经济发展",
            "教育",
            "医疗卫生",
            "生态环境",
            "社会保障",
            "城乡建设",
            "其他",
        )
    ]
    statuses = ["submitted", "accepted", "assigned", "replied", "closed", "declined"]
    Proposal.objects.bulk_create(
        Proposal(
            term=session.term,
            session=session,
            kind="suggestion" if n % 3 else "proposal",
            title=f"关于第{n + 1}项民生事项的建议",
            category=categories[n % 8],
            situation="情况" * 50,
            recommendations="建议" * 50,
            author=delegates[n % len(delegates)],
            status=statuses[n % 6],
            number=f"2024-{n + 1:03d}",
        )
        for n in range(PROPOSALS)
    )


def generate_in_child(document_id: int) -> tuple[float, float]:
    """Run the task alone in a fresh process: (seconds, peak MB of that process)."""
    code = (
        "import django, time; django.setup();"
        "from sessions.printing import session_document_generate;"
        "t = time.perf_counter();"
        f"session_document_generate(document_id={document_id}, language='zh-hans');"
        "print(time.perf_counter() - t)"
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return float(result.stdout.strip().splitlines()[-1]), max(peak, before) / 1024


def main():
    session = build()
    from django.db import connection
    from django.utils import translation

    from congress_office.pdf import html_to_pdf
    from sessions.models import SessionDocument
    from sessions.printing import session_document_render_html

    document = SessionDocument.objects.create(session=session, kind="report")
    task_seconds, peak_mb = generate_in_child(document.pk)
    document.refresh_from_db()
    with translation.override("zh-hans"):
        html = session_document_render_html(document)
    started = time.perf_counter()
    pdf = html_to_pdf(html)
    weasy_seconds = time.perf_counter() - started
    from io import BytesIO

    from pypdf import PdfReader

    pages = len(PdfReader(BytesIO(pdf)).pages)
    print(
        f"session report, {DELEGATES} expected delegates, {PROPOSALS} proposals, "
        f"{ITEMS} agenda items, 3 sittings, {connection.vendor}, {pages} pages"
    )
    print(f"{'figure':<40}{'value':>10}{'baseline':>10}{'ratio':>8}{'target':>10}")
    print(f"{'WeasyPrint alone on the final HTML (s)':<40}{weasy_seconds:>10.2f}")
    print(
        f"{'the whole task (s)':<40}{task_seconds:>10.2f}{weasy_seconds:>10.2f}"
        f"{task_seconds / weasy_seconds:>8.2f}{'<= 1.25':>10}"
    )
    print(
        f"{'peak memory of the task process (MB)':<40}{peak_mb:>10.0f}{'':>10}{'':>8}{'<= 400':>10}"
    )
    figures.write(
        [
            figures.figure("WeasyPrint alone on the final HTML (s)", weasy_seconds),
            figures.figure("the whole task (s)", task_seconds, weasy_seconds, "<= 1.25×"),
            figures.figure("peak memory of the task process (MB)", peak_mb, target="<= 400"),
            figures.figure("pages", pages),
        ]
    )


if __name__ == "__main__":
    main()
