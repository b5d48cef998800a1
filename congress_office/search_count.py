"""A searched change list counts its matches up to `SEARCH_COUNT_CAP` (decision 271).

A word in most titles (关于, a year's 20) matches nearly every item: counting them all for the
paginator read 100,000 items (290,000 assignments) on each search, more than everything else
on the page, to print a number nobody pages through. The count stops at the cap plus one and
the page says "more than" it (the paginator's `more`, as the security trail's list,
decision 257); the pages reach the first `SEARCH_COUNT_CAP` matches in the list's order. A
list without a search counts as before; an export (the ledger) still holds every match."""

from django.contrib.admin.views.main import SEARCH_VAR

from .admin_audit import CappedCount

SEARCH_COUNT_CAP = 1_000


class SearchedCount(CappedCount):
    cap = SEARCH_COUNT_CAP


def is_searched(request) -> bool:
    # Django searches nothing for blanks (no word to split).
    return bool(request.GET.get(SEARCH_VAR, "").strip())


class SearchCountCapped:
    """For a model admin: its searched list counts up to the cap."""

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if is_searched(request):
            return SearchedCount(queryset, per_page, orphans, allow_empty_first_page)
        return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)
