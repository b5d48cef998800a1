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


def _tally_sums(term_id: int, group_by: str, session_id: int | None) -> list[dict]:
    """The tally's counts summed by group, {group key: value, count: sum}, of the term (and
    session): the ORM's statement, written once per grouping and process and run prepared
    (`plain_sql.execute`). The ORM took longer to write it, and to convert its 200 rows, than
    PostgreSQL to answer it (decision 307)."""
    key = (group_by, session_id is not None)
    kept = _tally_statements.get(key)
    if kept is None:
        tallies = HandlingTally.objects.filter(term_id=_TERM)
        if session_id is not None:
            tallies = tallies.filter(session_id=_SESSION)
        rows = (
            tallies.values(GROUP_KEYS[group_by])
            .annotate(**{name: Sum(name) for name in TALLY_COUNTS})
            .order_by()
        )
        sql, params = rows.query.sql_with_params()
        names = [*rows.query.values_select, *rows.query.annotation_select]
        kept = _tally_statements[key] = (sql, tuple(params), names)
    sql, params, names = kept
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
