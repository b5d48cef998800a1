"""The delegates' change list read term by term (decision 264).

The roster is ordered as the model says: by term (the term's own order, newest start first),
then name, then id. The term's start date is in another table, so PostgreSQL had to join every
delegate of the office to its term and sort them all for a page of fifty (25,000 delegates at
100,000 proposals). On PostgreSQL the unfiltered list's page is read term by term instead: for
each term, its first delegates by (name, id) from the index `delegate_term_name` (no more than
the page's last row needs), then the page is cut from those in the list's own order. The rows,
their order and the page's bounds are exactly Django's: the terms' few rows are all read, so
terms starting on the same day mix their delegates by name as the plain query does. A filtered
or searched list, another order, or SQLite reads as Django does."""

from django.core.paginator import Paginator
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from congress_office.row_counts import is_whole_table

# The model's order (the admin's change list adds "-pk" after it: keys after the id change
# nothing).
ROSTER_ORDER = ("term", "name", "pk")

# The page's ids as an array: PostgreSQL then looks them up by key (`IN (subquery)` had it
# hash the subquery and read every delegate to probe it).
IN_PAGE_SQL = """
delegates_delegate.id = ANY(ARRAY(SELECT page.id FROM delegates_term AS term
CROSS JOIN LATERAL (
    SELECT delegate.id, delegate.name FROM delegates_delegate AS delegate
    WHERE delegate.term_id = term.id
    ORDER BY delegate.name, delegate.id
    LIMIT %s
) AS page
ORDER BY term.start_date DESC, page.name, page.id
LIMIT %s OFFSET %s))
"""


def roster_page(rows):
    """The delegates of `rows` (a change list's page: a slice of a queryset) read term by term
    when it is the whole roster in the model's order on PostgreSQL; any other as it is."""
    from django.db import connections

    query = rows.query
    if (
        rows._result_cache is not None
        or connections[rows.db].vendor != "postgresql"
        or tuple(query.order_by[:3]) != ROSTER_ORDER
        or query.high_mark is None
    ):
        return rows
    bottom, top = query.low_mark, query.high_mark
    whole = rows._chain()
    whole.query.clear_limits()
    if not is_whole_table(whole):  # filtered or searched: counted and read as Django does
        return rows
    in_page = RawSQL(IN_PAGE_SQL, [top, top - bottom, bottom], output_field=BooleanField())
    return whole.filter(in_page)


class RosterPaginator(Paginator):
    """The admin's paginator, whose pages of the whole roster are read term by term."""

    def _get_page(self, object_list, number, paginator):
        return super()._get_page(roster_page(object_list), number, paginator)
