"""The next session on the office's desk, with what is still to prepare."""

from congress_office.desk import DeskPart

from ..preparation import read_desk

SESSIONS_DESK = DeskPart(
    order=20,
    permission="congress_sessions.view_session",
    template="admin/desk/session.html",
    read=read_desk,
)
