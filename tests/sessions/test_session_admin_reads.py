"""The session's change page's inline rows read by statements written once (decisions 298 and
324) are the inlines' querysets' rows: sittings, agenda items, committees with their members
as their prefetch read them; and the page is the same whichever way they are read."""

import datetime
import re
from unittest import mock

import pytest

from congress_office import plain_admin_reads
from sessions.admin.sessions import AgendaItemInline, CommitteeInline, SittingInline
from sessions.models import Committee, Session
from tests.core.inline_kit import assert_rows_read_as_by_orm, fields_of, rows_by_orm
from tests.delegates.factories import DelegateFactory
from tests.sessions.factories import AgendaItemFactory, SessionFactory, SittingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session_with_parts(term):
    session = SessionFactory(term=term)
    other = SessionFactory(term=term)
    day = session.start_date
    SittingFactory(session=session, date=day + datetime.timedelta(days=1), part="morning")
    SittingFactory(session=session, date=day, part="afternoon")
    SittingFactory(session=session, date=day, part="morning")
    SittingFactory(session=other, date=day, part="morning")
    for order in (3, 1, 2):
        AgendaItemFactory(session=session, order=order, title=f"<议程{order}>")
    AgendaItemFactory(session=other, order=1)
    people = [DelegateFactory(term=term, name=name) for name in ("张三", "李四", "王五", "赵六")]
    kinds = Committee.Kind
    first = Committee.objects.create(session=session, kind=kinds.QUALIFICATION_REVIEW)
    first.members.set(people[1:3])
    second = Committee.objects.create(session=session, kind=kinds.OTHER, name="<甲>")
    second.members.set([people[3], people[0]])
    Committee.objects.create(session=session, kind=kinds.PROPOSAL_REVIEW, chair=people[0])
    Committee.objects.create(session=other, kind=kinds.OTHER).members.set(people)
    return session


def test_the_inlines_rows_are_their_querysets(session_with_parts, rf, secretariat):
    request = rf.get("/")
    request.user = secretariat
    session = session_with_parts
    inlines = (SittingInline, AgendaItemInline, CommitteeInline)
    read = assert_rows_read_as_by_orm(inlines, Session, session, request)[-1]
    by_orm = rows_by_orm(CommitteeInline, Session, session, request)
    for committee, expected in zip(read, by_orm, strict=True):
        shown = [fields_of(m) for m in committee.members.all()]
        assert shown == [fields_of(m) for m in expected.members.all()]
    # other, proposal review, qualification review (their members' order compared above)
    assert [sorted(m.name for m in c.members.all()) for c in read] == [
        ["张三", "赵六"],
        [],
        ["李四", "王五"],
    ]


def test_the_page_is_the_same_read_either_way(session_with_parts, client_for, secretariat):
    client = client_for(secretariat)
    url = f"/admin/congress_sessions/session/{session_with_parts.pk}/change/"
    served = client.get(url).content.decode()
    with mock.patch.object(plain_admin_reads, "ROWS_READ", False):
        by_orm = client.get(url).content.decode()
    blank = re.compile(r'(nonce|csrfmiddlewaretoken" value)="[^"]*"')
    assert blank.sub("", served) == blank.sub("", by_orm)
    assert served.count('<tr class="form-row') >= 9
    assert "&lt;议程1&gt;" in served and "&lt;甲&gt;" in served
