"""A select's rows read by one plain query, and, for a select of every row of its model in an
order, by a statement written once per process (decisions 276, 343 and 363).

Django's `ModelChoiceIterator` reads a select's rows through `QuerySet.iterator()`, a cursor on
the server on PostgreSQL (DECLARE, FETCH and CLOSE: three round trips) meant for lists too long
to hold, which a select's few dozen rows are not, and the ORM writes its statement again on
every opening. `ChoicesAtOnce` gives the same choices in the same order. It served the session
app's forms that asked for it (`sessions/admin/choices.py`, `choices_at_once`); since decision
363 every select of a relation on the office's admin forms reads its rows with it
(`with_rows_at_once`, from `formfield_for_dbfield` of OfficeModelAdmin and of every inline):
the activity's add page's delegations and terms, the solicitation's terms."""

from django.forms.models import ModelChoiceField, ModelChoiceIterator

from congress_office.admin_autocomplete import every_row_shape
from congress_office.kept_select_rows import with_kept_rows
from congress_office.written_once import fixed_instances, fixed_rows


class ChoicesAtOnce(ModelChoiceIterator):
    """A select's rows read by one plain query: the same choices, in the same order, as
    Django's iterator. A select of every row of its model in an order (the sessions, terms,
    bodies, delegations, invited attendees) reads them by a statement written once per
    process (`fixed_instances`, keyed by the model and its ordering); any other queryset (a
    condition, an annotation) is read as written."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.rows():
            yield self.choice(obj)

    def rows(self):
        """The select's rows in their order (a subclass may read the same rows otherwise)."""
        queryset = self.queryset
        shape = every_row_shape(queryset)
        if shape is None:
            return queryset.all()  # a copy: the field's queryset keeps no rows
        return fixed_instances(("every row", *shape), queryset.all)

    @property
    def shape(self):
        """(the model, its ordering) of a select of every row of its model; else None."""
        return every_row_shape(self.queryset)

    def rows_read(self):
        """For a select of every row of its model: (rows, make), the rows its statement
        written once reads and what makes them the instances `__iter__` would choose from
        (`written_once.fixed_rows`; the markup of such a select is kept by its rows,
        kept_select_rows.py); None for any other select."""
        shape = self.shape
        if shape is None:
            return None
        return fixed_rows(("every row", *shape), self.queryset.all)


def with_rows_at_once(formfield):
    """A form field from `formfield_for_dbfield`, its select's rows read with `ChoicesAtOnce`
    when it is a relation's field with Django's iterator (a field with an iterator of its own
    keeps it). A picker (autocomplete) reads only its chosen rows and is not changed by it."""
    if isinstance(formfield, ModelChoiceField) and formfield.iterator is ModelChoiceIterator:
        formfield.iterator = ChoicesAtOnce
        formfield.widget.choices = formfield.choices  # as the field's queryset setter does
        with_kept_rows(formfield.widget)  # its markup kept by its rows (decision 376)
    return formfield
