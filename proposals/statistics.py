"""The figures the office reports on the handling of delegates' items: handling rate, on-time
rate, satisfaction rate, first-round satisfaction rate and the A/B/C breakdown, overall and by
unit, category or session, read from the counts the services keep (proposals/tally.py)."""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from congress_office import plain_sql

from .models import TALLY_COUNTS, HandlingTally, Proposal, ProposalRules, Reply

# The tally's counts but the A/B/C results, which Figures keeps apart in `results`.
COUNTS = tuple(name for name in TALLY_COUNTS if not name.startswith("result_"))
GROUPINGS = {
    "unit": _("Lead unit"),
    "category": _("Category"),
    "session": _("Session"),
    "kind": _("Kind"),
}


@dataclass
class Figures:
    label: str
    items: int = 0
    routed: int = 0
    replied: int = 0
    on_time: int = 0
    rated: int = 0
    satisfied: int = 0
    first_rated: int = 0
    first_satisfied: int = 0
    results: dict = field(default_factory=lambda: dict.fromkeys(Reply.Result.values, 0))

    @staticmethod
    def _rate(part, whole):
        return round(100 * part / whole, 1) if whole else None

    @property
    def handling_rate(self):
        return self._rate(self.replied, self.routed)

    @property
    def on_time_rate(self):
        return self._rate(self.on_time, self.replied)

    @property
    def satisfaction_rate(self):
        return self._rate(self.satisfied, self.rated)

    @property
    def first_round_satisfaction_rate(self):
        return self._rate(self.first_satisfied, self.first_rated)


# The tally's column for each reply result (A, B, C).
RESULT_KEYS = {result: f"result_{result.lower()}" for result in Reply.Result.values}
GROUP_KEYS = {
    "unit": "lead_unit__name",
    "category": "category__name",
    "session": "session__name",
    "kind": "kind",
}
# What a group without a unit, category or session is called.
NONE_LABELS = {
    "unit": _("Not yet routed"),
    "category": _("No category"),
    "session": _("Filed between sessions"),
}


def _group_label(group_by: str, value) -> str:
    """A group's name: a unit's, category's or session's as stored, a kind's in words."""
    if group_by == "kind":
        return str(Proposal.Kind(value).label)
    return value or str(NONE_LABELS[group_by])


def rating_basis() -> str:
    """Whose ratings the satisfaction figures count, as the rules say (decisions.md, 154)."""
    if ProposalRules.current().every_cosigner_rates:
        return str(_("Satisfaction counts every signer's rating, the co-signers' too."))
    return str(
        _("Satisfaction counts the lead proposer's rating; of an inquiry, every signer's rating.")
    )


def handling_statistics(term, *, group_by: str = "unit", session=None) -> tuple[Figures, list]:
    """(the totals, one Figures per group) for the term's accepted items: one query over the
    counts the services keep (HandlingTally), whatever the number of items."""
    rows = _tally_sums(term.pk, group_by, None if session is None else session.pk)
    groups = [
        Figures(
            _group_label(group_by, row[GROUP_KEYS[group_by]]),
            **{name: row[name] for name in COUNTS},
            results={result: row[key] for result, key in RESULT_KEYS.items()},
        )
        for row in rows
        if row["items"]  # a row whose items have all moved on to other rows is left out
    ]
    total = Figures(
        str(_("All items")),
        **{name: sum(getattr(f, name) for f in groups) for name in COUNTS},
        results={result: sum(f.results[result] for f in groups) for result in RESULT_KEYS},
    )
    return total, sorted(groups, key=lambda f: (-f.items, f.label))


# Stand-ins for the term's and the session's ids in a kept statement: where its parameters hold
# them, a reading puts its own.
_TERM, _SESSION = -1517, -1518
# (grouping, whether of one session): (sql, parameters, the columns' names)
_tally_statements: dict[tuple[str, bool], tuple[str, tuple, list[str]]] = {}


def _grouped_statement(group_by: str, by_session: bool) -> tuple[str, tuple, list[str]]:
    """(sql, parameters, the columns' names) of the tally's counts summed by group: the ORM's
    statement, written once per grouping and process, the term's and session's ids stand-ins."""
    key = (group_by, by_session)
    kept = _tally_statements.get(key)
    if kept is None:
        tallies = HandlingTally.objects.filter(term_id=_TERM)
        if by_session:
            tallies = tallies.filter(session_id=_SESSION)
        rows = (
            tallies.values(GROUP_KEYS[group_by])
            .annotate(**{name: Sum(name) for name in TALLY_COUNTS})
            .order_by()
        )
        sql, params = rows.query.sql_with_params()
        names = [*rows.query.values_select, *rows.query.annotation_select]
        kept = _tally_statements[key] = (sql, tuple(params), names)
    return kept


def _tally_sums(term_id: int, group_by: str, session_id: int | None) -> list[dict]:
    """The tally's counts summed by group, {group key: value, count: sum}, of the term (and
    session): the ORM's statement, written once per grouping and process and run prepared
    (`plain_sql.execute`). The ORM took longer to write it, and to convert its 200 rows, than
    PostgreSQL to answer it (decision 307)."""
    sql, params, names = _grouped_statement(group_by, session_id is not None)
    ids = {_TERM: term_id, _SESSION: session_id}
    with connection.cursor() as cursor:
        plain_sql.execute(cursor, sql, [ids.get(value, value) for value in params])
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def statistics_table(total: Figures, groups: list[Figures], grouping_label) -> tuple:
    # Read once: the enum works its values out on every call, a third of the table's time
    # with a row for each of 1,000 units (docs/performance.md, decision 260).
    results = RESULT_KEYS.keys()
    header = [
        str(grouping_label),
        _("Items"),
        _("Routed"),
        _("Replied"),
        _("Handling rate %"),
        _("On time"),
        _("On-time rate %"),
        _("Satisfaction rate %"),
        _("First-round satisfaction rate %"),
        *results,  # the letters, as the office's forms head these columns
    ]
    rows = [
        [
            f.label,
            f.items,
            f.routed,
            f.replied,
            f.handling_rate,
            f.on_time,
            f.on_time_rate,
            f.satisfaction_rate,
            f.first_round_satisfaction_rate,
            *(f.results[result] for result in results),
        ]
        for f in [*groups, total]
    ]
    return [str(h) for h in header], rows


# (grouping, whether of one session): (sql, parameters, the columns' names) of one page.
_page_statements: dict[tuple[str, bool], tuple[str, tuple, list[str]]] = {}


def _page_statement(group_by: str, by_session: bool) -> tuple[str, tuple, list[str]]:
    """The grouped statement (`_grouped_statement`) wrapped to answer one page (decision 481):
    the groups with items, most items first and then by label as `handling_statistics` sorts
    them (its Python strings compare by code point, as "C" compares UTF-8), cut to the page,
    each row with the sums over every such group (the total) and their number. The label of
    the group without a unit, category or session, the page's size and start are parameters."""
    key = (group_by, by_session)
    kept = _page_statements.get(key)
    if kept is None:
        sql, params, names = _grouped_statement(group_by, by_session)
        quote = connection.ops.quote_name
        group, counts = quote(names[0]), [quote(name) for name in names[1:]]
        sums = ", ".join(f"SUM(g.{name}) OVER ()::bigint" for name in counts)
        page_sql = (
            f"SELECT g.*, {sums}, COUNT(*) OVER () FROM ({sql}) g"
            f" WHERE g.{quote('items')} <> 0"
            f' ORDER BY g.{quote("items")} DESC, COALESCE(g.{group}, %s) COLLATE "C"'
            " LIMIT %s OFFSET %s"
        )
        kept = _page_statements[key] = (page_sql, params, names)
    return kept


# Page numbers past this are read as before: a hand-made number's start would not fit the
# statement's bigint (Django's paginator shows the last page).
_PAGES = 1_000_000


def handling_statistics_page(
    term, *, group_by: str, session, number: int, per_page: int
) -> tuple[Figures, list, int] | None:
    """(the totals, the Figures of the groups of page `number`, the number of groups): what
    `handling_statistics` answers, cut to the page, by one statement that converts the page's
    rows alone (decision 481). A thousand units' groups were made Figures, summed and sorted
    in Python on every opening at 100,000 items, for the fifty the page shows. None when the
    page is not there (no groups, a page past the last), by kind (its labels are the words of
    the language, a few groups) or on another database than PostgreSQL: the caller reads it
    all then, as before."""
    if group_by == "kind" or connection.vendor != "postgresql" or not 1 <= number <= _PAGES:
        return None
    sql, params, names = _page_statement(group_by, session is not None)
    ids = {_TERM: term.pk, _SESSION: None if session is None else session.pk}
    none_label = str(NONE_LABELS[group_by])
    values = [ids.get(value, value) for value in params]
    with connection.cursor() as cursor:
        plain_sql.execute(cursor, sql, [*values, none_label, per_page, (number - 1) * per_page])
        rows = cursor.fetchall()
    if not rows:
        return None
    width = len(names)
    groups = [_figures(row[0] or none_label, dict(zip(names, row, strict=False))) for row in rows]
    totals = dict(zip(names[1:], rows[0][width:], strict=False))
    return _figures(str(_("All items")), totals), groups, rows[0][-1]


def _figures(label: str, sums: dict) -> Figures:
    return Figures(
        label,
        **{name: sums[name] for name in COUNTS},
        results={result: sums[key] for result, key in RESULT_KEYS.items()},
    )
