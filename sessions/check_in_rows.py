"""The rows of the check-in page: a delegate each, with their attendance and the buttons that
record it. A delegation's list has up to a hundred of them and the desks open it all day:
written out by one `format_html` a row here instead of the template language's dozen lookups
a row, they cost a tenth of the time (docs/performance.md, session day). The markup is the
template's as it was."""

from django.middleware.csrf import get_token
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .models import Attendance

ROW = """    <li id="delegate-{pk}">
      <div><strong>{name}</strong> <span class="muted">{delegation} · {work_unit}</span>
        {badge}
      </div>
      {form}
    </li>
"""
BADGE = '<span class="badge badge-{}">{}</span>'
FORM = """<form method="post" class="check-in-actions">
        <input type="hidden" name="csrfmiddlewaretoken" value="{token}">
        <input type="hidden" name="delegate" value="{pk}">
        <input type="hidden" name="method" value="{method}">
        {buttons}
      </form>"""
KEY_MARK = "\x00key\x00"  # where each row's key goes in the form written once (escape keeps it)
BUTTON = '<button type="submit" name="status" value="{}" class="{}">{}</button>'


def check_in_rows(request, people, *, method: str, offer_buttons: bool) -> SafeString:
    """The rows of `people` (`check_in_reads.CheckInPerson`s), with the buttons unless the
    session takes no check-in now. What is the same in every row (the badges, the form but
    the delegate's key) is written once; each row then escapes only its own three texts."""
    labels = {
        Attendance.Status.PRESENT: gettext("Present"),
        Attendance.Status.ON_LEAVE: gettext("On leave"),
        Attendance.Status.ABSENT: gettext("Absent"),
    }
    badges = {status: format_html(BADGE, status, label) for status, label in labels.items()}
    before = after = ""  # the row's form around its delegate's key
    if offer_buttons:
        buttons = format_html_join(
            "\n        ",
            BUTTON,
            [
                (status, "button" if n == 0 else "small-button", labels[status])
                for n, status in enumerate(labels)
            ],
        )
        fields = {"token": get_token(request), "method": method, "buttons": buttons}
        before, after = format_html(FORM, pk=KEY_MARK, **fields).split(KEY_MARK)
    head, tail = ROW.split("{form}")
    rows = [
        head.format(
            pk=int(person.pk),
            name=escape(person.name),
            delegation=escape(person.delegation_name or ""),
            work_unit=escape(person.work_unit),
            badge=_badge(badges, person.attendance_status),
        )
        + (f"{before}{int(person.pk)}{after}" if offer_buttons else "")
        + tail
        for person in people
    ]
    return mark_safe("".join(rows))  # noqa: S308 - every text in the rows is escaped


def _badge(badges: dict, status) -> str:
    if not status:
        return ""
    if status in badges:
        return badges[status]
    return format_html(BADGE, status, badges and gettext("Absent"))
