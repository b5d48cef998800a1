"""The rows of the office's work queue page (admin/proposals/queues.html), written in Python as
the template's loop wrote them: fifty rows of nine cells, each cell a variable, a filter or a
tag the template engine resolved again for every row, were half the page's CPU (decision 307).
`tests/proposals/test_office_queues.py` compares both, in both languages."""

from html import escape

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from congress_office.localized_dates import date_format

from .templatetags.deadlines import time_left_chip

# A key no item has, to find where the key stands in the address of an item's page.
_ANY_KEY = 987654321
DASH = "—"  # what the template's `default:"—"` shows for an empty cell


def _day(value) -> str:
    """`{{ value|date|default:"—" }}`: the day in the language's DATE_FORMAT, a datetime in
    the office's time zone."""
    if value in (None, ""):
        return DASH
    return escape(date_format(template_localtime(value), "DATE_FORMAT"))


def _text(value) -> str:
    """`{{ value|default:"—" }}`, escaped."""
    return escape(str(value)) if value else DASH


def queue_rows_html(rows: list[dict], *, actions: bool, shows_deadline: bool) -> str:
    """The table body's rows (`office_queue`'s dicts, each with its `kind_label`), with the
    text the template wrote around and between them."""
    address = reverse("admin:proposals_proposal_change", args=[_ANY_KEY])
    before, after = (escape(part) for part in address.split(str(_ANY_KEY)))
    # A page's items mostly share their deadlines: each day and chip is written once a page.
    days, chips = {}, {}
    written = []
    for item in rows:
        pk, title = escape(str(item["pk"])), escape(item["title"])
        checkbox = ""
        if actions:
            named = f"{escape(item['number'])} {title}" if item["number"] else title
            checkbox = (
                f'<td class="action-checkbox"><input type="checkbox" name="{ACTION_CHECKBOX_NAME}"'
                f' value="{pk}" class="action-select" aria-label="{named}"></td>'
            )
        if shows_deadline:
            deadline = (item["lead_deadline"], item["lead_amber_on"])
            if deadline not in chips:
                days[deadline] = _day(deadline[0])
                chips[deadline] = time_left_chip(*deadline)
            dated = (
                f"\n      <td>{_text(item['lead_unit__name'])}</td>"
                f"\n      <td>{days[deadline]}</td>"
                f"\n      <td>{chips[deadline]}</td>"
                "\n      "
            )
        else:
            dated = f"\n      <td>{_day(item['submitted_at'])}</td>\n      "
        written.append(
            "\n    <tr>\n"
            f"      {checkbox}\n"
            f"      <td>{_text(item['number'])}</td>\n"
            f'      <th scope="row"><a href="{before}{pk}{after}">{title}</a></th>\n'
            f"      <td>{escape(str(item['kind_label']))}</td>\n"
            f"      <td>{_text(item['author__name'])}</td>\n"
            f"      <td>{_text(item['category__name'])}</td>\n"
            f"      {dated}\n"
            "    </tr>\n    "
        )
    return mark_safe("".join(written))  # noqa: S308 - every value above is escaped
