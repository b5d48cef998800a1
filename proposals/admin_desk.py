"""The delegates' items on the office's desk: how many wait in each list, each count a link to
exactly the list it counts (the queues' pages, the change list's work lists, the extension
requests), in one query."""

import datetime
from html import escape as html_escape

from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from congress_office.desk import DeskPart, shown_count

from .admin_queues import QUEUE_COUNT_CAP
from .deadlines import TONES
from .selectors import OFFICE_LISTS, OFFICE_QUEUES, office_desk_counts
from .time_left import HANDLED_BY_PARAMETER, TIME_LEFT_PARAMETER, time_left_by_unit

# The desk's order: the office's own steps first, then what it follows.
ORDER = [
    "review",
    "unassigned",
    "overdue",
    "to_release",
    "extensions",
    "due_this_week",
    "replied",
    "tracking",
    "cosigning",
]
WORK_LIST_PARAMETER = "list"  # the change list's filter of OFFICE_LISTS


def desk_links() -> dict[str, tuple[str, str]]:
    """{name: (label, the list's address)} of every count on the desk."""
    queues = reverse("admin:proposals_proposal_queues")
    items = reverse("admin:proposals_proposal_changelist")
    links = {name: (queue.label, f"{queues}?queue={name}") for name, queue in OFFICE_QUEUES.items()}
    for name, office_list in OFFICE_LISTS.items():
        links[name] = (office_list.label, f"{items}?{WORK_LIST_PARAMETER}={name}")
    links["extensions"] = (
        _("Extension requests awaiting a decision"),
        reverse("admin:proposals_assignment_changelist") + "?extension=asked",
    )
    return links


def by_colour(today: datetime.date) -> dict:
    """The items being handled counted by the colour of their time left, for each lead unit
    (`units`: time_left_by_unit's rows, written as the table's rows by `unit_rows_html`) and
    in all, each count with the address of the change list filtered to exactly its items
    (`links`: each colour's, a unit's adding `&handled_by=` its id). One query."""
    items = reverse("admin:proposals_proposal_changelist")
    links = {tone: f"{items}?{TIME_LEFT_PARAMETER}={tone}" for tone in TONES}
    units = time_left_by_unit(today)
    totals = [
        {"tone": tone, "count": sum(unit[tone] for unit in units), "url": links[tone]}
        for tone in TONES
    ]
    return {
        "units": units,
        "links": links,
        "unit_rows": unit_rows_html(units, links),
        "totals": totals,
    }


def unit_rows_html(units: list[dict], links: dict[str, str]) -> str:
    """The table's row of each unit leading items (`time_left_by_unit`'s rows: 617 at 100,000
    items, three counts each), as the template wrote them (`tests/proposals/
    test_time_left.py` compares both): the template's steps were most of the desk's time
    (decision 259). Written from the rows as read, without a dictionary for each cell, and
    escaped by the standard library's `html.escape`, which Django's `escape` calls after
    steps of its own for lazy strings (there are none here): the rows took half as long
    (decision 275)."""
    hrefs = {tone: html_escape(url) for tone, url in links.items()}
    lines = []
    for unit in units:
        of_unit = html_escape(f"&{HANDLED_BY_PARAMETER}={unit['unit_id']}")
        cells = "".join(
            f'<td class="desk-count desk-{tone}"><a href="{hrefs[tone]}{of_unit}">'
            f"{unit[tone]}</a></td>"
            if unit[tone]
            else f'<td class="desk-count desk-{tone}">0</td>'
            for tone in TONES
        )
        lines.append(f'<tr><th scope="row">{html_escape(unit["unit__name"])}</th>{cells}</tr>')
    return mark_safe("\n".join(lines))  # noqa: S308 - every value above is escaped


def read_desk(today: datetime.date) -> dict:
    counts = office_desk_counts(today, cap=QUEUE_COUNT_CAP)
    links = desk_links()
    return {
        "by_colour": by_colour(today),
        "rows": [
            {
                "name": name,
                "label": links[name][0],
                "url": links[name][1],
                "count": counts[name],
                "shown": shown_count(counts[name], QUEUE_COUNT_CAP),
            }
            for name in ORDER
        ],
    }


PROPOSALS_DESK = DeskPart(
    order=10,
    permission="proposals.view_proposal",
    template="admin/desk/proposals.html",
    read=read_desk,
)
