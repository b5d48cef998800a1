"""`icontains` that leaves out `UPPER()` when the words searched for have no case: the same rows,
found without upper-casing every title of the office (decision 240).

Django's `icontains` on PostgreSQL compares `UPPER(column) LIKE UPPER(pattern)`. Upper-casing
is half of a search's count at 100,000 items (a two-character word such as 关于 or 20 has no
trigram, so every title is read). For Chinese characters and digits case does not exist:
`UPPER()` leaves them as they are and turns no other character into one of them, so a column
holds the word exactly where its upper-cased text does, and plain `LIKE` finds the same rows.
Words of three characters or more keep `UPPER()`: the trigram indexes on `UPPER(title)` and
`UPPER(number)` (decision 219) answer those. On SQLite both lookups are the same `LIKE`.

Search fields use it by name: `search_fields = ["title__caseless_contains"]`."""

import re

from django.db.models import CharField, TextField
from django.db.models.lookups import Contains, IContains

# Characters without case: ASCII digits and the CJK unified ideographs (the basic block and
# extension A). No character's upper case is one of them, nor are they changed by it.
CASELESS = re.compile(r"[0-9\u3400-\u4dbf\u4e00-\u9fff]+")
# From three characters on, a trigram index may answer the search, on the upper-cased text.
TRIGRAM = 3


def has_no_case(text: str) -> bool:
    return len(text) < TRIGRAM and CASELESS.fullmatch(text) is not None


class CaselessContains(IContains):
    lookup_name = "caseless_contains"

    def as_sql(self, compiler, connection):
        caseless = (
            self.rhs_is_direct_value() and isinstance(self.rhs, str) and has_no_case(self.rhs)
        )
        # Django's own lookups write the SQL (each backend's operator and cast by their name).
        lookup = Contains if caseless else IContains
        return lookup(self.lhs, self.rhs).as_sql(compiler, connection)


def register():
    CharField.register_lookup(CaselessContains)
    TextField.register_lookup(CaselessContains)
