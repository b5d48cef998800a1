"""Punctuation that differs between the languages, for text put together in code: Chinese
joins a list with "、" and writes full-width brackets; English writes ", " and " (…)". The
marks are msgids of their own, so the catalogue carries each language's form."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import pgettext


def label_suffix() -> str:
    """What stands between a label and its value in running text: "办理期限：", "Deadline: "."""
    return pgettext("between a label and its value", ": ")


def list_separator() -> str:
    return pgettext("between the items of a list", ", ")


def join_list(items) -> str:
    """The items in the reader's language's list: "镇教育办公室、镇财政所", "A, B"."""
    return list_separator().join(str(item) for item in items)


def in_brackets(text, aside) -> str:
    """A text with an aside in brackets: "张代表（第一代表团）", "Zhang (Delegation 1)"."""
    return pgettext("a text with an aside in brackets", "%(text)s (%(aside)s)") % {
        "text": text,
        "aside": aside,
    }


def bracketed(aside) -> str:
    """An aside in the language's brackets: "（517 字节）", "(517 bytes)"."""
    return pgettext("an aside in brackets", "(%(aside)s)") % {"aside": aside}


def written_date(day) -> str:
    """A date as the reader's language writes it: "2026年12月18日", "Dec. 18, 2026"."""
    return date_format(day, "DATE_FORMAT")


def written_moment(moment) -> str:
    """A moment, in local time, as the reader's language writes it: "2026年12月18日 14:30"."""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def date_range(start, end) -> str:
    """Two dates as a range: "2026年12月18日至2026年12月19日", "Dec. 18, 2026 – Dec. 19, 2026";
    one date when they are equal."""
    if start == end:
        return written_date(start)
    return pgettext("a range of dates", "%(start)s – %(end)s") % {
        "start": written_date(start),
        "end": written_date(end),
    }


def labelled(label, value) -> str:
    """A label and its value in running text: "办理期限：2026年12月18日", "Deadline: Dec. 18"."""
    return f"{label}{label_suffix()}{value}"
