"""The structure of the delegation on a date: who the active delegates are, counted along
each dimension the rules want balanced. A fixed number of queries whatever the size."""

import calendar
import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, F, Value, When
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from congress_office.plain_sql import execute
from congress_office.written_once import instances

from .models import Delegate, Delegation, ElectoralUnit, Term
from .selectors import (
    active_delegates_counted_on,
    changes_after,
    seat_holders_counted_on,
    units_with_vacancies,
)
from .term_date_statements import statement

AGE_BANDS = [
    (0, 35, _("35 and under")),
    (36, 45, _("36 to 45")),
    (46, 55, _("46 to 55")),
    (56, 200, _("56 and over")),
]


@dataclass
class Row:
    label: str
    count: int
    percent: float


@dataclass
class Dimension:
    key: str
    title: str
    rows: list[Row]


def _rows(counts: dict, labels: dict, total: int) -> list[Row]:
    ordered = [key for key in labels if key in counts] + sorted(
        k for k in counts if k not in labels
    )
    return [
        Row(
            str(labels.get(key, key)),
            counts[key],
            round(100 * counts[key] / total, 1) if total else 0.0,
        )
        for key in ordered
    ]


def _years_before(day: datetime.date, years: int) -> datetime.date:
    """The last day of `day`'s month `years` years earlier: someone born on or before it is at
    least `years` old on `day`. Ages go by the year and month of birth (出生年月), as the
    office's forms count them: a delegate is a year older from the first of their birth month.
    That is all a record keeps once its personal details are removed (decision 235), so
    removing them changes no count."""
    year = day.year - years
    return datetime.date(year, day.month, calendar.monthrange(year, day.month)[1])


def _age_band(on_date: datetime.date) -> Case:
    """The index in AGE_BANDS of each delegate's age on the date, worked out by the database
    from the birth date (so the rows are counted there, not sent here)."""
    return Case(
        *(
            When(birth_date__gt=_years_before(on_date, high + 1), then=Value(index))
            for index, (_low, high, _label) in enumerate(AGE_BANDS[:-1])
        ),
        default=Value(len(AGE_BANDS) - 1),
    )


# The dimensions counted by the database: (key, the column or expression counted by).
COUNTED = [
    ("gender", F("gender")),
    ("age", None),  # the age band, which depends on the date
    ("ethnicity", F("ethnicity")),
    ("education", F("education")),
    ("occupation", F("occupation")),
    ("delegation", F("delegation_id")),  # ids: no join (named from the term's lists)
    ("electoral_unit", F("electoral_unit_id")),
]


def _counts(
    term: Term, on_date: datetime.date, changed: bool | None = None, held: dict | None = None
) -> dict[str, dict]:
    """{dimension: {value: active delegates}}, counted by the database in one statement and
    one pass over the term's active delegates: a term has thousands of delegates, a dimension
    a few dozen values. Each delegate's row is paired with each dimension's name (a join with
    a list of the names) and the pairs are counted by (dimension, that dimension's value):
    portable SQL (GROUPING SETS would do it on PostgreSQL alone), built by the ORM but for
    the pairing (one statement per dimension cost twice as much, most of it building them).
    On PostgreSQL the same counts by GROUPING SETS, one grouping of the delegates' rows for
    each dimension, without pairing each row seven times (decision 251).

    Given `held` (a dict), the same statement passes over the seat holders instead, counted
    also by their status on the date, and fills `held` with {electoral unit id: seat holders}
    (`vacancies_by_electoral_unit`'s counts): the term's structure page then reads the term's
    delegates, and probes their histories, once instead of twice (decision 309)."""
    if changed is None:
        changed = changes_after(term, on_date)
    term_id = term if isinstance(term, int) else term.pk
    # Its text depends on what is counted, never on the term or the date (decision 382).
    sql, params = statement(
        ("structure_counts", changed, held is not None, connection.vendor),
        lambda term_id, on_date: _count_statement(term_id, on_date, changed, held is not None),
        _count_values,
        term_id,
        on_date,
    )
    counts = {key: {} for key, _by in COUNTED}
    unit = [key for key, _by in COUNTED].index("electoral_unit")
    with connection.cursor() as cursor:
        execute(cursor, sql, params)
        for index, value, n, *status in cursor.fetchall():
            if status and index == unit and value is not None:
                held[int(value)] = held.get(int(value), 0) + n
            if status and status[0] != Delegate.Status.ACTIVE:
                continue
            dimension = counts[COUNTED[index][0]]
            value = "—" if value is None else value
            dimension[value] = dimension.get(value, 0) + n
    ages = counts["age"]
    counts["age"] = {AGE_BANDS[int(index)][2]: n for index, n in ages.items()}
    return counts


def _count_statement(term_id: int, on_date: datetime.date, changed: bool, holders: bool):
    """(sql, params) counting the term's active delegates (`holders`: its seat holders, also
    by their status on the date) by each dimension, written by the ORM."""
    quote = connection.ops.quote_name
    # Each value as stored (the age band a number): the few counted values are made text after
    # grouping (`_counted_by_dimension`), not each delegate's seven before it (decision 546).
    values = {
        f"d{index}": _age_band(on_date) if by is None else by
        for index, (_key, by) in enumerate(COUNTED)
    }
    if holders:
        delegates, by_status = seat_holders_counted_on(term_id, on_date, changed), "seat_status"
        values[by_status] = F(by_status)
    else:
        delegates, by_status = active_delegates_counted_on(term_id, on_date, changed), None
    selected, params = (
        delegates.order_by().annotate(**values).values_list(*values).query.sql_with_params()
    )
    columns = [quote(column) for column in values if column != by_status]
    return _counted_by_dimension(selected, columns, by=by_status and quote(by_status)), params


def _count_values(term_id: int, on_date: datetime.date) -> dict:
    """The values of the counting statement that come from the term and the date: the term's
    id, the date (a change's, read from the history) and the days the age bands start from."""
    bands = {
        f"band{index}": _years_before(on_date, high + 1)
        for index, (_low, high, _label) in enumerate(AGE_BANDS[:-1])
    }
    return {"term": term_id, "date": on_date, **bands}


def _counted_by_dimension(selected: str, columns: list[str], vendor: str = "", by=None) -> str:
    """The statement counting the rows of `selected` by (the index of a column, its value as
    text), and also by the column `by` when given (then a fourth column of the result)."""
    also = f", a.{by}" if by else ""
    text = [f"CAST(a.{column} AS varchar)" for column in columns]
    if (vendor or connection.vendor) == "postgresql":
        grouped = [f"GROUPING(a.{column}) = 0" for column in columns]
        which = " ".join(f"WHEN {g} THEN {index}" for index, g in enumerate(grouped))
        value = " ".join(f"WHEN {grouped[i]} THEN {text[i]}" for i in range(len(columns)))
        sets = ", ".join(f"(a.{column}{also})" for column in columns)
        return (
            f"SELECT CASE {which} END, CASE {value} END, COUNT(*){also} "
            f"FROM ({selected}) a GROUP BY GROUPING SETS ({sets})"
        )
    names = " UNION ALL ".join(f"SELECT {index} AS d" for index in range(len(columns)))
    pick = " ".join(f"WHEN {index} THEN {value}" for index, value in enumerate(text))
    return (
        f"SELECT dimension.d, CASE dimension.d {pick} END AS v, COUNT(*){also} "
        f"FROM ({selected}) a CROSS JOIN ({names}) dimension GROUP BY 1, 2{', 4' if by else ''}"
    )


def structure_statistics(
    term: Term, on_date: datetime.date, changed: bool | None = None, units=None
) -> tuple[int, list[Dimension]]:
    """(number of active delegates, the dimensions) for the term on the date. Four queries:
    whether a change takes effect after the date (`changes_after`, unless `changed` says),
    the counts, and the names of the delegations and electoral units (`units`: the term's
    electoral units by name, when the page has read them already, decision 276)."""
    return _structure(term, _counts(term, on_date, changed), units)


def structure_with_vacancies(
    term: Term, on_date: datetime.date, changed: bool | None = None, units=None
) -> tuple[int, list[Dimension], list]:
    """`structure_statistics` and `vacancies_by_electoral_unit` (its list of the units) for
    the term on the date, from one pass over the term's seat holders (decision 309): the
    queries of `structure_statistics`, the electoral units read once when not given."""
    if units is None:
        units = term_electoral_units(term)
    held = {}
    total, dimensions = _structure(term, _counts(term, on_date, changed, held), units)
    return total, dimensions, units_with_vacancies(units, held)


def _structure(term: Term, counts: dict, units) -> tuple[int, list[Dimension]]:
    total = sum(counts["gender"].values())
    # Counted by id (a string, as every dimension's value), named and ordered by name here.
    delegations = {str(row.pk): row.name for row in _names_read("delegations", term)}
    if units is None:
        units = _names_read("electoral_units", term)
    units = {str(unit.pk): unit.name for unit in units}
    labels = {
        "gender": dict(Delegate.Gender.choices),
        "age": {label: label for *_, label in AGE_BANDS},
        "ethnicity": {},
        "education": dict(Delegate.Education.choices),
        "occupation": dict(Delegate.Occupation.choices),
        "delegation": delegations,
        "electoral_unit": units,
    }
    titles = {
        "gender": _("Gender"),
        "age": _("Age"),
        "ethnicity": _("Ethnicity"),
        "education": _("Education"),
        "occupation": _("Occupation category"),
        "delegation": _("Delegation"),
        "electoral_unit": _("Electoral unit"),
    }
    dimensions = [
        Dimension(key, titles[key], _rows(counts[key], labels[key], total)) for key, _by in COUNTED
    ]
    return total, dimensions


def term_of(pk: int) -> Term:
    """The term `pk` names (Http404 when none does), by a statement written once (decision
    382): the structure page's first read."""
    found = instances("structure_term", lambda term_id: Term.objects.filter(pk=term_id), pk)
    if not found:
        raise Http404(f"No term {pk}.")
    return found[0]


def term_electoral_units(term: Term) -> list[ElectoralUnit]:
    """The term's electoral units by name, read by a statement written once (decision 382)."""
    return instances(
        "structure_electoral_units",
        lambda term_id: ElectoralUnit.objects.filter(term_id=term_id).order_by("name"),
        term.pk,
    )


def _names_read(related: str, term: Term) -> list:
    """The term's delegations (`related`: or electoral units), their names only, by name."""
    model = {"delegations": Delegation, "electoral_units": ElectoralUnit}[related]
    return instances(
        ("structure_names", related),
        lambda term_id: model.objects.filter(term_id=term_id).only("name").order_by("name"),
        term.pk,
    )


def statistics_table(dimensions: list[Dimension]) -> tuple[list, list[list]]:
    """The statistics as one flat table, for CSV and XLSX."""
    header = [_("Dimension"), _("Category"), _("Delegates"), _("Percent")]
    rows = [[str(d.title), r.label, r.count, r.percent] for d in dimensions for r in d.rows]
    return header, rows
