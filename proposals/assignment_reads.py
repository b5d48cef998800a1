"""The unit's read of its own assignment, as plain SQL: the row, its item, the item's author
and category and the unit, only if the user works for the unit. Through the ORM, building this
statement (three joins and the units' subquery) cost the unit's item page more than anything it
reads (decision 288). It answers what the ORM query it replaces answered, and the tests compare
them on the same data (tests/proposals/test_assignment_reads.py)."""

from functools import cache

from django.contrib.auth.models import Permission
from django.db import connection

from congress_office.plain_sql import columns, execute, instance, table, width
from delegates.models import Delegate

from .models import Assignment, HandlingUnit, Proposal, ProposalCategory
from .models.units import HandlingUnitUserObjectPermission
from .units import WORK_FOR_UNIT

# The models read, in the order of the statement's columns.
READ = (Assignment, Proposal, Delegate, HandlingUnit, ProposalCategory)


@cache
def _assignment_sql() -> str:
    """The statement: the user's permission to work for the assignment's unit asked as
    `units_of` asks it (the user's own grant, never a group's); the category may be none."""
    works_for_unit = (
        f"SELECT 1 FROM {table(HandlingUnitUserObjectPermission)} g"
        f" JOIN {table(Permission)} p ON p.id = g.permission_id"
        " WHERE g.user_id = %s AND g.content_object_id = a.unit_id AND p.codename = %s"
    )
    listed = ", ".join(columns(model, alias) for model, alias in zip(READ, "apduc", strict=True))
    return (
        f"SELECT {listed} FROM {table(Assignment)} a"
        f" JOIN {table(Proposal)} p ON p.id = a.proposal_id"
        f" JOIN {table(Delegate)} d ON d.id = p.author_id"
        f" JOIN {table(HandlingUnit)} u ON u.id = a.unit_id"
        f" LEFT JOIN {table(ProposalCategory)} c ON c.id = p.category_id"
        f" WHERE a.id = %s AND EXISTS({works_for_unit})"
    )


def assignment_of_staff(user_id: int, pk: int) -> Assignment | None:
    """The assignment `pk` with its item (its author and category) and unit, if the user works
    for its unit; None otherwise. One statement."""
    codename = WORK_FOR_UNIT.split(".", 1)[1]
    with connection.cursor() as cursor:
        execute(cursor, _assignment_sql(), [pk, user_id, codename])
        row = cursor.fetchone()
    if row is None:
        return None
    made, start = [], 0
    for model in READ:
        made.append(instance(model, row, start) if row[start] is not None else None)
        start += width(model)
    assignment, proposal, author, unit, category = made
    proposal.author, proposal.category = author, category
    assignment.proposal, assignment.unit = proposal, unit
    return assignment
