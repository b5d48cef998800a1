"""An inline's rows read by a statement of its own on a change page (decision 297).

An inline's formset reads its rows through the ORM: the inline's queryset, filtered by the
page's object and ordered, written anew on every opening of the page (the evaluation's page
has four such inlines, a fifth of its time, for a dozen rows). An inline may name `read_rows`,
a function of the page's object that returns the very rows, in the very order, that the
formset's queryset holds (with the related rows its `select_related` reads), read another way
(prepared plain SQL, congress_office/plain_sql.py). The formset keeps its queryset, with those
rows as its result: whatever else reads it (its length, its rows, a copy filtered again) sees
what the ORM would have read. Only an unbound formset (a page shown, not one posted) reads
so, and only when the queryset is the inline's own (not emptied for lack of permission): what
is saved, and how it is checked, is Django's, unchanged. A test per inline compares the rows
with the queryset's."""

# Off: every formset reads its rows through the ORM (the tests compare both).
ROWS_READ = True


class RowsRead:
    """A formset whose rows, when it is shown unbound for a saved object, are `read_rows`'."""

    read_rows = None  # a function of the page's object: the queryset's rows, in its order

    def get_queryset(self):
        first = not hasattr(self, "_queryset")
        queryset = super().get_queryset()
        if (
            first
            and ROWS_READ
            and not self.is_bound
            and self.instance.pk is not None
            and not queryset.query.is_empty()
        ):
            queryset._result_cache = list(self.read_rows(self.instance))
            queryset._prefetch_done = True
        return queryset


def with_rows_read(formset, inline):
    """`formset`, reading its rows with the inline's `read_rows` when it names one."""
    read_rows = getattr(inline, "read_rows", None)
    if read_rows is None:
        return formset
    return type(formset.__name__, (RowsRead, formset), {"read_rows": staticmethod(read_rows)})
