"""The delegates' change list read term by term (decision 264).

The roster is ordered as the model says: by term (the term's own order, newest start first),
then name, then id. The term's start date is in another table, so PostgreSQL had to join every
delegate of the office to its term and sort them all for a page of fifty (25,000 delegates at
100,000 proposals). On PostgreSQL the unfiltered list's page is read term by term instead: for
each term, its first delegates by (name, id) from the index `delegate_term_name` (no more than
the page's last row needs), then the page is cut from those in the list's own order. The rows,
their order and the page's bounds are exactly Django's: the terms' few rows are all read, so
terms starting on the same day mix their delegates by name as the plain query does. The list
filtered by status alone reads so too, the status a condition of each term's read, and so does
the list sorted by its term column (`?o=8`: by term, then the newest first), each term's
delegates from the index `delegate_term_id` (decision 309). Otherwise filtered or searched, in
another order, or on SQLite, the list reads as Django does."""

from django.core.paginator import Paginator
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.db.models.lookups import Exact
from django.db.models.sql.where import WhereNode

from congress_office.row_counts import is_whole_table

# The model's order (the admin's change list adds "-pk" after it: keys after the id change
# nothing).
ROSTER_ORDER = ("term", "name", "pk")
# The roster sorted by its term column (`?o=8`): by term, the newest delegates first.
BY_TERM_ORDER = ("term", "-pk")

# The page's ids as an array: PostgreSQL then looks them up by key (`IN (subquery)` had it
# hash the subquery and read every delegate to probe it). {status}: the condition on the
# status when the list is filtered by it; {order}: the delegates' order within a term, which
# an index gives (`delegate_term_name`, `delegate_term_id`).
IN_PAGE_SQL = """
delegates_delegate.id = ANY(ARRAY(SELECT page.id FROM delegates_term AS term
CROSS JOIN LATERAL (
    SELECT delegate.id, delegate.name FROM delegates_delegate AS delegate
    WHERE delegate.term_id = term.id{status}
    ORDER BY {order}
    LIMIT %s
) AS page
ORDER BY term.start_date DESC, {page_order}
LIMIT %s OFFSET %s))
"""
ORDERS = {
    ROSTER_ORDER: ("delegate.name, delegate.id", "page.name, page.id"),
    BY_TERM_ORDER: ("delegate.id DESC", "page.id DESC"),
}


def _order_of(query) -> tuple | None:
    """The key of ORDERS the list is ordered by, or None."""
    if tuple(query.order_by[:3]) == ROSTER_ORDER:
        return ROSTER_ORDER
    return BY_TERM_ORDER if tuple(query.order_by) == BY_TERM_ORDER else None


def _status_filter(whole) -> tuple[bool, str | None]:
    """(whether the list is the whole roster or the roster filtered by status alone, the
    status it is filtered by or None)."""
    if is_whole_table(whole):
        return True, None
    where = whole.query.where
    condition = where.children[0] if len(where.children) == 1 and not where.negated else None
    lhs = getattr(condition, "lhs", None)
    if not (
        isinstance(condition, Exact)
        and isinstance(condition.rhs, str)
        and getattr(lhs, "target", None) is whole.model._meta.get_field("status")
        and getattr(lhs, "alias", None) == whole.query.base_table
    ):
        return False, None
    unfiltered = whole._chain()  # nothing else: no search, distinct or annotation
    unfiltered.query.where = WhereNode()
    return is_whole_table(unfiltered), condition.rhs


def roster_page(rows):
    """The delegates of `rows` (a change list's page: a slice of a queryset) read term by term
    when it is the whole roster, or the roster filtered by status (decision 309), in the
    model's order or its term column's on PostgreSQL; any other as it is."""
    from django.db import connections

    query = rows.query
    order = _order_of(query)
    if (
        rows._result_cache is not None
        or connections[rows.db].vendor != "postgresql"
        or order is None
        or query.high_mark is None
    ):
        return rows
    bottom, top = query.low_mark, query.high_mark
    whole = rows._chain()
    whole.query.clear_limits()
    plain, status = _status_filter(whole)
    if not plain:  # otherwise filtered or searched: counted and read as Django does
        return rows
    within, across = ORDERS[order]
    sql = IN_PAGE_SQL.format(
        status="" if status is None else " AND delegate.status = %s",
        order=within,
        page_order=across,
    )
    params = ([] if status is None else [status]) + [top, top - bottom, bottom]
    in_page = RawSQL(sql, params, output_field=BooleanField())
    return whole.filter(in_page)


class RosterPaginator(Paginator):
    """The admin's paginator, whose pages of the whole roster are read term by term."""

    def _get_page(self, object_list, number, paginator):
        return super()._get_page(roster_page(object_list), number, paginator)
