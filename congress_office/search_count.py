"""A searched change list counts its matches up to `SEARCH_COUNT_CAP` (decision 271), and
reads a word in many rows in the list's order rather than from the index (decision 270).

A word in most titles (关于, a year's 20) matches nearly every item: counting them all for the
paginator read 100,000 items (290,000 assignments) on each search, more than everything else
on the page, to print a number nobody pages through. The count stops at the cap plus one and
the page says "more than" it (the paginator's `more`, as the security trail's list,
decision 257); the pages reach the first `SEARCH_COUNT_CAP` matches in the list's order. A
list without a search counts as before; an export (the ledger) still holds every match."""

import copy

from django.contrib.admin.views.main import SEARCH_VAR
from django.db import connection
from django.utils.functional import cached_property

from .admin_audit import CappedCount

SEARCH_COUNT_CAP = 1_000
# A word in more rows than the cap is searched without the index (below): each column with
# `caseless_contains`, the related name through Django's join.
WALKED = {
    "__indexed_contains": "__caseless_contains",
    "__whose_name_contains": "__name__caseless_contains",
}


class SearchedCount(CappedCount):
    cap = SEARCH_COUNT_CAP

    @cached_property
    def count(self):
        # Counted with the search (SearchCountCapped), kept on the query: its clones keep it.
        counted = getattr(self.object_list.query, "search_count", None)
        if counted is None:
            return super().count
        self.more = counted > self.cap
        return min(counted, self.cap)


def is_searched(request) -> bool:
    # Django searches nothing for blanks (no word to split).
    return bool(request.GET.get(SEARCH_VAR, "").strip())


class SearchCountCapped:
    """For a model admin whose search fields use `indexed_contains` (or `whose_name_contains`):
    its searched list counts up to the cap, and a search matching more rows than the cap
    reads its page without the index (decision 270): the same rows.

    Why: the planner takes a word's characters and its `LIKE` for independent and guesses a
    few dozen rows for a word in thousands (道路: 72 of 4,187 at 100,000 items), so it read
    every match from the index to sort them (120–210 ms). Without the characters it estimates
    from the column's statistics and walks the list's order until its page is full; a word in
    no more rows than the cap keeps the index, and its matches, at most the cap, are sorted.
    The search's count, taken once from the index and stopped at the cap, decides, and is
    the paginator's: no second count."""

    def get_search_results(self, request, queryset, search_term):
        found, duplicates = super().get_search_results(request, queryset, search_term)
        if connection.vendor != "postgresql" or not search_term.strip():
            return found, duplicates
        cap = SearchedCount.cap
        counted = found.order_by()[: cap + 1].count()
        if counted > cap:
            walked = copy.copy(self)
            walked.search_fields = [self._walked(field) for field in self.search_fields]
            found, duplicates = super(SearchCountCapped, walked).get_search_results(
                request, queryset, search_term
            )
        found.query.search_count = counted
        return found, duplicates

    @staticmethod
    def _walked(field: str) -> str:
        for indexed, walked in WALKED.items():
            if field.endswith(indexed):
                return field.removesuffix(indexed) + walked
        return field

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if is_searched(request):
            return SearchedCount(queryset, per_page, orphans, allow_empty_first_page)
        return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)
