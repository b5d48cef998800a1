"""A change list's search condition written once per process for each shape of the words
searched, not built and written anew on every request (decision 410).

Django's `get_search_results` makes a `Q` of every search field for each word, the ORM
resolves each lookup and writes its SQL, and the searched list writes it several times a
request (its capped count, its page, the kept page's key): for the items' three fields, the
author's name by a subquery (`whose_name_contains`), about a millisecond of a search's CPU.
The text a field's lookup writes depends on the word only through its shape (one character
without case, two, any other: `caseless_search`), and the word itself only through its
parameters (the word, `%word%`). So the condition is written once for stand-in words of the
same shapes, in the query it is compiled in (its table's alias and subqueries' prefix in the
key), and each search sends its own words in the stand-ins' places. A condition whose
parameters are not the stand-ins' words or patterns is written as Django writes it.

Only fields of the model's own columns and lookups (`title__indexed_contains`,
`author__whose_name_contains`) are written so: a field through a relation
(`author__name__caseless_contains`) needs a join in the query, and is searched by Django."""

from django.contrib.admin.utils import lookup_spawns_duplicates
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils.text import smart_split, unescape_string_literal

from .caseless_search import has_no_case

LOOKUP_SEP = "__"
_written: dict = {}  # {key: (SQL, [whether each parameter is the pattern]) or None}
_KEPT_AT_MOST = 256


def search_words(search_term: str) -> list[str]:
    """The words as Django's `get_search_results` splits them."""
    words = []
    for bit in smart_split(search_term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        words.append(bit)
    return words


def _shape(word: str) -> str:
    if has_no_case(word):
        return "one" if len(word) == 1 else "two"
    return "other"


# A word of each shape, written in its place the first time.
STAND_INS = {"one": "7", "two": "77", "other": "Zq7x"}


class WrittenCondition:
    """The search's condition for one word in a query's WHERE (as `extra(where=...)` is
    one): its text written once for its key, its parameters the word searched."""

    contains_aggregate = False
    contains_over_clause = False
    is_summary = False

    def __init__(self, fields: tuple, word: str):
        self.fields, self.word = fields, word

    # What a WHERE asks of its conditions: this one reads no column of a GROUP BY, refers to
    # no annotation, and is written from the query it is compiled in (its aliases read then).
    def get_group_by_cols(self):
        return []

    def get_refs(self):
        return set()

    def replace_expressions(self, replacements):
        return self

    def as_sql(self, compiler, connection):
        query = compiler.query
        shape = _shape(self.word)
        table = next(iter(query.alias_map), None)  # `base_table`, not kept on the query
        key = (connection.alias, query.model, table, query.alias_prefix)
        key = (*key, self.fields, shape)
        if key not in _written:
            if len(_written) >= _KEPT_AT_MOST:
                _written.clear()
            sql, params = self._django_sql(compiler, STAND_INS[shape])
            _written[key] = _recipe(sql, params, STAND_INS[shape], connection)
        written = _written[key]
        if written is None:
            return self._django_sql(compiler, self.word)
        sql, patterns = written
        pattern = f"%{connection.ops.prep_for_like_query(self.word)}%"
        return sql, [pattern if is_pattern else self.word for is_pattern in patterns]

    def _django_sql(self, compiler, word: str):
        """The condition Django's search makes for `word`, written in `compiler`'s query."""
        condition = Q.create([(field, word) for field in self.fields], connector=Q.OR)
        where = compiler.query.clone().build_where(condition)
        sql, params = compiler.compile(where)
        return sql, list(params)


def _recipe(sql: str, params: list, stand_in: str, connection):
    """(sql, [whether each parameter is the word's pattern, not the word]) when each
    parameter is the stand-in or its pattern, else None."""
    places = {stand_in: False, f"%{connection.ops.prep_for_like_query(stand_in)}%": True}
    if not all(isinstance(value, str) and value in places for value in params):
        return None
    return sql, [places[value] for value in params]


class WrittenSearch:
    """For a model admin: its search by `WrittenCondition` when every search field is a
    lookup on one of the model's own fields (else, and for no words, Django's)."""

    def get_search_results(self, request, queryset, search_term):
        fields = tuple(str(field) for field in self.get_search_fields(request))
        words = search_words(search_term)
        own = all(_own(self.opts, field) for field in fields)
        if not fields or not words or not own:
            return super().get_search_results(request, queryset, search_term)
        found = queryset._chain()
        for word in words:  # each word's condition ANDed, as Django's are
            found.query.where.add(WrittenCondition(fields, word), "AND")
        return found, any(lookup_spawns_duplicates(self.opts, field) for field in fields)


def _own(opts, field: str) -> bool:
    """`field__lookup`: a lookup (not `exact`, which Django writes another way) on a field of
    the model itself, with no join to write."""
    name, _sep, lookup = field.partition(LOOKUP_SEP)
    if field.startswith(("^", "=", "@")) or not lookup or LOOKUP_SEP in lookup:
        return False
    try:
        return lookup != "exact" and opts.get_field(name).get_lookup(lookup) is not None
    except FieldDoesNotExist:
        return False
