from functools import lru_cache

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language, gettext, ngettext

from ..deadlines import time_left

register = template.Library()


@register.simple_tag
def time_left_chip(deadline, amber_on):
    """{% time_left_chip deadline amber_on %}: the time left in words ("due soon · 3 days
    left"), in the colour `deadlines.time_left` gives it; nothing without a deadline. Written
    here rather than in a template: lists show one a row, and a template rendered per row cost
    a change list of fifty items more than its queries (decision 173)."""
    if deadline is None:
        return ""
    return _chip(deadline, amber_on, timezone.localdate(), get_language())


@lru_cache(maxsize=2048)
def _chip(deadline, amber_on, today, language: str):
    """The chip of a deadline, written once per process for the day and the language (the
    words are the active language's, which `language` names in the key): the same deadlines
    come back on every page of a list, and `format_html` with three translations a row was a
    third of the assignments list's rows (decision 301)."""
    left = time_left(deadline, amber_on, today)
    return format_html(
        '<span class="chip chip-due-{}">{} · {}</span>',
        left.tone,
        left.word,
        _days(left),
    )


def _days(left) -> str:
    if left.days < 0:
        days = ngettext("%(days)s day overdue", "%(days)s days overdue", left.overdue)
        return days % {"days": left.overdue}
    if left.days == 0:
        return gettext("due today")
    return ngettext("%(days)s day left", "%(days)s days left", left.days) % {"days": left.days}
