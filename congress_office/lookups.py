"""`in` on integer columns that leaves out what no row of the column can hold: values that are
no whole numbers, and numbers beyond the column's range.

Django already drops out-of-range numbers from `=`, `<` and `>` (ticket #27397), but not from
`in`: SQLite then refuses the query with OverflowError. And a value that is no number at all
("1.5", "abc", "") makes `in` raise ValueError. Either is a server error on any page that looks
up ids a hand-made request sent: an admin action's selection (Django filters the change list
with `pk__in` of the posted `_selected_action` values), a multiple choice of rows. No row can
match such a value, so leaving it out gives the answer the database would give.
Registered on IntegerField (and so on every id column) when the core app is ready."""

from django.db.models import IntegerField, Model
from django.db.models.lookups import In

from . import caseless_search


class IntegerFieldIn(In):
    def get_prep_lookup(self):
        if self.rhs_is_direct_value() and self.prepare_rhs:
            self.rhs = [value for value in self.rhs if self._is_whole_number(value)]
        return super().get_prep_lookup()

    def _is_whole_number(self, value) -> bool:
        if value is None or hasattr(value, "resolve_expression"):
            return True  # None is dropped by `in` itself; expressions are the database's
        if isinstance(value, Model):
            # No request sends an object: the code passed one where an id belongs. Left in,
            # Django refuses it (TypeError) instead of quietly matching no row.
            return True
        try:
            self.lhs.output_field.get_prep_value(value)
        except (TypeError, ValueError):
            return False
        return True

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            try:
                low, high = connection.ops.integer_field_range(
                    self.lhs.output_field.get_internal_type()
                )
            except KeyError:  # not a plain integer column: nothing to leave out
                low = high = None
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register():
    IntegerField.register_lookup(IntegerFieldIn)
    caseless_search.register()
