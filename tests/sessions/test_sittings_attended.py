"""The session page's sittings with the delegate's attendance, read by one prepared statement
(`session_page_reads.sittings_attended`, decision 462), are what the ORM's query with a
filtered relation read: each sitting of the session in order, with the delegate's own row
(its status and how it was taken) or none, never another delegate's."""

import datetime

import pytest
from django.db.models import F, FilteredRelation, Q

from sessions.session_page_reads import sittings_attended
from tests.delegates.factories import ElectoralUnitFactory
from tests.delegates.helpers import enter
from tests.sessions.kit import S, attendance_taken, session_in

pytestmark = pytest.mark.django_db


def _orm_read(session, delegate) -> list[tuple]:
    mine = FilteredRelation("attendances", condition=Q(attendances__delegate=delegate))
    sittings = session.sittings.annotate(mine=mine).annotate(
        mine_pk=F("mine__pk"), mine_status=F("mine__status"), mine_method=F("mine__method")
    )
    return [(s.pk, s.mine_pk, s.mine_status, s.mine_method) for s in sittings]


def test_each_sitting_in_order_with_the_delegates_own_attendance(term):
    session = session_in(S.IN_PROGRESS, term=term)
    day = session.start_date
    sittings = [
        session.sittings.create(date=day + datetime.timedelta(days=1), part="morning"),
        session.sittings.create(date=day, part="afternoon"),
        session.sittings.create(date=day, part="morning"),
    ]
    unit = ElectoralUnitFactory(term=term, seats=2)
    me, other = (enter(term, unit, name=name) for name in ("甲代表", "乙代表"))
    attendance_taken(sittings[0], [me], "on_leave")
    attendance_taken(sittings[2], [me, other])
    attendance_taken(sittings[1], [other], "absent")
    read = sittings_attended(session, me)
    assert [(s.pk, a and a.pk, a and a.status, a and a.method) for s, a in read] == _orm_read(
        session, me
    )
    assert [a and a.status for _s, a in read] == ["present", None, "on_leave"]
    assert all(s.session is session and (a is None or a.delegate is me) for s, a in read)
