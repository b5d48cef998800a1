"""The unit's inbox's two lists (proposals/unit_home.html: the items to handle and the latest
handled), written in Python as the template's loops wrote them: each row's dozen variables,
filters and tags resolved again by the template engine were a third of the page's CPU
(decision 307). `tests/proposals/test_inbox_rows.py` compares both, in both languages."""

from html import escape

from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from congress_office.localized_dates import date_format
from congress_office.wording import label_suffix

from .models import Proposal
from .templatetags.deadlines import time_left_chip


def _day(value) -> str:
    """`{{ value|date }}`."""
    return "" if value in (None, "") else escape(date_format(value, "DATE_FORMAT"))


def _status_chip(item) -> str:
    return f'<span class="chip chip-proposal-{escape(item.status)}">{escape(str(item.get_status_display()))}</span>'


def inbox_rows_html(assignments) -> str:
    """The items to handle (`unit_inbox`'s assignments, each with its `page_url`)."""
    deadline_label = escape(gettext("Deadline")) + escape(label_suffix())
    view_sent = f'<span class="chip">{escape(gettext("View sent to the lead unit"))}</span>'
    days, chips = {}, {}  # each day and (deadline, amber_on)'s chip written once a page
    written = []
    for assignment in assignments:
        item = assignment.proposal
        if item.status == Proposal.Status.TRACKING:
            chip = _status_chip(item)
        elif assignment.view_given:
            chip = view_sent
        else:
            key = (assignment.deadline, assignment.amber_on)
            if key not in chips:
                chips[key] = time_left_chip(*key)
            chip = chips[key]
        if assignment.deadline not in days:
            days[assignment.deadline] = _day(assignment.deadline)
        category = f" · {escape(item.category.name)}" if item.category else ""
        written.append(
            f'\n    <li><a href="{escape(assignment.page_url)}"><strong>{escape(str(item))}'
            "</strong></a>\n"
            f'      <div class="muted">{escape(assignment.unit.name)} · '
            f"{escape(str(assignment.get_role_display()))} · {escape(item.author.name)}{category}"
            "</div>\n"
            f"      <div>{deadline_label}<strong>{days[assignment.deadline]}</strong> {chip}</div>\n"
            "    </li>\n    "
        )
    return mark_safe("".join(written))  # noqa: S308 - every value above is escaped


def handled_rows_html(assignments) -> str:
    """The latest handled items (`unit_handled`'s assignments, each with its `page_url`)."""
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(
            f'\n    <li><a href="{escape(a.page_url)}">{escape(str(a.proposal))}</a>\n'
            f'      <div class="muted">{escape(a.unit.name)} · {escape(str(a.get_role_display()))} · '
            f"{_status_chip(a.proposal)}</div></li>\n    "
            for a in assignments
        )
    )
