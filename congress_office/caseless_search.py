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

from django.db.models import CharField, Lookup, Subquery, TextField
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


# Every character of the upper-cased text, as PostgreSQL splits it: `string_to_array(text,
# NULL)` is one element per character. A GIN index of exactly this expression of a column
# (`characters_index_sql`) holds, for each character, the rows whose text has it (decision 270).
CHARACTERS = "string_to_array(UPPER({}::text), NULL)"


def characters_index_sql(name: str, table: str, column: str) -> str:
    """The index `IndexedContains` reads, on PostgreSQL (a migration creates it)."""
    expression = CHARACTERS.format(f'"{column}"')
    return f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ({expression})'


def without_pending_list(schema_editor, names) -> None:
    """The character indexes `names` written straight into, their pending list merged now
    (decisions 478, 491). A GIN index's "fast update" puts new rows in a pending list that every
    search reads whole until a vacuum merges it: rows entered or imported since (a roster of
    thousands, the items filed since the last vacuum) were searched by reading each row's
    characters, slower than reading the table. These indexes are searched far more often than
    written, and by people at typing speed."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in names:
        schema_editor.execute(f'ALTER INDEX IF EXISTS "{name}" SET (fastupdate = off)')
        schema_editor.execute(
            "SELECT gin_clean_pending_list(c.oid) FROM pg_class c WHERE c.relname = %s",
            params=[name],
        )


def with_pending_list(schema_editor, names) -> None:
    """`without_pending_list` undone."""
    if schema_editor.connection.vendor == "postgresql":
        for name in names:
            schema_editor.execute(f'ALTER INDEX IF EXISTS "{name}" RESET (fastupdate)')


class IndexedContains(CaselessContains):
    """`caseless_contains` that reads the column's index of characters first (decision 270).

    A row whose upper-cased text holds the upper-cased word holds each of its characters, so
    asking for every character of the word as well leaves the same rows: `icontains` is still
    the test, the characters only let PostgreSQL find the rows to test from the index, for a
    word of any length (one character, 关于 or 20, a phrase), where trigrams need three. On
    other databases it is `caseless_contains`. The column needs the index (`CHARACTERS`)."""

    lookup_name = "indexed_contains"

    def as_sql(self, compiler, connection):
        contains, params = super().as_sql(compiler, connection)
        word = self.rhs if self.rhs_is_direct_value() else None
        if connection.vendor != "postgresql" or not isinstance(word, str):
            return contains, params
        lhs, lhs_params = self.process_lhs(compiler, connection)
        # The word's characters from the word as given (`contains` has it between LIKE's %).
        characters = f"{CHARACTERS.format(lhs)} @> {CHARACTERS.format('%s')}"
        if len(word) == 1 and has_no_case(word):
            # One character without case: holding it is containing the word. Without LIKE
            # the planner estimates the rows from the index's statistics alone (both together
            # it takes for independent, and guesses a fraction of the rows there are).
            return characters, [*lhs_params, word]
        # LIKE first: a plan that reads every row (a word in most of them, in a column whose
        # characters are few: a phone's digits) tests the characters only where LIKE holds,
        # not splitting every text (decision 320); an index scan reads the characters alone.
        return f"({contains} AND {characters})", [*params, *lhs_params, word]


# A word of a phone number's characters: digits, spaces, +, - and brackets.
PHONE_CHARACTERS = re.compile(r"[0-9 +()\-]+")


class IndexedUnlessDigits(IndexedContains):
    """`indexed_contains` for a column of phone numbers: a word of a number's characters
    alone (`139`, `0571-`) is searched by `caseless_contains`, without the index (decision
    320). Every phone holds most digits: the index would find nearly every row, and splitting
    each row's text into its characters costs more than LIKE; a search ORing the columns then
    reads the table, testing LIKE, as Django's `icontains` does. Any other word (a name) keeps
    the index, so that a search of several columns still reads them all from their indexes."""

    lookup_name = "indexed_unless_digits"

    def as_sql(self, compiler, connection):
        word = self.rhs if self.rhs_is_direct_value() else None
        if isinstance(word, str) and PHONE_CHARACTERS.fullmatch(word):
            return CaselessContains.as_sql(self, compiler, connection)
        return super().as_sql(compiler, connection)


def whose_contains(name: str) -> type[Lookup]:
    """A lookup for a foreign key, `author__whose_name_contains=word`: the rows whose related
    object's `name` holds the word (`indexed_contains`), the related rows' keys found first.

    Django's `author__name__icontains` joins every row to its related row and tests the name
    there, so a search ORing it with the row's own columns cannot use their indexes (one
    condition per table). Asked as `author_id = ANY(ARRAY(SELECT id ... WHERE name ...))` the
    keys are read once, and the row's condition is an index's again: the same rows, since a
    row's related object has the word exactly when its key is among those (decision 270).
    Registered on a field (`field.register_lookup`), for a search field
    `"author__whose_name_contains"`."""

    class WhoseContains(Lookup):
        lookup_name = f"whose_{name}_contains"
        prepare_rhs = False  # the word, not a key

        def as_sql(self, compiler, connection):
            lhs, lhs_params = self.process_lhs(compiler, connection)
            related = self.lhs.output_field.related_model._base_manager  # as a join reads it
            found = related.filter(**{f"{name}__indexed_contains": self.rhs}).order_by()
            found = Subquery(found.values("pk")).resolve_expression(compiler.query)
            keys, params = compiler.compile(found)
            if connection.vendor == "postgresql":  # the keys as one value an index can take
                return f"{lhs} = ANY(ARRAY{keys})", [*lhs_params, *params]
            return f"{lhs} IN {keys}", [*lhs_params, *params]

    return WhoseContains


def register():
    CharField.register_lookup(CaselessContains)
    TextField.register_lookup(CaselessContains)
    CharField.register_lookup(IndexedContains)
    TextField.register_lookup(IndexedContains)
    CharField.register_lookup(IndexedUnlessDigits)
