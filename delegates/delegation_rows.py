"""The rows of a delegation's page for its leader: a member each, with their qualification
and the year's activities. A delegation has up to a hundred members: written out by one
`str.format` a row, with the link written once, instead of the template language's dozen
look-ups and a `{% url %}` a row (four fifths of the page's time, decision 286's pass), as
the check-in page's rows are (sessions/check_in_rows.py). The markup is the template's as it
was."""

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
    """The rows of `members` (from `selectors.delegation_members`) for `year`."""
    link, after = reverse("delegates:delegate_record", args=[KEY_MARK]).split(str(KEY_MARK))
    year_shown = escape(localize(year))
    # `get_status_display`'s labels, looked up once (it makes the choices hashable each call).
    labels = dict(Delegate._meta.get_field("status").flatchoices)
    rows = [
        ROW.format(
            link=escape(link),
            pk=int(member.pk),
            after=escape(after),
            year=year_shown,
            name=escape(member.name),
            work_unit=escape(member.work_unit),
            status=escape(member.status),
            status_label=escape(labels.get(member.status, member.status)),
            attended=escape(localize(member.activities_attended)),
        )
        for member in members
    ]
    return mark_safe("".join(rows))  # noqa: S308 - every text in the rows is escaped
