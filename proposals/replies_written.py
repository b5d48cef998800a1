"""The item's replies on the office's change page, written as admin/proposals/_replies.html
(with proposals/_views_said.html) writes them, the same to the character (decision 435).

The template's loop, its include for every reply, its `with`, its translations, filters and
tag each went through the template engine's variable look-ups: half a millisecond for an
item's three replies, two and a half for sixteen, where writing them here takes a tenth of
that. The template stays, as what this is compared with (tests/proposals/test_replies_written.py
renders both for replies of every kind, in both languages).

The text is kept per process by what it shows of each reply (`_shown_by`: its result, day,
review, text and reason, its assignment's role and unit's name, the co-handling units it names)
with the language, script prefix, URLconf and time zone (decision 537): an item's sixteen
replies were written on every opening of its page, for the kept fieldset's key."""

from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import gettext

from congress_office import wording
from congress_office.kept_text import kept, kept_store, language_key
from congress_office.localized_dates import date_format
from congress_office.templatetags.wording import join_list

KEEP = True  # Off: written on every call (the tests compare)
AT_MOST = 1024  # an item's replies, by language and time zone: started again when full

_written = kept_store()


def replies_written(replies) -> SafeString:
    """admin/proposals/_replies.html's text for these replies (`item_replies`' list), kept by
    what it shows (the module's docstring)."""
    if not KEEP:
        return _written_now(replies)
    key = (*language_key(), get_current_timezone_name(), *map(_shown_by, replies))
    try:
        return kept(_written, key, lambda: _written_now(replies), AT_MOST)
    except TypeError:  # a value that is no key
        return _written_now(replies)


def _shown_by(reply) -> tuple:
    """What `_reply` shows of the reply: the key of its text."""
    assignment = reply.assignment
    return (
        assignment.unit.name,
        assignment.role,
        reply.result,
        reply.replied_at,
        reply.review,
        reply.text,
        tuple(reply.units_taken_in()),
        tuple(reply.units_missing()),
        reply.return_reason,
    )


def _written_now(replies) -> SafeString:
    if not replies:
        return mark_safe("—")
    # What the page's language writes the same for every reply: the template's literal
    # texts are safe (`{% translate %}` does not escape them), the tag's result is escaped.
    suffix = conditional_escape(wording.label_suffix())
    words = {
        "taken": gettext("Co-handling units' views taken in") + suffix,
        "missing": gettext("No view received from") + suffix,
        "returned": gettext("The office's reason for sending it back") + suffix,
    }
    return mark_safe("".join(_reply(reply, words) for reply in replies))


def _reply(reply, words: dict) -> str:
    """One reply: the loop's body."""
    assignment = reply.assignment
    parts = [
        f"<p><strong>{conditional_escape(assignment.unit)} · ",
        f"{conditional_escape(assignment.get_role_display())} · ",
        f"{conditional_escape(reply.get_result_display())}</strong> · {_day(reply.replied_at)}",
    ]
    if reply.review:
        parts.append(f" · {conditional_escape(reply.get_review_display())}")
    parts.append(f"<br>{linebreaksbr(reply.text, True)}")
    # proposals/_views_said.html
    taken, missing = reply.units_taken_in(), reply.units_missing()
    if taken:
        parts.append(f'<br><span class="muted">{words["taken"]}{join_list(taken)}</span>')
    if missing:
        parts.append(f'<br><span class="muted">{words["missing"]}{join_list(missing)}</span>')
    if reply.return_reason:
        parts.append(f"<br>{words['returned']}{linebreaksbr(reply.return_reason, True)}")
    parts.append("</p>")
    return "".join(parts)


def _day(moment) -> str:
    """`{{ moment|date }}`: the day in the page's time zone and format, escaped."""
    if moment in (None, ""):
        return ""
    return escape(date_format(timezone.template_localtime(moment), "DATE_FORMAT"))
