"""The assignments' change list filtered by unit, its page read through the indexes
(decision 321).

The list is ordered as the model says: by item (the item's own order, newest first), then
round, role and id. Filtered by one unit (a few hundred of its assignments at 20,000 items,
about 1,500 at 100,000), PostgreSQL estimated that probing the items' key for each of them cost
more than reading every item once, and hashed the whole items' table (20,000 rows at 20,000
items, 100,000 at 100,000) to sort the unit's few hundred: the page grew with the office.
Here the unit's assignments are read from its index and each one's item is found by its key
(a LATERAL subquery that cannot be merged into a join), then the page's ids are cut in the
list's own order: the same rows, the same order and bounds as Django's. Any other filter, a
search, another order, or SQLite: the list reads as Django does."""

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from congress_office.row_counts import column_conditions

# The model's order (Meta.ordering; the item's own is its newest first: a test holds both).
LIST_ORDER = ("proposal", "round", "role", "pk")

# The page's ids as an array, looked up by key (decision 264's way). `OFFSET 0` keeps the
# item's read a subquery, run once for each assignment from the items' key.
IN_PAGE_SQL = """
proposals_assignment.id = ANY(ARRAY(SELECT assignment.id FROM proposals_assignment AS assignment
CROSS JOIN LATERAL (
    SELECT item.created_at FROM proposals_proposal AS item
    WHERE item.id = assignment.proposal_id
    OFFSET 0
) AS item
WHERE assignment.unit_id = %s
ORDER BY item.created_at DESC, assignment.round, assignment.role, assignment.id
LIMIT %s OFFSET %s))
"""


def unit_page(rows):
    """The assignments of `rows` (a change list's page: a slice of a queryset) read through
    the indexes when the list is filtered by its unit alone, in the model's order, on
    PostgreSQL; any other as it is."""
    query = rows.query
    if (
        rows._result_cache is not None
        or connections[rows.db].vendor != "postgresql"
        or tuple(query.order_by[:4]) != LIST_ORDER  # and "-pk" the admin adds: changes nothing
        or query.high_mark is None
    ):
        return rows
    whole = rows._chain()
    whole.query.clear_limits()
    conditions = column_conditions(whole)
    if not conditions or len(conditions) != 1 or conditions[0][0] != "unit_id":
        return rows
    bottom, top = query.low_mark, query.high_mark
    params = [conditions[0][1], top - bottom, bottom]
    return whole.filter(RawSQL(IN_PAGE_SQL, params, output_field=BooleanField()))


class UnitListPaginator(Paginator):
    """The admin's paginator, whose pages of one unit's assignments are read by index."""

    def _get_page(self, object_list, number, paginator):
        return super()._get_page(unit_page(object_list), number, paginator)
