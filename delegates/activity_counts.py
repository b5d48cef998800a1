"""The activities' participants counted (decisions 220, 423): for the activities' list's page
alone, by a statement written once per process, or with every row when the list is sorted by
that count."""

from django.db import connection
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from congress_office.keyed_reads import statement

from .models import ActivityParticipation


def with_participant_count(activities: QuerySet) -> QuerySet:
    """`activities` each with its `participant_count`, by a subquery rather than grouping the
    list's rows: grouped, every count of the list had to group every activity with its
    participants first (decision 220)."""
    participants = (
        ActivityParticipation.objects.filter(activity=OuterRef("pk"))
        .order_by()
        .values("activity")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return activities.annotate(participant_count=Coalesce(Subquery(participants), 0))


def _counted_for(keys: list) -> QuerySet:
    rows = ActivityParticipation.objects.filter(activity__in=keys).order_by()
    return rows.values_list("activity").annotate(Count("pk"))


def _write(lists: list[list]):
    sql, params = _counted_for(lists[0]).query.sql_with_params()
    return sql, params, None


def participants_counted(keys: list) -> dict:
    """{an activity's key: its participants} for the activities `keys` (none counted: left
    out), by the ORM's grouped count written once per process (keyed_reads.py)."""
    if not keys:
        return {}
    written = statement("activities' participants counted", _write, [keys])
    sql, params, _other = written
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())
