"""Search-as-you-type pickers (the admin's autocomplete) for the office's forms, answered from
the very form field the page shows.

Django's autocomplete view offers the target model admin's rows (less the model field's
`limit_choices_to`), to whoever may view that model: not what a form field offers (a unit's
staff among accounts without another role, an evaluation's tellers among who may take the
part), and never to office staff for accounts (they may not view users). Here the page's own
model admin builds its form, for the object being changed when there is one, and the picker
offers that form field's queryset, searched, labelled as the field labels its options; only a
user who may add (or change that object) asks. Fields a form declares itself (not model fields)
are served the same way (`search_pickers` on the model admin), so a picker of thousands of
accounts or delegates costs the page one option per chosen row, not one per row of the office
(decision 193)."""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.admin import widgets as admin_widgets
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, Q
from django.forms import ModelMultipleChoiceField
from django.http import Http404, JsonResponse
from django.urls import get_script_prefix, get_urlconf
from django.utils.http import urlencode
from django.utils.translation import get_language

from congress_office.kept_text import keep, kept, kept_store
from congress_office.keyed_reads import instances_in
from congress_office.written_once import instances

OBJECT_PARAMETER = "object"


@dataclass(frozen=True)
class _Remote:
    model: type[Model]


@dataclass(frozen=True)
class FormFieldRef:
    """What Django's autocomplete widgets read of a model field (its model, its name, the model
    it points to), for a field that a form declares rather than its model."""

    model: type[Model]
    name: str
    remote_field: _Remote


def _keys(widget, values) -> tuple:
    """(the remote field, the keys the submitted or stored ids name). An id that is not a number
    or too big for the column (only a hand-made request sends one) names nothing: looked up as
    it is, it would fail with a server error."""
    remote = widget.field.remote_field
    field = remote.model._meta.get_field(
        getattr(remote, "field_name", remote.model._meta.pk.attname)
    )
    keys = []
    for value in values:
        try:
            key = field.to_python(value)
        except ValidationError:
            continue
        if key is not None:
            keys.append(key)
    return field, keys


def _held(field, key, db: str) -> bool:
    """Whether `key` is a number the default database's integer column `field` can hold: a
    statement written once is run with it as it is (`in` would leave out any other)."""
    ranges = connections[DEFAULT_DB_ALIAS].ops.integer_field_ranges
    low, high = ranges.get(field.get_internal_type(), (None, None))
    return db == DEFAULT_DB_ALIAS and type(key) is int and low is not None and low <= key <= high


def _chosen_rows(widget, values) -> list:
    """The rows the submitted (or stored) ids name among those the widget may offer, in one
    query (Django's widget asks once, and this check once more, for each picker on the page),
    or none when `read_chosen_at_once` has read them with the other pickers' of the page."""
    read = getattr(widget, "_chosen_read", None)
    if read is not None and read[0] == list(values):
        return read[1]
    field, keys = _keys(widget, values)
    if not keys:
        return []
    queryset = widget.choices.queryset.using(widget.db)
    attname = field.attname

    def chosen(keys):
        # `in` leaves out numbers no column can hold (congress_office/lookups.py).
        return queryset.filter(**{f"{attname}__in": keys})

    plain = every_row_shape(queryset)
    if plain is not None and len(keys) == 1 and _held(field, keys[0], queryset.db):
        # One row of every row of its model (an account picker's): the same statement for
        # any picker of that model, column and order, so written once (decision 363).
        rows = instances(("chosen", attname, *plain), lambda key: chosen([key]), keys[0])
    else:
        rows = chosen(keys)
    return [(getattr(row, attname), row) for row in rows]


# Off: each picker reads its chosen rows itself (tests/core/test_office_form.py compares both).
CHOSEN_AT_ONCE = True
# Off: each picker's markup made anew, Django's way (the tests compare).
KEEP_MARKUP = True
_markup = kept_store()


def every_row_shape(queryset):
    """(the model, its ordering) when the queryset is every row of its model in that order and
    nothing else (no condition, annotation, join, slice, ...): then two such querysets of the
    same model and ordering are the same SQL, known without writing it (the session's pickers:
    its presidium and each committee's chair and members, all the delegates; decision 298).
    None for any other queryset."""
    query = queryset.query
    if (
        query.where
        or query.annotations
        or query.extra
        or query.extra_order_by
        or query.select_related
        or query.distinct
        or query.combinator
        or query.values_select
        or query.select
        or query.select_for_update
        or query.low_mark
        or query.high_mark is not None
        or query.deferred_loading != (frozenset(), True)
        or query.alias_map
        or not query.standard_ordering
        or queryset._prefetch_related_lookups
        or not all(isinstance(order, str) for order in query.order_by)
    ):
        return None
    return (queryset.model, tuple(query.order_by), query.default_ordering)


def read_chosen_at_once(forms) -> None:
    """The chosen rows of every picker of `forms` (a change page's form and its inlines' rows)
    whose options come from the same query, read in one query for all of them: the session's
    change page has a picker for its presidium and two for each committee (chair, members),
    each otherwise a query of its own (decision 268). The check stays each picker's: a picker
    shows only the rows its own queryset offers, since the rows are read with that very query
    (the same SQL and parameters) for the union of the pickers' ids, and each picker takes its
    own ids from them, in the query's order. A picker whose values differ when rendered (none
    today) reads its rows itself."""
    if not CHOSEN_AT_ONCE:
        return
    entries = []
    for form in forms:
        for name, form_field in form.fields.items():
            picker = _picker(form_field)
            if picker is None or picker._chosen_read is not None:
                continue
            entries.append((picker, picker.format_value(form[name].value())))
    for (picker, values), rows in zip(entries, chosen_at_once(entries), strict=True):
        if rows is not None:
            picker._chosen_read = (list(values), rows)


def chosen_at_once(entries) -> list:
    """For each (picker, values shown) of `entries`, the chosen rows as `read_chosen_at_once`
    reads them for the pickers it groups (its docstring), or None for one left to read its
    rows itself (alone of its kind): the same queries. A picker may stand for another of the
    same field (an inline's empty form's for a row not made, decision 487)."""
    # First by what is known without writing the query (its model, the column): a picker
    # alone of its kind cannot share a query, and writing its SQL only to learn so cost the
    # evaluation's page a twelfth of its time (its tellers' query; decision 297).
    found = [None] * len(entries)
    kinds = {}
    for place, (picker, values) in enumerate(entries):
        field, keys = _keys(picker, values)
        if not keys:
            continue
        queryset = picker.choices.queryset.using(picker.db)
        kind = kinds.setdefault((picker.db, field.attname, queryset.model), [])
        kind.append((picker, place, keys, queryset))
    groups = {}
    for (db, attname, _model), kind in kinds.items():
        if len(kind) < 2:
            continue
        for picker, place, keys, queryset in kind:
            plain = every_row_shape(queryset)
            if plain is not None:  # the same SQL for any two of the same key: not written
                key = (db, attname, "every row", plain)
            else:
                key = (db, attname, *map(repr, queryset.query.sql_with_params()))
            groups.setdefault(key, []).append((picker, place, keys, queryset))
    for (_db, attname, *_query), pickers in groups.items():
        if len(pickers) < 2:  # a picker alone reads its rows itself, as before
            continue
        union = {key for _picker_, _place, keys, _queryset in pickers for key in keys}
        read = _read_in(pickers[0][0], pickers[0][3], attname, list(union))
        rows = [(getattr(row, attname), row) for row in read]
        for _reader, place, keys, _queryset in pickers:
            own = set(keys)
            found[place] = [(key, row) for key, row in rows if key in own]
    return found


def _read_in(picker, queryset, attname: str, keys: list):
    """`queryset.filter(attname__in=keys)`'s rows; of every row of a model in an order (the
    session's delegates' pickers), by a statement written once, its list widened to the keys
    (keyed_reads.py: the ORM's text and values, decision 371), when each key is a number the
    column holds (the ORM leaves out any other)."""

    def chosen(keys):
        return queryset.filter(**{f"{attname}__in": keys})

    shape = every_row_shape(queryset)
    field = _keys(picker, ())[0]
    if shape is None or not all(_held(field, key, queryset.db) for key in keys):
        return chosen(keys)
    model, ordering, default_ordering = shape
    key = f"chosen at once: {model._meta.label}.{attname} {ordering!r} {default_ordering}"
    return instances_in(key, chosen, keys, queryset.db)


def chosen_read_by(form, name: str, read) -> None:
    """The picker of `form`'s field `name` takes its chosen rows from `read(keys)` (the rows of
    those keys that its own queryset offers, in its order, read another way: a statement
    written once, say) instead of reading them through its queryset. The caller's `read` must
    apply the queryset's conditions; a test compares both."""
    picker = _picker(form.fields[name]) if name in form.fields else None
    if picker is None:
        return
    values = picker.format_value(form[name].value())
    field, keys = _keys(picker, values)
    rows = read(keys) if keys else []
    picker._chosen_read = (list(values), [(getattr(row, field.attname), row) for row in rows])


_search_urls = kept_store()


class _OfficePicker:
    """The office's autocomplete widgets: forged ids shown as errors, and the object being
    changed named in the URL the picker asks, so that its options are that object's."""

    object_id = None
    # (values, rows) when `read_chosen_at_once` has read this picker's chosen rows.
    _chosen_read = None

    def get_url(self):
        # Django reverses the site's search address for every picker (nine on a session's
        # change page): it depends on the URLconf and the script prefix only, kept by both
        # as the relations' wrappers keep theirs (decision 358).
        key = (get_urlconf(), get_script_prefix(), self.url_name, self.admin_site.name)
        url = kept(_search_urls, key, super().get_url, 64)
        if self.object_id is None:
            return url
        return f"{url}?{urlencode({OBJECT_PARAMETER: self.object_id})}"

    def render(self, name, value, attrs=None, renderer=None):
        """Django's markup, kept per process by all it is made of (decision 442): the
        language, the class and templates, the name, the values chosen, whether one must be,
        the attributes built (the search address, the language's), and the chosen rows' keys
        and labels as read now (a delegate renamed is another key)."""
        if not KEEP_MARKUP:
            return super().render(name, value, attrs, renderer)
        values = self.format_value(value)
        rows = _chosen_rows(self, values)
        label = self.choices.field.label_from_instance
        try:
            key = (
                get_language(),
                type(renderer),
                type(self),
                self.template_name,
                self.option_template_name,
                name,
                tuple(values),
                self.is_required,
                tuple(self.build_attrs(self.attrs, attrs).items()),
                tuple((str(key), str(label(row))) for key, row in rows),
            )
            markup = _markup.get(key)
        except TypeError:  # an attribute that cannot be a key
            markup, key = None, None
        if markup is None:
            self._chosen_read = (list(values), rows)  # not read again by `optgroups`
            markup = super().render(name, value, attrs, renderer)
            if key is not None:
                keep(_markup, key, markup, 512)
        return markup

    def optgroups(self, name, value, attr=None):
        """Django's options (the empty one, then the chosen rows), from one query."""
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        has_selected = False
        label = self.choices.field.label_from_instance
        for key, row in _chosen_rows(self, value):
            selected = str(key) in value and (not has_selected or self.allow_multiple_selected)
            has_selected |= selected
            options.append(self.create_option(name, key, label(row), selected, len(options)))
        return [(None, options, 0)]


class AutocompleteSelect(_OfficePicker, admin_widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(_OfficePicker, admin_widgets.AutocompleteSelectMultiple):
    pass


def picker_for(form, name: str, admin_site) -> None:
    """Make form field `name` (a model choice field the form declares) a search-as-you-type
    picker: the page then carries only the chosen options, not every row offered."""
    field = form.fields[name]
    ref = FormFieldRef(form._meta.model, name, _Remote(field.queryset.model))
    multiple = isinstance(field, ModelMultipleChoiceField)
    widget_class = AutocompleteSelectMultiple if multiple else AutocompleteSelect
    widget = widget_class(ref, admin_site)
    widget.is_required = field.required
    field.widget = widget
    field.queryset = field.queryset  # the field hands its choices to its new widget


def _picker(field):
    """The field's office picker (within the admin's wrapper with its "add another" links,
    for a model field), or None."""
    widget = field.widget
    if isinstance(widget, admin_widgets.RelatedFieldWidgetWrapper):
        widget = widget.widget
    return widget if isinstance(widget, _OfficePicker) else None


def name_the_object(form) -> None:
    """Each office picker of `form` asks for the options of the form's object (if saved)."""
    for field in form.fields.values():
        if picker := _picker(field):
            picker.object_id = form.instance.pk


def search_words(queryset, term: str, lookups: list[str]):
    """The rows where each word of `term` is found in one of `lookups` (icontains)."""
    for word in term.split():
        match = Q()
        for lookup in lookups:
            match |= Q(**{f"{lookup}__icontains": word})
        queryset = queryset.filter(match)
    return queryset


class OfficeAutocompleteView(AutocompleteJsonView):
    """The office's pickers' answers: the options of the form field that asks (see the
    module's docstring). A picker of a model admin the site does not have (an inline's row,
    say) is answered as Django answers it."""

    def get(self, request, *args, **kwargs):
        source = _source_admin(self.admin_site, request)
        if source is None:
            return super().get(request, *args, **kwargs)
        field = _asking_field(source, request)
        term = request.GET.get("term", "")
        search = getattr(field, "search", None)
        if search is not None:
            found = search(field.queryset, term)
        else:
            found = _searched_by_admin(self.admin_site, request, field.queryset, term)
        if not found.ordered:  # pages of a stable order
            found = found.order_by("pk")
        self.object_list = found
        self.model_admin = source
        context = self.get_context_data()
        key = field.to_field_name or "pk"
        return JsonResponse(
            {
                "results": [
                    {"id": str(getattr(obj, key)), "text": field.label_from_instance(obj)}
                    for obj in context["object_list"]
                ],
                "pagination": {"more": context["page_obj"].has_next()},
            }
        )


def _source_admin(admin_site, request):
    """The model admin whose page holds the asking picker, or None when the site has no
    admin for that model."""
    try:
        model = apps.get_model(request.GET["app_label"], request.GET["model_name"])
    except (KeyError, LookupError, ValueError) as error:
        raise PermissionDenied from error
    return admin_site._registry.get(model)


def _asking_field(model_admin, request):
    """The form field of `model_admin`'s add page, or of the change page of the object named,
    that asks; refused unless the user may use that page and the field is a picker on it."""
    object_id = request.GET.get(OBJECT_PARAMETER)
    obj = None
    if object_id is not None:
        obj = model_admin.get_object(request, object_id)
        if obj is None or not model_admin.has_change_permission(request, obj):
            raise PermissionDenied
    elif not model_admin.has_add_permission(request) and not _may_add(model_admin, request):
        raise PermissionDenied
    form = model_admin.get_form(request, obj)(instance=obj)
    field = form.fields.get(request.GET.get("field_name", ""))
    if field is None or _picker(field) is None:
        raise PermissionDenied
    return field


def _may_add(model_admin, request) -> bool:
    """For a model added on a page of the office's own (a service's step) rather than the
    admin's add page, whose `has_add_permission` is then False."""
    may = getattr(model_admin, "has_permission_to", None)
    return may is not None and may(request, "add")


def _searched_by_admin(admin_site, request, queryset, term):
    """`queryset` searched as the admin of its model searches its list."""
    model_admin = admin_site._registry.get(queryset.model)
    if model_admin is None or not model_admin.get_search_fields(request):
        raise Http404("no search for this picker")
    found, distinct = model_admin.get_search_results(request, queryset, term)
    return found.distinct() if distinct else found
