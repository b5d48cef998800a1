"""What is still to prepare for the next session: the office's checklist, for the office's
desk. Two statements: the session, then its figures."""

import datetime
from functools import cache

from django.db import connection
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from congress_office.desk import count_each
from congress_office.plain_sql import columns, execute, instance, table
from congress_office.wording import join_list

from .models import AgendaItem, Committee, Election, Resolution, Session, Sitting

# The committees the preparatory meeting approves at every session.
REQUIRED_COMMITTEES = (Committee.Kind.QUALIFICATION_REVIEW, Committee.Kind.PROPOSAL_REVIEW)


@cache
def _next_session_sql() -> str:
    return (
        f"SELECT {columns(Session, 's')} FROM {table(Session)} s"
        " WHERE s.status <> %s AND s.end_date >= %s ORDER BY s.start_date, s.id LIMIT 1"
    )


def next_session(today: datetime.date) -> Session | None:
    """The first session not yet closed that has not ended before today. One statement of
    plain SQL, prepared: every opening of the desk reads it, and the ORM took longer to write
    it than the database to answer it (decision 292)."""
    with connection.cursor() as cursor:
        execute(cursor, _next_session_sql(), [Session.Status.CLOSED.value, today])
        row = cursor.fetchone()
    return None if row is None else instance(Session, row)


def preparation_figures(session: Session) -> dict[str, int]:
    """How far the session's preparation is, in figures. One query (a subquery per figure:
    as annotations of the session's row, the ORM took longer to write the query than the
    database to answer it)."""
    return count_each(
        lambda: {
            "presidium": Session.presidium.through.objects.filter(session=session),
            "sittings": Sitting.objects.filter(session=session),
            "agenda": AgendaItem.objects.filter(session=session),
            "committees": Committee.objects.filter(session=session, kind__in=REQUIRED_COMMITTEES),
            "written_without_document": AgendaItem.objects.filter(
                session=session, delivery=AgendaItem.Delivery.WRITTEN, documents__isnull=True
            ),
            "resolutions_without_text": Resolution.objects.filter(
                session=session, versions__isnull=True
            ),
            "elections_preparing": Election.objects.filter(
                session=session, status=Election.Status.PREPARING
            ),
            "election_items_without_election": AgendaItem.objects.filter(
                session=session, kind=AgendaItem.Kind.ELECTION, elections__isnull=True
            ),
        },
        key=("session preparation", session.pk),
    )


def preparation_checklist(session: Session, figures: dict[str, int]) -> list[dict]:
    """Each thing to prepare: its name, whether it is done, and what there is so far."""

    def row(label, done, detail):
        return {"label": label, "done": done, "detail": detail}

    missing = len(REQUIRED_COMMITTEES) - figures["committees"]
    return [
        row(
            _("Secretary-general"),
            session.secretary_general_id is not None,
            "" if session.secretary_general_id else _("not named yet"),
        ),
        row(
            _("Presidium"),
            figures["presidium"] > 0,
            ngettext("%(n)s member", "%(n)s members", figures["presidium"])
            % {"n": figures["presidium"]},
        ),
        row(
            _("Sittings"),
            figures["sittings"] > 0,
            ngettext("%(n)s sitting", "%(n)s sittings", figures["sittings"])
            % {"n": figures["sittings"]},
        ),
        row(
            _("Agenda"),
            figures["agenda"] > 0,
            ngettext("%(n)s item", "%(n)s items", figures["agenda"]) % {"n": figures["agenda"]},
        ),
        row(
            _("Qualification review and proposal review committees"),
            missing == 0,
            ngettext("%(n)s still to form", "%(n)s still to form", missing) % {"n": missing}
            if missing
            else "",
        ),
        row(
            _("Written reports' documents"),
            figures["written_without_document"] == 0,
            ngettext(
                "%(n)s written report without its document",
                "%(n)s written reports without their documents",
                figures["written_without_document"],
            )
            % {"n": figures["written_without_document"]}
            if figures["written_without_document"]
            else "",
        ),
        row(
            _("Draft resolutions' texts"),
            figures["resolutions_without_text"] == 0,
            ngettext(
                "%(n)s resolution without a text",
                "%(n)s resolutions without a text",
                figures["resolutions_without_text"],
            )
            % {"n": figures["resolutions_without_text"]}
            if figures["resolutions_without_text"]
            else "",
        ),
        _elections_row(figures),
    ]


def _elections_row(figures: dict[str, int]) -> dict:
    """Every election item has its election, and every election its approved formal list."""
    preparing, missing = figures["elections_preparing"], figures["election_items_without_election"]
    details = []
    if missing:
        details.append(
            ngettext(
                "%(n)s election item without its election",
                "%(n)s election items without their elections",
                missing,
            )
            % {"n": missing}
        )
    if preparing:
        details.append(
            ngettext(
                "%(n)s formal list of candidates to approve",
                "%(n)s formal lists of candidates to approve",
                preparing,
            )
            % {"n": preparing}
        )
    return {
        "label": _("Elections' candidates"),
        "done": not preparing and not missing,
        "detail": join_list(details),
    }


def read_desk(today: datetime.date) -> dict:
    session = next_session(today)
    if session is None:
        return {"session": None}
    checklist = preparation_checklist(session, preparation_figures(session))
    return {
        "session": session,
        "days_to_go": (session.start_date - today).days,
        "checklist": checklist,
        "to_do": sum(not row["done"] for row in checklist),
    }
