"""Drill: a worker is killed with SIGKILL while it prints the session report.

The office asks for the report of a session of several hundred delegates through the real
page; once the progress endpoint shows the task past its HTML and into the PDF, the process
running it gets SIGKILL: no clean-up, no acknowledgement. What this proves:

- the task is handed out again and the report is completed, in either way a worker dies:
  - the whole worker (`--pool=solo`, its whole process group killed): the task stays
    unacknowledged in Redis until the visibility timeout that the settings make from the
    tasks' time limits (congress_office/task_limits.py; seconds here, with the drill's short
    limits, 13 minutes with the defaults) and then goes to the worker started in its place:
    not before that timeout, and done within the recovery bound the settings promise;
  - the pool child running it (`--pool=prefork`): the worker itself lives on, rejects the
    task back to the queue (`task_reject_on_worker_lost`) and runs it again at once;
- the redelivered task takes over the claim left "running" (`session_document_generate`),
  and the work is done once: one document row, one PDF file with the session's figures, and
  nothing left in the broker.
"""

import io
import os
import re
import signal
import time

import pytest
from django.test import Client
from pypdf import PdfReader

from congress_office.roles import Role
from delegates.models import Delegate, QualificationEvent
from sessions.models import Attendance, SessionDocument
from tests.core.factories import UserFactory
from tests.delegates.factories import (
    DelegateFactory,
    DelegationFactory,
    ElectoralUnitFactory,
    TermFactory,
)
from tests.faults.services import DRILL_LIMITS, DRILL_MARKS, wait_for
from tests.sessions.factories import SessionFactory, SittingFactory
from tests.sign_in import sign_in_as

pytestmark = DRILL_MARKS

DELEGATES = 400  # enough that printing the report takes a few seconds
SITTINGS = ("morning", "afternoon", "evening")
TASK = "sessions.tasks.generate_session_document"


@pytest.fixture
def big_session(drill):
    """A session of DELEGATES active delegates in ten delegations, three sittings, and the
    attendance of each: all present but every tenth on leave. Bulk inserts, a second."""
    term = TermFactory(seats=DELEGATES)
    delegations = [DelegationFactory(term=term, name=f"第{n + 1}代表团") for n in range(10)]
    unit = ElectoralUnitFactory(term=term, seats=DELEGATES)
    delegates = Delegate.objects.bulk_create(
        DelegateFactory.build(
            term=term, electoral_unit=unit, delegation=delegations[n % 10], name=f"代表{n:03d}"
        )
        for n in range(DELEGATES)
    )
    QualificationEvent.objects.bulk_create(
        QualificationEvent(
            delegate=d,
            kind="elected",
            effective_date=term.start_date,
            status_after="active",
            decision_reference="选举结果公告",
        )
        for d in delegates
    )
    session = SessionFactory(term=term)
    for part in SITTINGS:
        sitting = SittingFactory(session=session, part=part)
        Attendance.objects.bulk_create(
            Attendance(
                sitting=sitting,
                delegate=d,
                status="on_leave" if n % 10 == 0 else "present",
                method="list",
            )
            for n, d in enumerate(delegates)
        )
    return session


def task_ids(worker) -> list[str]:
    return re.findall(r"generate_session_document\[([0-9a-f-]+)\] received", worker.text())


@pytest.mark.parametrize("pool", ["solo", "prefork"])
def test_a_report_whose_worker_is_killed_is_printed_once_after_all(
    drill, big_session, settings, pool
):
    session = big_session
    drill.use_redis_cache(settings)  # the progress the worker reports, read by the page
    first = drill.worker(pool)
    office = Client()
    sign_in_as(office, UserFactory(username="office", role=Role.SECRETARIAT))
    page = f"/sessions/{session.pk}/print/report/"

    assert office.post(page).status_code == 302
    requested = time.monotonic()

    def printing_the_pdf():
        progress = office.get(f"{page}progress/").json()
        return progress["status"] == "running" and progress["percent"] >= 35 and progress

    progress = wait_for(printing_the_pdf, 60, "the report to reach its PDF")
    in_progress_after = time.monotonic() - requested
    if pool == "solo":
        first.kill()  # the worker process itself runs the task
    else:
        (child,) = first.pool_children()
        os.kill(child, signal.SIGKILL)
    killed = time.monotonic()

    document = SessionDocument.objects.get(session=session, kind="report")
    assert document.status == "running" and not document.file
    assert not list(drill.media_root.rglob("*.pdf"))

    if pool == "solo":
        assert drill.broker_backlog() == (0, 1)  # taken, never acknowledged
        second = drill.worker()
    else:
        second = first  # the worker lives on and starts a new pool child

    if pool == "solo":
        wait_for(lambda: task_ids(second), 60, "the task to be handed out again", interval=0.1)
        redelivered_after_request = time.monotonic() - requested
    wait_for(
        lambda: SessionDocument.objects.get(pk=document.pk).status == "done",
        60,
        "the redelivered task to finish the report",
        interval=0.1,
    )
    done_after_kill = time.monotonic() - killed
    done_after_request = time.monotonic() - requested
    if pool == "solo":
        # Taken after it was requested, so these measure at least the time since it was taken:
        # never handed out before the visibility timeout (the first worker might still have
        # been running it), and done within the bound the settings promise.
        assert redelivered_after_request >= DRILL_LIMITS.visibility_timeout
        assert redelivered_after_request <= DRILL_LIMITS.redelivery_bound + in_progress_after
        assert done_after_request <= DRILL_LIMITS.recovery_bound(TASK)

    assert SessionDocument.objects.filter(session=session).count() == 1
    (pdf,) = drill.media_root.rglob("*.pdf")
    text = " ".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    expected = (
        f"Expected {DELEGATES}, present {DELEGATES - DELEGATES // 10}, on leave {DELEGATES // 10}"
    )
    assert expected in " ".join(text.split())
    wait_for(lambda: drill.broker_backlog() == (0, 0), 10, "the task to be acknowledged")
    # The same task, received twice: by the process killed and by its successor.
    first_ids, second_ids = task_ids(first), task_ids(second)
    if pool == "solo":
        assert len(first_ids) == len(second_ids) == 1 and first_ids == second_ids
    else:
        assert len(first_ids) == 2 and first_ids[0] == first_ids[1]
        assert "WorkerLostError" in first.text()
    print(
        f"\n[{pool}] killed {in_progress_after:.1f} s after the request, at "
        f"{progress['percent']}%; done {done_after_kill:.1f} s after the kill, "
        f"{done_after_request:.1f} s after the request (visibility timeout "
        f"{DRILL_LIMITS.visibility_timeout} s, bound {DRILL_LIMITS.recovery_bound(TASK)} s)"
    )
