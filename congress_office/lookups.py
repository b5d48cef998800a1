"""`in` on integer columns that leaves out numbers the column cannot hold.

No row can have such a number, and Django already drops them from `=`, `<` and `>` (ticket
#27397), but not from `in`: SQLite then refuses the query with OverflowError, a server error on
any page that looks up a forged id (an admin action's selection, a multiple choice of rows).
Registered on IntegerField (and so on every id column) when the core app is ready."""

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
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
