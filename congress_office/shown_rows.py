"""An inline formset shown for a page: decision 324's rows read by a statement written once,
and two steps of Django's formset it repeated for nothing (decision 336).

- An evaluation being added has no rows: Django's inline formset reads them from
  `queryset.none()`, and the ORM compiles that queryset's statement (its joins, columns and
  order) before finding it can match nothing, about a millisecond for each of the evaluation's
  four inlines. Their rows are known empty without it: what the ORM answers.
- An unbound formset counts its saved rows (`initial_form_count`, the length of its read
  rows) again for every row it builds and every time a template asks, each asking for the
  queryset again: counted once, as the rows it counts are read once and never change while
  the formset is shown. A posted formset counts what was posted, Django's way."""

from congress_office.plain_admin_reads import PlainRowsFormSet


class ShownRowsFormSet(PlainRowsFormSet):
    def get_queryset(self):
        first = not hasattr(self, "_queryset")
        queryset = super().get_queryset()
        if first and queryset._result_cache is None and queryset.query.is_empty():
            # `none()`: no statement can match a row (EmptyResultSet), so none is run. Its
            # prefetching, if any, has nothing to fetch for no rows.
            queryset._result_cache = []
        return queryset

    def initial_form_count(self):
        if self.is_bound:
            return super().initial_form_count()
        try:
            return self._rows_counted
        except AttributeError:
            self._rows_counted = super().initial_form_count()
            return self._rows_counted
