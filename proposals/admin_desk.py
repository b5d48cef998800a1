"""The delegates' items on the office's desk: how many wait in each list, each count a link to
exactly the list it counts (the queues' pages, the change list's work lists, the extension
requests), in one query."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress_office.desk import DeskPart, shown_count

from .admin_queues import QUEUE_COUNT_CAP
from .selectors import OFFICE_LISTS, OFFICE_QUEUES, office_desk_counts

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


def read_desk(today: datetime.date) -> dict:
    counts = office_desk_counts(today, cap=QUEUE_COUNT_CAP)
    links = desk_links()
    return {
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
