"""The session's change page's inline rows read by statements written once (decisions 298 and
324) are the inlines' querysets' rows: sittings, agenda items, committees with their members
as their prefetch read them; so are the session's presidium and invited attendees, its form's
initial values (decision 342); and the page is the same whichever way they are read."""

import datetime
import re
from unittest import mock

import pytest
from django.db.models.sql.compiler import SQLCompiler
from django.forms.models import model_to_dict

from congress_office import plain_admin_reads
from delegates.models import NonVotingAttendee
from sessions.admin import session_reads
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
    session.presidium.set([people[3], people[0], people[2]])
    other.presidium.set(people[1:])
    guests = [
        NonVotingAttendee.objects.create(term=term, name=name, work_unit="县政府", category=kind)
        for name, kind in (("<丙>", "government"), ("甲", "other"), ("乙", "government"))
    ]
    session.invited_attendees.set(guests)
    other.invited_attendees.set(guests[:1])
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


def test_the_sessions_people_are_those_the_orm_reads(session_with_parts):
    by_orm = Session.objects.get(pk=session_with_parts.pk)
    read = session_reads.with_people_read(Session.objects.get(pk=session_with_parts.pk))
    for name in session_reads.PEOPLE:
        expected = list(getattr(by_orm, name).all())
        shown = list(getattr(read, name).all())
        assert [fields_of(p) for p in shown] == [fields_of(p) for p in expected], name
        assert len(shown) == 3, name
    assert [p.name for p in read.invited_attendees.all()] == ["<丙>", "乙", "甲"]
    # Written once: another session's read writes no statement (the ORM would write two).
    other = Session.objects.exclude(pk=read.pk).get()
    with mock.patch.object(SQLCompiler, "as_sql", side_effect=AssertionError("written")):
        values = model_to_dict(session_reads.with_people_read(other), session_reads.PEOPLE)
    assert len(values["presidium"]) == 3 and len(values["invited_attendees"]) == 1
    # As after a prefetch, a change to a relation drops what was read.
    read.invited_attendees.remove(*read.invited_attendees.all()[:1])
    assert [p.name for p in read.invited_attendees.all()] == ["乙", "甲"]


def test_a_select_of_every_row_reads_them_by_a_statement_written_once(session_with_parts):
    """`ChoicesAtOnce` (decision 343): the same options as Django's iterator; a select of every
    row in an order writes its statement once, any other is read as it is written."""
    from django import forms

    from sessions.admin.choices import ChoicesAtOnce

    def options(queryset, written_once):
        field = forms.ModelMultipleChoiceField(queryset)
        if written_once:
            field.iterator = ChoicesAtOnce
        return [(str(value), label) for value, label in field.choices]

    every = NonVotingAttendee.objects.all()
    expected = options(every, False)
    assert [label for _value, label in expected] == ["<丙>", "乙", "甲"]
    assert options(every, True) == expected
    with mock.patch.object(SQLCompiler, "as_sql", side_effect=AssertionError("written")):
        assert options(every, True) == expected
        with pytest.raises(AssertionError):  # a condition: the ORM writes it
            options(every.filter(category="government"), True)
    assert options(every.filter(category="government"), True) == expected[:2]
