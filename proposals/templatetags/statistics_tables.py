"""The statistics table and its chart, written out in Python: a table by unit has some
2,500 cells, and rendering each through the template engine cost more than counting them.
Every value is escaped (html.escape) before it is marked safe."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


def _cell(value) -> str:
    if value is None:
        return "—"
    return str(value) if isinstance(value, int | float) else escape(str(value))


def _row(cells, tag: str) -> str:
    return "<tr>" + "".join(f"<{tag}>{_cell(c)}</{tag}>" for c in cells) + "</tr>"


@register.simple_tag
def statistics_table(header, rows):
    """The same header and rows as the CSV and XLSX files (statistics_table); the last row is
    the total."""
    body = "\n".join(_row(row, "td") for row in rows[:-1])
    return mark_safe(  # noqa: S308 - every cell is escaped by _cell
        f'<table class="statistics"><thead>{_row(header, "th")}</thead>'
        f"<tbody>{body}</tbody><tfoot>{_row(rows[-1], 'th')}</tfoot></table>"
    )


@register.simple_tag
def rate_chart(groups, rate):
    """One bar (a <meter>, so no inline style is needed) per group for the named rate."""
    bars = (
        f'<div class="rate"><span>{_cell(f.label)}</span> '
        f'<meter min="0" max="100" value="{getattr(f, rate) or 0}"></meter> '
        f"{_cell(getattr(f, rate))}%</div>"
        for f in groups
    )
    return mark_safe("\n".join(bars))  # noqa: S308 - the label and rate are escaped by _cell
