"""The structure page's tables written in Python. A term's dimensions list hundreds of rows (a
category, its delegates, its share, a bar) and the vacancies every electoral unit: through the
template engine, each cell's lookups, localisation and escaping were most of the page's time,
and grew with the term's units (issue 15). The same markup as the template wrote."""

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

BAR = (
    '<td class="bar-cell"><svg class="bar-chart" width="100%" height="14" aria-hidden="true">'
    '<rect class="track" x="0" y="2" width="100%" height="10"></rect>'
    '<rect x="0" y="2" width="{:.1f}%" height="10"></rect></svg></td>'
)


def _shown(value) -> str:
    """A value as `{{ value }}` shows it: localised, escaped."""
    return conditional_escape(localize(value))


@register.simple_tag
def dimension_rows(rows) -> str:
    """A dimension's rows (`delegates.statistics.Row`): category, delegates, percent, bar."""
    return mark_safe(
        "\n".join(
            f"<tr><td>{_shown(row.label)}</td><td>{_shown(row.count)}</td>"
            f"<td>{_shown(row.percent)}%</td>{BAR.format(row.percent)}</tr>"
            for row in rows
        )
    )


@register.simple_tag
def vacancy_rows(units) -> str:
    """The electoral units' rows: name, seats, seats held, vacancies (in bold when any)."""
    return mark_safe(
        "\n".join(
            f"<tr><td>{_shown(unit.name)}</td><td>{_shown(unit.seats)}</td>"
            f"<td>{_shown(unit.holders)}</td><td>"
            + (f"<strong>{_shown(unit.vacancies)}</strong>" if unit.vacancies else "0")
            + "</td></tr>"
            for unit in units
        )
    )
