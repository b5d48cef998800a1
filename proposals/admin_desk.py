"""The delegates' items on the office's desk: how many wait in each list, each count a link to
exactly the list it counts (the queues' pages, the change list's work lists, the extension
requests), in one query."""

import datetime

from django.urls import reverse
from django.utils.html import escape
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
    and in all, each count with the address of the change list filtered to exactly its items.
    One query."""
    items = reverse("admin:proposals_proposal_changelist")

    def cells(counts: dict, unit_id=None) -> list[dict]:
        unit = f"&{HANDLED_BY_PARAMETER}={unit_id}" if unit_id else ""
        return [
            {
                "tone": tone,
                "count": counts[tone],
                "url": f"{items}?{TIME_LEFT_PARAMETER}={tone}{unit}",
            }
            for tone in TONES
        ]

    units = time_left_by_unit(today)
    totals = {tone: sum(unit[tone] for unit in units) for tone in TONES}
    rows = [{"name": u["unit__name"], "cells": cells(u, u["unit_id"])} for u in units]
    return {"units": rows, "unit_rows": unit_rows_html(rows), "totals": cells(totals)}


def unit_rows_html(rows: list[dict]) -> str:
    """The table's row of each unit, as the template wrote them (`tests/proposals/
    test_time_left.py` compares both): a row a unit leading items (617 at 100,000 items), three
    cells each, took the template's steps most of the desk's time (docs/performance.md)."""
    lines = []
    for row in rows:
        cells = "".join(
            f'<td class="desk-count desk-{cell["tone"]}"><a href="{escape(cell["url"])}">'
            f"{cell['count']}</a></td>"
            if cell["count"]
            else f'<td class="desk-count desk-{cell["tone"]}">0</td>'
            for cell in row["cells"]
        )
        lines.append(f'<tr><th scope="row">{escape(row["name"])}</th>{cells}</tr>')
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
