"""Change lists whose pages and counts are read by statements written once per process
(kept_pages.py, kept_counts.py; decisions 388, 390): for a model admin, `KeptLists`."""

from .kept_counts import with_kept_counts
from .list_links import OfficeChangeList


class KeptListChangeList(OfficeChangeList):
    """The office's change list, its page and counts read by statements written once."""

    _counts_kept = False

    def get_queryset(self, request, exclude_parameters=None):
        # The list's querysets are all made from its root (the filtered list, the search's
        # count, the filters' facets): they count by statements written once, the counts
        # kept for this list alone (a copy of the root: the admin's may be shared).
        if not self._counts_kept:
            self.root_queryset = with_kept_counts(self.root_queryset._chain())
            self._counts_kept = True
        return super().get_queryset(request, exclude_parameters)

    def get_results(self, request):
        super().get_results(request)  # the page kept (`list_page_kept`)
        self.model_admin.list_rows_read(request, self.result_list)


class KeptLists:
    """For a model admin (before OfficeModelAdmin): its list's pages and counts read by
    statements written once (decisions 388, 390)."""

    list_page_kept = True

    def get_actions(self, request):
        """Django's actions, worked out once a request (decision 496). A list page asks for
        them three times (the view, the change list's checkbox column, the action form's
        choices), and each time Django asks every action's permissions again: some thirty
        questions a page for the same answer. They depend on the request (its user's
        permissions, the popup parameter) and the admin, so they are kept on the request
        for this admin alone, and each caller gets a copy."""
        found = request.__dict__.setdefault("_actions_found", {})
        actions = found.get(self)
        if actions is None:
            actions = found[self] = super().get_actions(request)
        return dict(actions)

    def get_changelist(self, request, **kwargs):
        return KeptListChangeList

    def list_rows_read(self, request, rows) -> None:
        """What the page's `rows` show beyond their columns, read for them alone (an
        annotation of the list's queryset is counted and filtered with the whole list)."""
