"""The unit's inbox's two lists (proposals/unit_home.html: the items to handle and the latest
handled), written in Python as the template's loops wrote them: each row's dozen variables,
filters and tags resolved again by the template engine were a third of the page's CPU
(decision 307). `tests/proposals/test_inbox_rows.py` compares both, in both languages."""

from html import escape

from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from congress_office.localized_dates import date_format
from congress_office.wording import label_suffix

from .templatetags.deadlines import time_left_chip


def _day(value) -> str:
    """`{{ value|date }}`."""
    return "" if value in (None, "") else escape(date_format(value, "DATE_FORMAT"))


def _status_chip(row) -> str:
    status, label = escape(row.status), escape(str(row.get_status_display()))
    return f'<span class="chip chip-proposal-{status}">{label}</span>'


def inbox_rows_html(rows) -> str:
    """The items to handle (`inbox_reads.UnitInbox`'s rows, each with its `page_url`)."""
    deadline_label = escape(gettext("Deadline")) + escape(label_suffix())
    view_sent = escape(gettext("View sent to the lead unit"))
    view_sent = f'<span class="chip">{view_sent}</span>'
    days, chips = {}, {}  # each day and (deadline, amber_on)'s chip written once a page
    written = []
    for row in rows:
        if row.is_tracked:
            chip = _status_chip(row)
        elif row.view_given:
            chip = view_sent
        else:
            key = (row.deadline, row.amber_on)
            if key not in chips:
                chips[key] = time_left_chip(*key)
            chip = chips[key]
        if row.deadline not in days:
            days[row.deadline] = _day(row.deadline)
        category = f" · {escape(row.category_name)}" if row.category_name is not None else ""
        written.append(
            f'\n    <li><a href="{escape(row.page_url)}"><strong>{escape(str(row))}'
            "</strong></a>\n"
            f'      <div class="muted">{escape(row.unit_name)} · '
            f"{escape(str(row.get_role_display()))} · {escape(row.author_name)}{category}"
            "</div>\n"
            f"      <div>{deadline_label}<strong>{days[row.deadline]}</strong> {chip}</div>\n"
            "    </li>\n    "
        )
    return mark_safe("".join(written))  # noqa: S308 - every value above is escaped


def handled_rows_html(rows) -> str:
    """The latest handled items (`inbox_reads.unit_handled_rows`, each with its `page_url`)."""
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(
            f'\n    <li><a href="{escape(row.page_url)}">{escape(str(row))}</a>\n'
            f'      <div class="muted">{escape(row.unit_name)} · '
            f"{escape(str(row.get_role_display()))} · {_status_chip(row)}</div></li>\n    "
            for row in rows
        )
    )
