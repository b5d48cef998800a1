"""The rows of the check-in page: a delegate each, with their attendance and the buttons that
record it. A delegation's list has up to a hundred of them and the desks open it all day:
written out by one `format_html` a row here instead of the template language's dozen lookups
a row, they cost a tenth of the time (docs/performance.md, session day). The markup is the
template's as it was."""

from django.middleware.csrf import get_token
from django.utils.html import format_html, format_html_join
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
BUTTON = '<button type="submit" name="status" value="{}" class="{}">{}</button>'


def check_in_rows(request, people, *, method: str, offer_buttons: bool) -> SafeString:
    """The rows of `people` (from `selectors.check_in_list`), with the buttons unless the
    session takes no check-in now."""
    labels = {
        Attendance.Status.PRESENT: gettext("Present"),
        Attendance.Status.ON_LEAVE: gettext("On leave"),
        Attendance.Status.ABSENT: gettext("Absent"),
    }
    token = get_token(request) if offer_buttons else ""
    buttons = format_html_join(
        "\n        ",
        BUTTON,
        [
            (status, "button" if n == 0 else "small-button", labels[status])
            for n, status in enumerate(labels)
        ],
    )
    rows = []
    for person in people:
        status = person.attendance_status
        badge = format_html(BADGE, status, labels.get(status, labels["absent"])) if status else ""
        form = ""
        if offer_buttons:
            form = format_html(
                FORM,
                token=token,
                pk=person.pk,
                method=method,
                buttons=buttons,
            )
        rows.append(
            format_html(
                ROW,
                pk=person.pk,
                name=person.name,
                delegation=person.delegation.name if person.delegation else "",
                work_unit=person.work_unit,
                badge=badge,
                form=form,
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 - each row is format_html's, escaped
