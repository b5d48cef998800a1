"""The links of a change list (its sidebar's choices, its columns' sorting, its pages), each
parameter of the list encoded once a page instead of once a link (decision 322).

Django's `ChangeList.get_query_string` copies the list's parameters, sorts them and encodes
every one of them for every link: some eighty links a page (three a sortable column, one a
filter's choice, one a page number), each parameter quoted again each time. The list's own
parameters are the same in every link; only the one a link sets or removes differs."""

import re

from django.contrib.admin.filters import FieldListFilter
from django.contrib.admin.views.main import ChangeList
from django.db.models import QuerySet
from django.utils.http import urlencode

from .admin_filters import FindFilter
from .kept_counts import KeptAggregates, with_kept_aggregates
from .kept_pages import kept_page

# A filter's rows when none of its values is chosen: the rows given (decision 421).
FIELDS_QUERYSETS = (FieldListFilter.queryset, FindFilter.queryset)
# Values whose encoding is kept by what they are (a value of another kind, a lazy text say,
# is encoded each time, as Django does).
KEPT_KINDS = (str, int)
# What `quote_plus` (urlencode's quoting) leaves as it is: letters, digits and "_.-~".
UNQUOTED = re.compile(r"[A-Za-z0-9_.~-]*")


class OfficeChangeList(ChangeList):
    """Django's change list whose links are written as Django writes them, each of its
    parameters encoded once a page."""

    def get_queryset(self, request, exclude_parameters=None):
        # With the counts shown, each filter's facets are one aggregate of the list's
        # queryset: read by its statement written once (kept_counts.py, decision 418), on a
        # copy of the root (the admin's may be shared).
        if self.add_facets and not isinstance(self.root_queryset, KeptAggregates):
            self.root_queryset = with_kept_aggregates(self.root_queryset._chain())
        if exclude_parameters is not None and self._filters_nothing(exclude_parameters):
            # a filter's facets without a filter that filters nothing: the list's own rows
            return self.queryset._chain()
        return super().get_queryset(request, exclude_parameters)

    def _filters_nothing(self, parameters) -> bool:
        """Whether the list's rows, made without the filters of `parameters`, are its rows:
        those filters are Django's by a field (`FieldListFilter`'s `queryset`, or the find
        filter's, which leaves out the words typed), none chosen and no words typed."""
        if "queryset" not in self.__dict__:  # the list's own, still being made
            return False
        return all(
            type(spec).queryset in FIELDS_QUERYSETS and not spec.used_parameters
            for spec in self.filter_specs
            if spec.expected_parameters() == parameters
        )

    def get_results(self, request):
        """Django's page of rows, reading only the columns the admin's `list_reads` names
        (decision 330): a row's long texts and the related rows' unshown columns were
        converted and set on each of the page's instances, and each named in the query."""
        super().get_results(request)
        reads = getattr(self.model_admin, "list_reads", None)
        rows = self.result_list
        if reads and isinstance(rows, QuerySet) and rows._result_cache is None:
            self.result_list = rows = rows.only(*reads)
        page_kept = getattr(self.model_admin, "list_page_kept", False)
        # An editable list's forms read their rows' every field: read as Django reads them.
        if page_kept and isinstance(rows, QuerySet) and not self.list_editable:
            # read by its statement written once (decisions 364, 388)
            self.result_list = kept_page(rows)

    def get_query_string(self, new_params=None, remove=None):
        """Django's steps (the list's parameters, less those starting with one of `remove`,
        with `new_params` set or, given None, taken out; sorted by name), each parameter's
        `name=value` pieces made by Django's `urlencode` once a page."""
        params = self.filter_params.copy()
        for prefix in remove or ():
            for name in list(params):
                if name.startswith(prefix):
                    del params[name]
        for name, value in (new_params or {}).items():
            if value is None:
                params.pop(name, None)
            else:
                params[name] = value
        pieces = (self._piece(name, value) for name, value in sorted(params.items()))
        return "?" + "&".join(piece for piece in pieces if piece)

    def _piece(self, name, value) -> str:
        """`name=value` encoded; the list's own parameters' pieces made once a page: a
        filtered list's links each carry its filter's parameter (a list of texts, checked
        item by item to be kept), some eighty times a page (decision 409)."""
        if value is not self.filter_params.get(name):
            return self._encoded(name, value)
        own = self.__dict__.setdefault("_office_own_pieces", {})
        if name not in own:
            own[name] = self._encoded(name, value)
        return own[name]

    def _encoded(self, name, value) -> str:
        """`urlencode([(name, value)], doseq=True)`: "" for an empty list, which Django's
        join of the pairs leaves out."""
        if type(value) in KEPT_KINDS and UNQUOTED.fullmatch(name):
            text = str(value)
            if UNQUOTED.fullmatch(text):  # an id, a status, an ordering: nothing to quote
                return f"{name}={text}"
        key = _kept_key(name, value)
        if key is None:
            return urlencode([(name, value)], doseq=True)
        encoded = self.__dict__.setdefault("_office_encoded", {})
        if key not in encoded:
            encoded[key] = urlencode([(name, value)], doseq=True)
        return encoded[key]


def _kept_key(name, value):
    """What the encoding of `name=value` depends on, or None for a value not kept: a text or
    a number, or a list or tuple of texts (a filter's parameters as the request gave them)."""
    if type(value) in KEPT_KINDS:
        return (name, type(value), value)  # True is 1 to a dict: the type tells them apart
    if type(value) in (list, tuple) and all(type(item) is str for item in value):
        return (name, tuple, tuple(value))
    return None
