"""Template filters for the punctuation that differs between the languages
(congress_office.wording)."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from congress_office import wording

register = template.Library()


@register.filter(needs_autoescape=True)
def join_list(items, autoescape=True):
    """`{{ units|join_list }}`: the items joined with the reader's list separator ("、" in
    Chinese), each escaped as the page escapes."""
    escape = conditional_escape if autoescape else str
    return mark_safe(escape(wording.list_separator()).join(escape(item) for item in items))


@register.simple_tag(name="label_suffix")
def label_suffix_tag():
    """`{% translate "Deadline" %}{% label_suffix %}<strong>…`: "办理期限：", "Deadline: "."""
    return wording.label_suffix()


@register.filter(needs_autoescape=True)
def bracketed(aside, autoescape=True):
    """`{{ doc.size|filesizeformat|bracketed }}`: "（517 字节）", "(517 bytes)"."""
    escape = conditional_escape if autoescape else str
    return mark_safe(wording.bracketed(escape(aside)))


@register.filter
def date_range(start, end):
    """`{{ session.start_date|date_range:session.end_date }}`: "2026年12月18日至2026年12月19日"."""
    return wording.date_range(start, end)
