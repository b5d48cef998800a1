"""What the unit's inbox lists, read with plain statements written once per process and run
prepared (`plain_sql.execute`), as rows of only what the page shows: the ORM's writing of the
inbox's three statements and its building of five model instances a row (the assignment, its
item, the item's author and category, the unit) cost the page more CPU than the database spent
answering them (decision 307). The same rows as `selectors.unit_inbox` and `unit_handled`
(`tests/proposals/test_inbox_rows.py` compares them): the units' current assignments that
still need work, soonest deadline first, and their latest answered ones, newest first; only
the units given (the user's own: `handling_units_for_staff`)."""

import datetime
from dataclasses import dataclass
from functools import cache

from django.db import connection

from congress_office import plain_sql

from .models import Assignment, HandlingUnit, Proposal, ProposalCategory, Reply
from .models.choice_labels import choice_label
from .selectors import HANDLED_SHOWN


@dataclass(slots=True)
class InboxRow:
    pk: int
    proposal_id: int
    role: str
    unit_name: str
    number: str
    title: str
    status: str
    # The items to handle only:
    deadline: datetime.date | None = None
    amber_on: datetime.date | None = None
    view_given: bool = False  # a co-handling unit has sent the lead unit its view
    author_name: str = ""
    category_name: str | None = None
    page_url: str = ""

    def __str__(self):  # the item, as `Proposal.__str__` names it
        return f"{self.number} {self.title}".strip()

    def get_role_display(self) -> str:
        return choice_label(Assignment.Role, self.role)

    def get_status_display(self) -> str:
        return choice_label(Proposal.Status, self.status)

    @property
    def is_tracked(self) -> bool:
        return self.status == Proposal.Status.TRACKING


def _day(value):
    """A date as the ORM gives it (SQLite's driver gives text)."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


@cache
def _tables() -> dict[str, str]:
    from delegates.models import Delegate

    return {
        "assignment": plain_sql.table(Assignment),
        "proposal": plain_sql.table(Proposal),
        "reply": plain_sql.table(Reply),
        "delegate": plain_sql.table(Delegate),
        "category": plain_sql.table(ProposalCategory),
        "unit": plain_sql.table(HandlingUnit),
    }


def _units(count: int) -> str:
    return ", ".join(["%s"] * count)


def _count_sql(units: int) -> str:
    t = _tables()
    return (
        f"SELECT COUNT(*) FROM {t['assignment']} a "
        f"WHERE a.is_open AND a.unit_id IN ({_units(units)})"
    )


def _page_sql(units: int) -> str:
    t = _tables()
    return (
        "SELECT a.id, a.proposal_id, a.role, u.name, p.number, p.title, p.status, "
        "a.deadline, a.amber_on, "
        f"EXISTS (SELECT 1 FROM {t['reply']} r WHERE r.assignment_id = a.id), d.name, c.name "
        f"FROM {t['assignment']} a "
        f"JOIN {t['proposal']} p ON p.id = a.proposal_id "
        f"JOIN {t['delegate']} d ON d.id = p.author_id "
        f"LEFT JOIN {t['category']} c ON c.id = p.category_id "
        f"JOIN {t['unit']} u ON u.id = a.unit_id "
        f"WHERE a.is_open AND a.unit_id IN ({_units(units)}) "
        "ORDER BY a.deadline, a.id LIMIT %s OFFSET %s"
    )


def _handled_sql(units: int) -> str:
    t = _tables()
    return (
        "SELECT a.id, a.proposal_id, a.role, u.name, p.number, p.title, p.status "
        f"FROM {t['assignment']} a "
        f"JOIN {t['proposal']} p ON p.id = a.proposal_id "
        f"JOIN {t['unit']} u ON u.id = a.unit_id "
        f"WHERE NOT a.is_open AND a.unit_id IN ({_units(units)}) "
        f"AND EXISTS (SELECT 1 FROM {t['reply']} r WHERE r.assignment_id = a.id) "
        "ORDER BY a.id DESC LIMIT %s"
    )


def _read(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        plain_sql.execute(cursor, sql, params)
        return cursor.fetchall()


class UnitInbox:
    """The units' items to handle, for a Paginator: counted, and read a slice at a time."""

    def __init__(self, unit_ids: list[int]):
        self.unit_ids = list(unit_ids)

    def count(self) -> int:
        if not self.unit_ids:
            return 0  # as the ORM, without a query
        return _read(_count_sql(len(self.unit_ids)), self.unit_ids)[0][0]

    def __len__(self):
        return self.count()

    def __getitem__(self, index: slice) -> list[InboxRow]:
        start, stop = index.start or 0, index.stop
        if not self.unit_ids or stop <= start:
            return []
        rows = _read(_page_sql(len(self.unit_ids)), [*self.unit_ids, stop - start, start])
        return [
            InboxRow(
                *row[:7],
                deadline=_day(row[7]),
                amber_on=_day(row[8]),
                view_given=bool(row[9]),
                author_name=row[10],
                category_name=row[11],
            )
            for row in rows
        ]


def unit_handled_rows(unit_ids: list[int]) -> list[InboxRow]:
    """The latest assignments of these units that no longer need work and that the unit
    answered, newest first (`selectors.unit_handled`'s)."""
    if not unit_ids:
        return []
    rows = _read(_handled_sql(len(unit_ids)), [*unit_ids, HANDLED_SHOWN])
    return [InboxRow(*row) for row in rows]
