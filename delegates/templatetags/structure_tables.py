"""The structure page's tables written in Python. A term's dimensions list hundreds of rows (a
category, its delegates, its share, a bar) and the vacancies every electoral unit: through the
template engine, each cell's lookups, localisation and escaping were most of the page's time,
and grew with the term's units (issue 15). The same markup as the template wrote."""

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from congress_office.kept_text import keep, kept_store

register = template.Library()

BAR = (
    '<td class="bar-cell"><svg class="bar-chart" width="100%" height="14" aria-hidden="true">'
    '<rect class="track" x="0" y="2" width="100%" height="10"></rect>'
    '<rect x="0" y="2" width="{:.1f}%" height="10"></rect></svg></td>'
)


# A number as the page's language shows it, written once per process (decision 383): Django's
# localising of each count and share (the language's separators and grouping, looked up each
# time) was most of the tables' time; a term's counts and shares are a few hundred numbers.
_numbers = kept_store()


def _shown(value, language) -> str:
    """A value as `{{ value }}` shows it: localised, escaped. A number in `language` (the
    active one) kept, by its type too (1, 1.0 and True are shown apart)."""
    if isinstance(value, str):
        return conditional_escape(value)  # localize() gives a text as it is
    key = (language, type(value), value)
    try:
        return _numbers[key]
    except (KeyError, TypeError):
        shown = conditional_escape(localize(value))
    if type(value) in (int, float):
        keep(_numbers, key, shown, 4096)
    return shown


@register.simple_tag
def dimension_rows(rows) -> str:
    """A dimension's rows (`delegates.statistics.Row`): category, delegates, percent, bar."""
    language = get_language()
    return mark_safe(
        "\n".join(
            f"<tr><td>{_shown(row.label, language)}</td><td>{_shown(row.count, language)}</td>"
            f"<td>{_shown(row.percent, language)}%</td>{BAR.format(row.percent)}</tr>"
            for row in rows
        )
    )


@register.simple_tag
def vacancy_rows(units) -> str:
    """The electoral units' rows: name, seats, seats held, vacancies (in bold when any)."""
    language = get_language()
    return mark_safe(
        "\n".join(
            f"<tr><td>{_shown(unit.name, language)}</td><td>{_shown(unit.seats, language)}</td>"
            f"<td>{_shown(unit.holders, language)}</td><td>"
            + (f"<strong>{_shown(unit.vacancies, language)}</strong>" if unit.vacancies else "0")
            + "</td></tr>"
            for unit in units
        )
    )
