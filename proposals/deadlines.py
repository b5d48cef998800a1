"""The deadlines an assignment gets when an item is routed: the lead unit's reply deadline
(the rules' months, or working days for an urgent item), a co-handling unit's, and the last
day the unit may send the item back. The services ask the working-day calendar for each date
(`congress_office.workdays`, the default); the large office (devdata/) passes a `Calendar`
read once for its whole span, which answers the same."""

import datetime

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


# A deadline this close is "due soon": the desk's "due within seven days" list, and the amber
# of the time-left chips (green beyond, red once passed).
DUE_SOON_DAYS = 7


def due_tone(days_left: int) -> str:
    """How a deadline `days_left` days away reads: "over" (passed), "soon" or "ok"."""
    if days_left < 0:
        return "over"
    return "soon" if days_left < DUE_SOON_DAYS else "ok"
