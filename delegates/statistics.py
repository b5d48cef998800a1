"""The structure of the delegation on a date: who the active delegates are, counted along
each dimension the rules want balanced. A fixed number of queries whatever the size."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Delegate, Term
from .selectors import active_delegates_on

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


def _age(birth: datetime.date, on: datetime.date) -> int:
    """The age in whole years by the year and month of birth (出生年月), as the office's
    forms count it: a delegate is a year older from the first of their birth month. That is
    all a record keeps once its personal details are removed (decision 235), so removing
    them changes no count."""
    return on.year - birth.year - (on.month < birth.month)


def structure_statistics(term: Term, on_date: datetime.date) -> tuple[int, list[Dimension]]:
    """(number of active delegates, the dimensions) for the term on the date. Three queries:
    the delegates' facts, and the names of delegations and electoral units."""
    facts = list(
        active_delegates_on(term, on_date).values_list(
            "gender",
            "ethnicity",
            "education",
            "occupation",
            "birth_date",
            "delegation__name",
            "electoral_unit__name",
        )
    )
    total = len(facts)

    def count(index):
        counts = {}
        for row in facts:
            key = row[index] if row[index] is not None else "—"
            counts[key] = counts.get(key, 0) + 1
        return counts

    ages = {}
    for row in facts:
        age = _age(row[4], on_date)
        band = next(label for low, high, label in AGE_BANDS if low <= age <= high)
        ages[band] = ages.get(band, 0) + 1
    delegations = dict.fromkeys(term.delegations.order_by("name").values_list("name", flat=True))
    units = dict.fromkeys(term.electoral_units.order_by("name").values_list("name", flat=True))
    dimensions = [
        Dimension("gender", _("Gender"), _rows(count(0), dict(Delegate.Gender.choices), total)),
        Dimension("age", _("Age"), _rows(ages, {label: label for *_, label in AGE_BANDS}, total)),
        Dimension("ethnicity", _("Ethnicity"), _rows(count(1), {}, total)),
        Dimension(
            "education", _("Education"), _rows(count(2), dict(Delegate.Education.choices), total)
        ),
        Dimension(
            "occupation",
            _("Occupation category"),
            _rows(count(3), dict(Delegate.Occupation.choices), total),
        ),
        Dimension(
            "delegation", _("Delegation"), _rows(count(5), {k: k for k in delegations}, total)
        ),
        Dimension(
            "electoral_unit", _("Electoral unit"), _rows(count(6), {k: k for k in units}, total)
        ),
    ]
    return total, dimensions


def statistics_table(dimensions: list[Dimension]) -> tuple[list, list[list]]:
    """The statistics as one flat table, for CSV and XLSX."""
    header = [_("Dimension"), _("Category"), _("Delegates"), _("Percent")]
    rows = [[str(d.title), r.label, r.count, r.percent] for d in dimensions for r in d.rows]
    return header, rows
