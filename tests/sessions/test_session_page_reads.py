"""The session page's plain-SQL reads (sessions/session_page_reads.py, decision 290) answer
what the ORM queries they replace answered: the agenda's items with their documents, the
announced elections, the resolutions, the rounds open to the delegate; and the page shows
them all in as many queries with few or many of each (issue 15, item 5)."""

import pytest
from django.db.models import Exists, OuterRef
from django.urls import reverse

from sessions.election_rounds import _open_rounds_read, open_rounds_for_voter, round_open
from sessions.models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    Election,
    ElectionReceipt,
    ElectionRound,
    RoundStatusChange,
)
from sessions.session_page_reads import (
    agenda_with_documents,
    announced_elections_read,
    open_rounds_read,
    resolutions_read,
)
from tests.core.factories import office_user
from tests.sessions.election_kit import election_in_hall
from tests.sessions.factories import AgendaItemFactory, ResolutionFactory
from tests.sessions.kit import attendance_taken
from tests.sign_in import sign_in_as

pytestmark = pytest.mark.django_db


def _session_of(term, delegate, size):
    """A session in progress (`election_in_hall`'s) whose delegate's record is checked in, its
    election's first round open; `size` more items (entered in reverse order, every second
    with `size` documents), resolutions and elections, each election's round closed, every
    second one's result announced."""
    election, sitting, _hall = election_in_hall(term, hall=3)
    session = election.session
    record = delegate.delegate_records.get()
    attendance_taken(sitting, [record])
    round_open(election=election, sitting=sitting, opened_by=office_user())
    for n in reversed(range(size)):
        item = AgendaItemFactory(session=session, order=10 + n, title=f"议程{n}")
        for k in range(size if n % 2 else 0):
            AgendaDocument.objects.create(
                item=item,
                title=f"材料{n}-{k}",
                file="x.pdf",
                content_type="application/pdf",
                size=k,
            )
        ResolutionFactory(session=session, title=f"决议{n}")
        other = Election.objects.create(
            session=session, agenda_item=item, title=f"选举{n}", fills="higher_delegates", seats=1
        )
        closed = ElectionRound.objects.create(
            election=other, number=1, sitting=sitting, seats=1, status="closed"
        )
        if n % 2 == 0:
            RoundStatusChange.objects.create(round=closed, step=RoundStatusChange.Step.ANNOUNCED)
        RoundStatusChange.objects.create(round=closed, step=RoundStatusChange.Step.CLOSED)
    return session, sitting, record


@pytest.mark.parametrize("size", [2, 5])
def test_each_read_answers_what_the_orm_answered(term, delegate, size):
    session, sitting, record = _session_of(term, delegate, size)
    orm_items = session.agenda_items.prefetch_related("documents")
    read = agenda_with_documents(session)
    assert [(i.pk, i.title, i.order, i.kind) for i in read] == [
        (i.pk, i.title, i.order, i.kind) for i in orm_items
    ]
    assert [[(d.pk, d.title, d.size) for d in i.listed_documents] for i in read] == [
        [(d.pk, d.title, d.size) for d in i.documents.all()] for i in orm_items
    ]
    announced = session.elections.filter(rounds__status_changes__step="announced").distinct()
    assert [e.pk for e in announced_elections_read(session)] == [e.pk for e in announced]
    assert len(announced) == (size + 1) // 2
    assert [(r.pk, r.title, r.status) for r in resolutions_read(session)] == [
        (r.pk, r.title, r.status) for r in session.resolutions.all()
    ]
    receipts = ElectionReceipt.objects.filter(round=OuterRef("pk"), delegate=record)
    open_rounds = (
        ElectionRound.objects.filter(status="open", election__session=session, sitting=sitting)
        .annotate(
            voted=Exists(receipts.filter(on_paper=False)),
            on_paper=Exists(receipts.filter(on_paper=True)),
        )
        .order_by("election__agenda_item__order", "election__pk")
    )
    here = Attendance.Status.PRESENT
    assert [
        (r.pk, r.election.title, r.number, r.voted, r.on_paper)
        for r in open_rounds_read(session, record, here)
    ] == [(r.pk, r.election.title, r.number, r.voted, r.on_paper) for r in open_rounds]
    assert open_rounds_read(session, record, Attendance.Status.ON_LEAVE) == []
    # the sessions list's open rounds, written once (decision 303), as the ORM reads them
    shown = [(r.pk, r.election.title, r.sitting_id, r.voted, r.on_paper) for r in open_rounds]
    for _time in range(2):
        assert [
            (r.pk, r.election.title, r.sitting_id, r.voted, r.on_paper)
            for r in open_rounds_for_voter(delegate)
        ] == [
            (r.pk, r.election.title, r.sitting_id, r.voted, r.on_paper)
            for r in _open_rounds_read(delegate.pk)
        ]
    assert [r[0] for r in shown] == [r.pk for r in open_rounds_for_voter(delegate)]


@pytest.mark.parametrize("size", [2, 6])
def test_the_session_page_shows_them_all_in_as_many_queries(
    client, term, delegate, size, django_assert_num_queries
):
    """The signed-in user's session, account and roles, the menu, then the session with the
    delegate's record, their attendance, the open rounds, the agenda with its documents, the
    announced elections and the resolutions: 10 with 2 or 6 of each."""
    session, _sitting, _record = _session_of(term, delegate, size)
    sign_in_as(client, delegate)
    page = reverse("sessions:session_detail", args=[session.pk])
    assert client.get(page).status_code == 200
    with django_assert_num_queries(10):
        shown = client.get(page).content.decode()
    assert "Voting now" in shown
    assert shown.count("download>") == size * (size // 2)
    assert shown.count("/sessions/resolutions/") == size  # each resolution, printed
    assert sum(f"选举{n}<" in shown for n in range(size)) == (size + 1) // 2
    items = [f"议程{n}<" for n in range(size)]
    assert sorted(items, key=shown.index) == items  # in the agenda's order, not as entered
    assert AgendaItem.objects.filter(session=session).count() == size + 1
