"""The rows of a delegation's page for its leader: a member each, with their qualification
and the year's activities. A delegation has up to a hundred members: written out by one
`str.format` a row, with the link written once, instead of the template language's dozen
look-ups and a `{% url %}` a row (four fifths of the page's time, decision 286's pass), as
the check-in page's rows are (sessions/check_in_rows.py). The markup is the template's as it
was."""

import html

from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Delegate

ROW = """
      <tr>
        <th scope="row"><a href="{link}{pk}{after}?year={year}">{name}</a><div class="muted">{work_unit}</div></th>
        <td><span class="chip chip-delegate-{status}">{status_label}</span></td>
        <td class="num">{attended}</td>
      </tr>
      """  # noqa: E501 - the template's line
KEY_MARK = 987654321  # where each row's key goes in the link reversed once


def delegation_rows(members, year: int) -> SafeString:
    """The rows of `members` (from `selectors.delegation_members`) for `year`.

    Each text is escaped by `html.escape`, which Django's `escape` calls after making its
    argument a string (Django's, wrapped to take lazy strings, cost as much again a call:
    decision 327); a status's chip and a number of activities are written once a page."""
    link, after = reverse("delegates:delegate_record", args=[KEY_MARK]).split(str(KEY_MARK))
    # `get_status_display`'s labels, looked up once (it makes the choices hashable each call).
    labels = dict(Delegate._meta.get_field("status").flatchoices)
    fixed = {"link": escape(link), "after": escape(after), "year": escape(localize(year))}
    chips, counts = {}, {}
    rows = []
    for member in members:
        status, attended = member.status, member.activities_attended
        if status not in chips:
            chips[status] = (_escaped(status), _escaped(labels.get(status, status)))
        if attended not in counts:
            counts[attended] = _escaped(localize(attended))
        shown_status, status_label = chips[status]
        rows.append(
            ROW.format(
                pk=int(member.pk),
                name=_escaped(member.name),
                work_unit=_escaped(member.work_unit),
                status=shown_status,
                status_label=status_label,
                attended=counts[attended],
                **fixed,
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 - every text in the rows is escaped


def _escaped(value) -> str:
    """`django.utils.html.escape(value)`'s text."""
    return html.escape(str(value))
