"""The sessions test kit: builders that bring a session to any status through
`session_advance`, and take attendance through `attendance_record`, each step taken by the
office (sessions/workflow.py), so tests start from states the product itself reaches.

    session = session_in(S.IN_PROGRESS, term=term)
"""

from sessions.models import Session
from sessions.services import attendance_record, session_advance
from tests.core.factories import office_user
from tests.sessions.factories import SessionFactory

S = Session.Status
ORDER = [S.PLANNED, S.PREPARATORY_HELD, S.IN_PROGRESS, S.CLOSED]


def session_in(status, *, session=None, office=None, **fields):
    """`session` (a new planned one made with `fields` when None) moved forward to
    `status` by the office, one step at a time, each step recorded. The object given is
    refreshed in place, so that its sittings see the new status too."""
    office = office or office_user()
    session = session or SessionFactory(**fields)
    if ORDER.index(status) < ORDER.index(session.status):
        raise ValueError(f"A session moves forward only: it is {session.status}, not {status}")
    while session.status != status:
        session_advance(session=session, changed_by=office)
        session.refresh_from_db()
    return session


def attendance_taken(sitting, delegates, status="present", *, office=None):
    """The office records `delegates` as `status` at the sitting, from the printed list;
    a session still being prepared is opened first, as check-in needs."""
    office = office or office_user()
    if ORDER.index(sitting.session.status) < ORDER.index(S.IN_PROGRESS):
        session_in(S.IN_PROGRESS, session=sitting.session, office=office)
    for delegate in delegates:
        attendance_record(
            sitting=sitting, delegate=delegate, status=status, method="list", recorded_by=office
        )


def vote_form(session, sitting, **fields) -> dict:
    """What the office types on the admin's "Record a vote" page: a resolution carried by 8
    votes for, in round 1, with `fields` changed."""
    return {
        "session": session.pk,
        "sitting": sitting.pk,
        "matter": "resolution",
        "subject": "关于工作报告的决议",
        "round": 1,
        "votes_for": 8,
        "votes_against": 0,
        "abstentions": 0,
        **fields,
    }
