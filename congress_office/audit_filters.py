"""An export's filters in the list's own words, for the security audit trail (decision 256).

An export records the parameters of the list it was made from as typed in the address
(`status__exact=accepted`, `q=...`): facts, never shown as text. What the auditor reads is
the filter's title and the chosen value's label, and the words searched for, in the reader's
language. They are worded when the export is made, in every language of the site, by the
list's own filters (the names of a unit or a term as they were then), and stored beside the
parameters; an entry stored before holds only the parameters, which are worded when shown,
by the same filters.

Each kind of export names its wording (`register_export_filters`): a change list's filters
(`changelist_filters`) or a page's own (the handling statistics)."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.main import (
    ALL_VAR,
    IS_FACETS_VAR,
    ORDER_VAR,
    PAGE_VAR,
    SEARCH_VAR,
)
from django.http import QueryDict
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Parameters that choose how a list is shown or what file is made, not which rows.
NOT_FILTERS = {"format", PAGE_VAR, ORDER_VAR, IS_FACETS_VAR, ALL_VAR}
LONGEST = 200  # a value says no more than its start (and PostgreSQL's JSON takes no NUL)

# (request whose GET is the filters) -> a function giving [(title, chosen)] in the active
# language: what reads the database is done once, the wording once a language.
Worder = Callable[[object], Callable[[], list[tuple[str, str]]]]

_worders: dict[str, Worder] = {}


def register_export_filters(what: str, worder: Worder) -> None:
    _worders[what] = worder


def storable(text: str, most: int = LONGEST) -> str:
    return str(text).replace("\x00", "")[:most]


def export_filter_facts(request, what: str) -> dict:
    """The facts an export stores about its filters: the parameters as typed ("filters") and
    their words in each language of the site ("filters_worded": {language: [line]})."""
    raw = {
        storable(key): storable(value)
        for key, value in request.GET.items()
        if key not in NOT_FILTERS and value != ""
    }
    if not raw:
        return {}
    facts = {"filters": raw}
    worded = _worded(what, request, request.GET)
    if worded is not None:
        facts["filters_worded"] = worded
    return facts


def filters_shown(facts: dict) -> list[str]:
    """An entry's filters as lines in the active language: as worded when it was made, or,
    for an entry stored with its parameters only, worded now by the same filters."""
    worded = facts.get("filters_worded")
    if worded is None:
        worded = _worded_later(facts.get("what", ""), facts["filters"])
    if worded is None:
        count = len(facts["filters"])
        return [
            ngettext("%(count)s filter no longer known", "%(count)s filters no longer known", count)
            % {"count": count}
        ]
    language = translation.get_language() or settings.LANGUAGE_CODE
    return worded.get(language) or worded.get(settings.LANGUAGE_CODE) or []


def _worded(what: str, request, params) -> dict | None:
    worder = _worders.get(what)
    if worder is None:
        return None
    shown = request.__class__.__new__(request.__class__)
    shown.__dict__.update(request.__dict__)
    shown.GET = QueryDict(mutable=True)
    for key, values in params.lists():
        if key not in NOT_FILTERS:
            shown.GET.setlist(key, values)
    try:
        words = worder(shown)
        worded = {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                worded[language] = [
                    storable(
                        _("%(filter)s: %(chosen)s") % {"filter": capfirst(title), "chosen": chosen},
                        2 * LONGEST,
                    )
                    for title, chosen in words()
                ]
    except Exception:  # noqa: BLE001 - parameters the list no longer takes: not worded
        return None
    return worded


def _worded_later(what: str, raw: dict) -> dict | None:
    """An older entry's parameters worded with the request being served (the auditor's),
    once per request for the same parameters."""
    from .audit_trail import current_request

    request = current_request()
    if request is None:
        return None
    done = request.__dict__.setdefault("_audit_filters_worded", {})
    key = (what, tuple(sorted(raw.items())))
    if key not in done:
        params = QueryDict(mutable=True)
        params.update(raw)
        done[key] = _worded(what, request, params)
    return done[key]


def changelist_filters(model) -> Worder:
    """The wording of an export from `model`'s change list: each filter in use by its title
    and its chosen values' labels, the words searched for, and a parameter no filter takes
    (a link to one user's entries) by its field's name."""

    def worder(request):
        model_admin = admin.site._registry[model]
        changelist = _filters_only(model_admin, request)

        def words():
            lines = []
            for spec in changelist.filter_specs:
                if not spec.used_parameters:
                    continue
                if hasattr(spec, "chosen_words"):
                    chosen = spec.chosen_words()
                else:
                    chosen = "、".join(
                        str(choice["display"])
                        for choice in spec.choices(changelist)
                        if choice.get("selected")
                    )
                if chosen:  # words typed in a filter's box only list rows (FindsRows)
                    lines.append((str(spec.title), chosen))
            for lookup, value in changelist.remaining_params.items():
                lines.append(_lookup_words(model, lookup, value))
            if changelist.query:
                lines.append((_("Searched for"), changelist.query))
            return lines

        return words

    return worder


def _filters_only(model_admin, request):
    """The change list's filters as the list makes them from the parameters, without its
    rows, count or search."""
    base = model_admin.get_changelist(request)

    class FiltersOnly(base):
        def get_queryset(self, request, exclude_parameters=None):
            self.filter_specs, _has, remaining, *_rest = self.get_filters(request)
            # Besides what no filter takes, a filter's parameters when the filter is not
            # shown (a term filter in an office of one term): both worded by their field.
            used = {key for spec in self.filter_specs for key in spec.used_parameters}
            self.remaining_params = {
                key: value
                for key, value in self.params.items()
                if key not in used and key not in NOT_FILTERS and key != SEARCH_VAR
            }
            self.remaining_params.update(
                (key, ",".join(map(str, value)) if isinstance(value, list) else str(value))
                for key, value in remaining.items()
                if key in self.remaining_params
            )
            return self.root_queryset

        def get_results(self, request):
            self.result_count = self.full_result_count = 0
            self.result_list = []

    return FiltersOnly(
        request,
        model_admin.model,
        [],
        [],
        model_admin.get_list_filter(request),
        model_admin.date_hierarchy,
        model_admin.get_search_fields(request),
        False,
        model_admin.list_per_page,
        model_admin.list_max_show_all,
        (),
        model_admin,
        (),
        None,
    )


def _lookup_words(model, lookup: str, value: str) -> tuple[str, str]:
    """A parameter no filter takes (`username__exact=...`, a date's year): its field's name
    and the value, a choice by its label."""
    field = model._meta.get_field(lookup.split("__")[0])  # FieldDoesNotExist: not worded
    if field.is_relation and lookup.split("__")[1:2] in ([], ["id"], ["pk"], ["exact"]):
        found = field.related_model._default_manager.filter(pk__in=value.split(",")[:20])
        return (str(field.verbose_name), "、".join(map(str, found)) or value)
    choices = dict(field.flatchoices) if field.choices else {}
    return (str(field.verbose_name), str(choices.get(value, value)))
