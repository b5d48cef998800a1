"""The deadlines an assignment gets when an item is routed: the lead unit's reply deadline
(the rules' months, or working days for an urgent item), a co-handling unit's, and the last
day the unit may send the item back. The services ask the working-day calendar for each date
(`congress_office.workdays`, the default); the large office (devdata/) passes a `Calendar`
read once for its whole span, which answers the same."""

import datetime
from typing import NamedTuple

from django.db.models import Q
from django.utils.translation import pgettext_lazy

from congress_office import workdays

from .models import Assignment, ProposalRules


def assignment_deadlines(
    rules: ProposalRules,
    *,
    role: str,
    urgent: bool,
    on: datetime.date,
    calendar=workdays,
    inquiry: bool = False,
) -> tuple[datetime.date, datetime.date]:
    """(deadline, send back until) of an assignment routed on the day. An inquiry's
    units answer within the rules' working days for inquiries (docs/decisions.md, 151)."""
    if inquiry:  # the co-handling units too: their views reach the lead unit in time
        deadline = calendar.add_working_days(on, rules.inquiry_reply_working_days)
    elif role == Assignment.Role.CO:
        deadline = calendar.deadline_after_months(on, rules.co_handling_months)
    elif urgent:
        deadline = calendar.add_working_days(on, rules.urgent_reply_working_days)
    else:
        deadline = calendar.deadline_after_months(on, rules.reply_months)
    return deadline, calendar.add_working_days(on, rules.send_back_working_days)


# The desk's "due within seven days" list counts the items this close to their deadline.
DUE_SOON_DAYS = 7


class TimeLeft(NamedTuple):
    """How an assignment's deadline reads today: its tone ("ok" green, "soon" amber, "over"
    red: the chip's class chip-due-<tone>) and the days left (negative: days overdue)."""

    tone: str
    days: int

    @property
    def overdue(self) -> int:
        return -self.days

    @property
    def word(self) -> str:
        """The colour in words, as the chips and the ledger write it."""
        return str(TIME_LEFT_LABELS[self.tone])


def amber_from(given_from: datetime.date, deadline: datetime.date, share_percent: int):
    """The first day an assignment reads "due soon": when the days left are at most
    `share_percent` of the whole time it was given (from routing, or from the extension or the
    office's new deadline, to the deadline). The deadline itself is always "due soon"."""
    given = max((deadline - given_from).days, 0)
    return deadline - datetime.timedelta(days=given * share_percent // 100)


def time_left(deadline: datetime.date, amber_on: datetime.date | None, today: datetime.date):
    """The one rule of the colours, for every page: red once the deadline has passed (the
    deadline is the last day: a working day, as `assignment_deadlines` counted it), amber from
    `amber_on` (`amber_from`, kept on the assignment; none kept reads as the deadline), green
    before."""
    days = (deadline - today).days
    if days < 0:
        return TimeLeft("over", days)
    if today >= (amber_on or deadline):
        return TimeLeft("soon", days)
    return TimeLeft("ok", days)


TONES = ("ok", "soon", "over")
# What each tone reads, on the chips and the filters.
TIME_LEFT_LABELS = {
    "ok": pgettext_lazy("time left", "On time"),
    "soon": pgettext_lazy("time left", "Due soon"),
    "over": pgettext_lazy("time left", "Overdue"),
}


def time_left_condition(
    tone: str, today: datetime.date, *, deadline: str = "deadline", amber_on: str = "amber_on"
) -> Q:
    """`time_left`'s rule as a query condition on the named date fields (an assignment's, or an
    item's lead_deadline and lead_amber_on), so that counts and filters agree with the chips."""
    if tone == "over":
        return Q(**{f"{deadline}__lt": today})
    if tone == "soon":
        return Q(**{f"{deadline}__gte": today, f"{amber_on}__lte": today})
    return Q(**{f"{amber_on}__gt": today})
