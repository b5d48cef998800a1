from django import template

from ..deadlines import due_tone

register = template.Library()

# {{ days_left|due_tone }}: "over", "soon" or "ok", the chip's tone (chip-due-<tone>).
register.filter("due_tone", due_tone)


@register.filter
def absolute(days: int) -> int:
    """{{ days_left|absolute }}: how many days overdue, for "3 days overdue"."""
    return abs(days)
