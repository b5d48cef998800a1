"""The rows of the office's queues and of a unit's inbox, written out in Python like the
statistics table: fifty rows of eight cells cost more through the template engine, cell by
cell, than the rest of the page. Every value is escaped (html.escape) before it is marked
safe."""

from html import escape

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from proposals.models import Proposal

register = template.Library()


def _text(value) -> str:
    return "—" if value in (None, "") else escape(str(value))


def _cells(item, changelist_url: str, shows_deadline: bool, checkbox_name: str) -> str:
    name = escape(f"{item.number} {item.title}".strip())
    cells = []
    if checkbox_name:
        cells.append(
            f'<td class="action-checkbox"><input type="checkbox" name="{checkbox_name}" '
            f'value="{item.pk}" class="action-select" aria-label="{name}"></td>'
        )
    cells += [
        f"<td>{_text(item.number)}</td>",
        f'<th scope="row"><a href="{escape(changelist_url)}{item.pk}/change/">'
        f"{escape(item.title)}</a></th>",
        f"<td>{_text(item.get_kind_display())}</td>",
        f"<td>{_text(item.author.name)}</td>",
        f"<td>{_text(item.category.name if item.category else None)}</td>",
    ]
    if shows_deadline:
        deadline = item.lead_deadline
        overdue = item.days_overdue
        cells += [
            f"<td>{_text(item.lead_unit.name if item.lead_unit else None)}</td>",
            f"<td>{_text(date_format(deadline) if deadline else None)}</td>",
            f"<td>{f'<strong>{overdue}</strong>' if overdue > 0 else ''}</td>",
        ]
    else:
        submitted = item.submitted_at and timezone.localtime(item.submitted_at)
        shown = date_format(submitted, "SHORT_DATE_FORMAT") if submitted else None
        cells.append(f"<td>{_text(shown)}</td>")
    return "<tr>" + "".join(cells) + "</tr>"


@register.simple_tag
def queue_rows(items, changelist_url, shows_deadline, checkbox_name=""):
    """One row per item: a checkbox for the bulk actions (when the queue has any), number,
    title linked to the item's page, kind, author, category, then the lead unit, deadline and
    days overdue, or the day it was submitted."""
    rows = "\n".join(_cells(i, changelist_url, shows_deadline, checkbox_name) for i in items)
    return mark_safe(rows)  # noqa: S308 - every value is escaped in _cells


def _inbox_item(assignment, today, labels: dict) -> str:
    item = assignment.proposal
    about = [assignment.unit.name, assignment.get_role_display(), item.author.name]
    if item.category:
        about.append(item.category.name)
    deadline = date_format(assignment.deadline)
    days = (assignment.deadline - today).days
    if days < 0:
        due = f'<span class="badge badge-terminated">{deadline} · {labels["overdue"]}</span>'
    else:
        left = ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}
        due = f'<strong>{deadline}</strong> <span class="muted">({escape(left)})</span>'
    if item.status == Proposal.Status.TRACKING:
        due += f' · <span class="badge badge-suspended">{escape(item.get_status_display())}</span>'
    url = reverse("proposals:assignment_detail", args=[assignment.pk])
    return (
        f'<li><a href="{url}"><strong>{escape(str(item))}</strong></a>'
        f'<div class="muted">{" · ".join(escape(str(part)) for part in about)}</div>'
        f"<div>{labels['deadline']}: {due}</div></li>"
    )


@register.simple_tag
def inbox_items(assignments, today):
    """One list item per assignment of a unit's inbox: the item, the unit, its role, the
    author and category, and the deadline with the days left (or overdue)."""
    labels = {"deadline": escape(gettext("Deadline")), "overdue": escape(gettext("overdue"))}
    items = "\n".join(_inbox_item(a, today, labels) for a in assignments)
    return mark_safe(items)  # noqa: S308 - every value is escaped in _inbox_item
