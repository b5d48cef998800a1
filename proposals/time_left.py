"""The state at a glance: the items being handled counted by the colour of their time left for
each lead unit (the office's desk), and the rules' "due soon" share applied again when the
office changes it. The colours themselves are decided by `deadlines.time_left`, and counted by
its condition, `deadlines.time_left_condition`."""

import datetime

from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery

from congress_office import plain_sql

from .deadlines import TONES, amber_from, time_left_condition
from .models import Assignment, Proposal, ProposalRules

LEAD = Assignment.Role.LEAD

# The change list's filters that a desk count links to (proposals/admin_time_left.py).
TIME_LEFT_PARAMETER = "time_left"
HANDLED_BY_PARAMETER = "handled_by"


def lead_assignments_being_handled():
    """The current lead units' assignments of the items with the units (status assigned): one
    for each item the change list's "time left" filter lists."""
    return Assignment.objects.filter(
        role=LEAD, is_open=True, proposal__status=Proposal.Status.ASSIGNED
    )


# The desk's statement by day, written by the ORM once a day in each process: building it
# cost the desk more than the database took to answer it (decision 275).
_by_unit_statements: dict[datetime.date, tuple[str, tuple]] = {}
BY_UNIT_COLUMNS = ("unit_id", "unit__name", *TONES)


def time_left_by_unit(today: datetime.date) -> list[dict]:
    """[{unit_id, unit__name, ok, soon, over}] for each unit leading items being handled, by
    name. One query, which reads the open lead assignments from their own index
    (`assignment_open_lead`)."""
    statement = _by_unit_statements.get(today)
    if statement is None:
        # Each open lead assignment has its item: counted by it, a column the index holds.
        counts = {
            tone: Count("proposal", filter=time_left_condition(tone, today)) for tone in TONES
        }
        rows = (
            lead_assignments_being_handled()
            .values("unit_id", "unit__name")
            .annotate(**counts)
            .order_by("unit__name", "unit_id")
        )
        statement = rows.query.sql_with_params()
        _by_unit_statements.clear()  # yesterday's is of no more use
        _by_unit_statements[today] = statement
    with connection.cursor() as cursor:
        # Prepared once per connection: PostgreSQL's parsing and planning spared as the ORM's
        # writing is (decision 308).
        plain_sql.execute(cursor, *statement)
        return [dict(zip(BY_UNIT_COLUMNS, row, strict=True)) for row in cursor.fetchall()]


@transaction.atomic
def due_soon_share_apply() -> int:
    """The rules' "due soon" share changed: every open assignment's day of turning amber, and
    its item's copy, follow it. Returns how many assignments were worked out again."""
    share = ProposalRules.current().due_soon_share_percent
    assignments = list(
        Assignment.objects.filter(is_open=True).only(
            "assigned_on", "time_given_from", "deadline", "amber_on"
        )
    )
    for assignment in assignments:
        given_from = assignment.time_given_from or assignment.assigned_on
        assignment.amber_on = amber_from(given_from, assignment.deadline, share)
    Assignment.objects.bulk_update(assignments, ["amber_on"], batch_size=1000)
    lead = Assignment.objects.filter(proposal=OuterRef("pk"), role=LEAD, is_open=True)
    Proposal.objects.filter(status=Proposal.Status.ASSIGNED).update(
        lead_amber_on=Subquery(lead.values("amber_on")[:1])
    )
    return len(assignments)
