"""The rows of the office's change lists: the markup Django's `result_list` writes, each column
worked out once a page instead of once a cell (decision 197).

Django's `items_for_result` resolves every cell from scratch (the column's field or callable,
its empty value, its formatting, the row's link through `reverse` and the preserved filters
through `resolve`), about a tenth of a millisecond a cell: with fifty rows of nine columns it
was most of a change list's time. Here each column is resolved once (`Column`), each row's
link is the page's link with the row's id put in, and each row is one string the template
prints. A list whose features this does not write (editable columns, a popup, a change list
of its own `url_for_result`) gets Django's rows; `tests/core/test_office_list.py` compares
both renders on every list of the office."""

import datetime
import html
from functools import lru_cache
from operator import attrgetter

from django import template
from django.conf import settings
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    _coerce_field_name,
    admin_list_filter,
    paginator_number,
    result_headers,
    result_list,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
    lookup_field,
    quote,
)
from django.contrib.admin.views.main import PAGE_VAR, ChangeList
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.forms import Media
from django.template import Context
from django.template.base import Variable, VariableDoesNotExist, render_value_in_context
from django.template.defaultfilters import capfirst
from django.template.loader import get_template
from django.urls import NoReverseMatch, get_urlconf
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language, gettext

from congress_office.admin_helpers import OfficeModelAdmin, escaped, row_checkboxes
from congress_office.kept_cells import (
    DATE_TYPES,
    checkbox_parts,
    date_text,
    dates_written,
    label_text,
    labels_written,
)
from congress_office.kept_filter_markup import keep_markup, kept_markup, markup_key
from congress_office.kept_list_rows import page_key, rows_written
from congress_office.kept_text import keep, kept, kept_store, language_key, media_key
from congress_office.localized_dates import localized

register = template.Library()

# Stands for a row's id in the page's link to a row (letters and digits only: neither
# Django's `quote` nor the URL's encoding changes it).
ROW_ID = "0rowid0"
NOWRAP_FIELDS = (models.DateField, models.TimeField, models.ForeignKey)
DATE_FIELDS = (models.DateField, models.TimeField)  # a DateTimeField is a DateField
# Fields whose cell is the same for the same value (kept a page: the language is the page's).
MEMO_FIELDS = (models.BooleanField, models.IntegerField, models.FloatField, models.DecimalField)


def supported(cl) -> bool:
    """Whether this list's rows are ones `office_rows` writes as Django does."""
    return (
        not cl.formset and not cl.is_popup and type(cl).url_for_result is ChangeList.url_for_result
    )


class RowLink:
    """The link of every row of the page: the change page's URL with the list's filters
    preserved, made once with a stand-in id (Django reverses and resolves it for each row)."""

    def __init__(self, cl):
        self.parts = None  # None: the rows have no link (no change page), as in Django
        self.pk_attname = cl.pk_attname
        try:
            url = cl.url_for_result(_StandIn(cl))
        except NoReverseMatch:
            return
        self.parts = _link_parts(url, cl.preserved_filters, cl.opts, get_urlconf())

    def around(self, obj, shown: str) -> str:
        if self.parts is None:
            return shown
        before, after = self.parts
        row_id = getattr(obj, self.pk_attname)
        # an integer id is its digits (`quote` leaves it, its escape changes nothing)
        row_id = str(row_id) if type(row_id) is int else escaped(quote(row_id))
        return f'<a href="{before}{row_id}{after}">{shown}</a>'


@lru_cache(maxsize=256)
def _link_parts(url: str, preserved_filters: str, opts, urlconf) -> tuple[str, str]:
    """The row link's escaped text before and after the row's id: the change page's `url`
    (with the stand-in id) and the list's filters as `add_preserved_filters` adds them, which
    resolves the URL again to see whether it is the list's own (a filtered list spent more on
    that than on its rows' links). The same for every page of a list with those filters, in
    this process: kept (the filters come from the address, so at most 256 kept); `urlconf`,
    the request's URLconf, in the key as the resolving reads it (`url` holds the script's
    prefix and the language)."""
    context = {"preserved_filters": preserved_filters, "opts": opts}
    preserved = add_preserved_filters(context, url)
    path, query = preserved[: len(url)], preserved[len(url) :]
    if path != url or path.count(ROW_ID) != 1:
        raise ValueError(f"unexpected row link {preserved!r}")
    before, after = path.split(ROW_ID)
    return (conditional_escape(before), conditional_escape(after + query))


class _StandIn:
    """What `ChangeList.url_for_result` reads of a row: its primary key."""

    def __init__(self, cl):
        setattr(self, cl.pk_attname, ROW_ID)


class Column:
    """One column of the list, resolved as `items_for_result` resolves each of its cells."""

    def __init__(self, cl, index: int, name, is_link: bool, is_first_link: bool):
        model_admin = cl.model_admin
        self.name = name
        self.model_admin = model_admin
        self.empty = model_admin.get_empty_value_display()
        self.is_link = is_link
        self.tag = "th" if is_first_link else "td"
        self.plain_classes = self.classes = f"field-{_coerce_field_name(name, index)}"
        self.field = self.attr = None
        self.dates = None  # kept dates' texts (`_localized`), the page's language and zone
        self.key_of = self.written = None  # a cell kept a page by its key (`cell`)
        self.kind = "lookup"  # anything else: Django's own lookup, cell by cell
        try:
            field = _get_non_gfk_field(cl.lookup_opts, name)
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
            if callable(name) or (hasattr(model_admin, name) and name != "__str__"):
                self.kind = "callable"
                self.attr = name if callable(name) else getattr(model_admin, name)
                self.callable_shown = self._attr_display(self.attr)
                # A callable that names the row's attributes its cell depends on (`shown_by`)
                # is called once a page for each of their values (decision 354); a name may
                # go through a related row ("proposal.status", decision 389).
                self.shown_by = getattr(self.attr, "shown_by", None)
                if self.shown_by:
                    self.key_of = _key_of(self.shown_by)
                    self.written = {} if not is_link else None
                self.shown_for = {}
                # A callable that gives its function for one page's rows (`for_page`, called
                # with the model admin when the page's columns are made): each row's value is
                # that function's, what the callable reads of the request (the language, the
                # time zone) read once a page, not once a row (decision 467).
                for_page = getattr(self.attr, "for_page", None)
                if for_page is not None:
                    self.attr = for_page(model_admin)
                if getattr(self.attr, "__func__", None) is OfficeModelAdmin.action_checkbox:
                    # the office's checkbox, its words translated once a page (decision 301)
                    checkbox = row_checkboxes()
                    self.attr = lambda obj: checkbox(obj.pk, str(obj))
                    # and its markup kept around the row's id and name (decision 444)
                    self.checkbox = checkbox_parts()
                    if self.checkbox is not None and not is_link and name == "action_checkbox":
                        self.kind = "checkbox"
        else:
            self.field = field
            if field.auto_created:
                self.kind = "auto field"
            elif isinstance(field.remote_field, models.ManyToOneRel):
                self.kind = "related"
                self.classes += " nowrap" * isinstance(field, NOWRAP_FIELDS)
                if not is_link:
                    # the related row's cell written once a page for each of its ids: the
                    # rows read by one statement show the same row alike (decision 444)
                    self.key_of = _value_key(field.attname)
                    self.written = {}
            else:
                self.kind = "field"
                self.classes += " nowrap" * isinstance(field, NOWRAP_FIELDS)
                self.choices = self._choices(field)
                # The few values of a flag and the repeated counts of a list written once each
                # a page: Django's icon (`static` and `format_html`) and `number_format` were a
                # fifth of the votes' list (decision 282).
                self.shown_values = {} if isinstance(field, MEMO_FIELDS) else None
                # An integer's text when numbers are not grouped (the office groups none):
                # `number_format` came to its digits after three format look-ups, 7 µs a
                # value, some hundred different counts a page of votes (decision 389).
                self.digits = (
                    isinstance(field, models.IntegerField)
                    and self.choices is None
                    and not settings.USE_THOUSAND_SEPARATOR
                )
                if not getattr(field, "flatchoices", None) and _is_plain_text(field):
                    self.kind = "text"
                elif not getattr(field, "flatchoices", None) and isinstance(field, DATE_FIELDS):
                    self.kind = "date"
                    self.datetimes = isinstance(field, models.DateTimeField)  # made local
                elif not is_link and (
                    self.choices is not None or self.shown_values is not None or self.digits
                ):
                    # the whole cell written once a page for each value (decision 444)
                    self.key_of = _value_key(self.name)
                    self.written = {}

    def _attr_display(self, attr):
        """(empty value, boolean, classes) of a callable or attribute column."""
        boolean = getattr(attr, "boolean", False)
        if isinstance(attr, property) and hasattr(attr, "fget"):
            boolean = getattr(attr.fget, "boolean", False)
        classes = "action-checkbox" if self.name == "action_checkbox" else self.classes
        return getattr(attr, "empty_value_display", self.empty), boolean, classes

    @staticmethod
    def _choices(field):
        """The field's choices as a dict, made once (Django makes it for every cell), or None
        when they are none or not hashable (Django's own display then). Lazy labels are
        translated here, once a page in the page's language, not once a cell (decision 301)."""
        flat = getattr(field, "flatchoices", None)
        if not flat:
            return None
        try:
            return {
                value: str(label) if isinstance(label, Promise) else label for value, label in flat
            }
        except TypeError:
            return None

    def cell(self, obj, link: RowLink) -> str:
        if self.kind == "checkbox":  # `row_checkbox`'s markup around the id and the name
            before_id, between, after = self.checkbox
            try:
                name = str(obj)
            except ObjectDoesNotExist:  # as `_written` writes it
                return self._written(obj, link)
            name = html.escape(name) if type(name) is str else escaped(name)
            pk = obj.pk
            pk = str(pk) if type(pk) is int else escaped(pk)
            return f'<td class="action-checkbox">{before_id}{pk}{between}{name}{after}</td>'
        if self.written is None:
            return self._written(obj, link)
        # A cell that is the same for the same values, written once a page for each: its
        # key's values read, looked up, and only then its text worked out and escaped
        # (decision 444).
        try:
            key = self.key_of(obj)
        except ObjectDoesNotExist:  # as `_written` writes it
            return self._written(obj, link)
        try:
            return self.written[key]
        except KeyError:
            pass
        except TypeError:  # a value that is no key
            return self._written(obj, link)
        written = self.written[key] = self._written(obj, link)
        return written

    def _written(self, obj, link: RowLink) -> str:
        try:
            shown, classes = self._shown(obj)
        except ObjectDoesNotExist:  # a related object gone: Django's empty value, plain
            shown, classes = self.empty, self.plain_classes
        # plain text (most cells) escaped straight away: `escaped`'s checks are for the rest
        shown = html.escape(shown) if type(shown) is str else escaped(shown)
        if self.is_link:
            shown = link.around(obj, shown)
        return f'<{self.tag} class="{classes}">{shown}</{self.tag}>'

    def _shown(self, obj):
        """(what the cell shows, its classes), as `items_for_result` works them out."""
        if self.kind == "text":
            value = getattr(obj, self.name)
            if isinstance(value, str):  # `display_for_field`'s steps for text come to this
                return (value if value.strip() else self.empty), self.classes
            return display_for_field(value, self.field, self.empty, self.is_link), self.classes
        if self.kind == "date":  # `display_for_field`'s steps for a date, time or datetime
            value = getattr(obj, self.name)
            if type(value) not in DATE_TYPES and value in self.field.empty_values:
                return self.empty, self.classes
            if type(value) is datetime.datetime and not self.datetimes:
                return localized(value), self.classes  # a datetime a date field holds
            if self.dates is None:
                self.dates = dates_written()
            # `template_localtime` (of a datetime field's value) and `localized`, kept
            return date_text(self.dates, value), self.classes
        if self.kind == "related":
            value = getattr(obj, self.field.name)
            return (self.empty if value is None else value), self.classes
        if self.kind == "field":
            value = _blank_as_empty(getattr(obj, self.name))
            if self.digits and type(value) is int:
                return str(value), self.classes
            if self.choices is not None:
                try:
                    return self.choices.get(value, self.empty), self.classes
                except TypeError:  # a value that is no key (a list, say): Django's way
                    pass
            if self.shown_values is None:
                return display_for_field(value, self.field, self.empty, self.is_link), self.classes
            key = (type(value), value)  # True is 1 to a dict: the type tells them apart
            if key not in self.shown_values:
                shown = display_for_field(value, self.field, self.empty, self.is_link)
                self.shown_values[key] = shown
            return self.shown_values[key], self.classes
        if self.kind == "callable" and self.shown_by:
            key = self.key_of(obj)
            if key not in self.shown_for:
                self.shown_for[key] = self._callable_shown(obj)
            return self.shown_for[key]
        if self.kind == "callable":
            return self._callable_shown(obj)
        if self.kind == "auto field":
            empty, boolean, classes = self.empty, False, self.classes
            value = _blank_as_empty(getattr(obj, self.name))
        else:
            # no field of the model (resolved above): the object's attribute, method or path
            _field, attr, value = lookup_field(self.name, obj, self.model_admin)
            empty, boolean, classes = self._attr_display(attr)
            value = _blank_as_empty(value)
        return self._value_shown(value, empty, boolean, classes)

    def _callable_shown(self, obj):
        empty, boolean, classes = self.callable_shown
        value = _blank_as_empty(self.attr(obj))
        if isinstance(value, SafeData) and not boolean:  # markup: `display_for_value`'s
            return value, classes  # str() of it is itself
        return self._value_shown(value, empty, boolean, classes)

    def _value_shown(self, value, empty, boolean, classes):
        if isinstance(value, datetime.date | datetime.time):
            classes += " nowrap"
            if not boolean:  # `display_for_value`'s steps for them
                return self._localized(value), classes
        return display_for_value(value, empty, boolean), classes

    def _localized(self, value) -> str:
        """`localized(template_localtime(value))`, kept by value (decisions 331, 444): the
        same days come back row after row (deadlines, meetings' dates) and the same rows
        page after page; the format's look-up for each was a tenth of a list's rows."""
        if self.dates is None:
            self.dates = dates_written()
        return date_text(self.dates, value)


def _key_of(names):
    """What a callable's cell depends on (its `shown_by`), read from a row as a key: the
    values with their types (True is 1 to a dict), by one `attrgetter` of them all."""
    get = attrgetter(*names)
    if len(names) == 1:
        return lambda obj: (type(value := get(obj)), value)
    return lambda obj: (values := get(obj), tuple(map(type, values)))


def _value_key(name):
    """A field's value with its type, as the key of its cell (True is 1 to a dict)."""
    return lambda obj: (type(value := getattr(obj, name)), value)


def _is_plain_text(field) -> bool:
    """A text field whose value `display_for_field` shows as it is, or the empty value (a
    URL field's is a link)."""
    return isinstance(field, models.CharField | models.TextField) and not isinstance(
        field, models.URLField
    )


def _blank_as_empty(value):
    if isinstance(value, str) and value.strip() == "":
        return ""
    return value


def columns_of(cl) -> list[Column]:
    links = cl.list_display_links
    columns, linked = [], False
    for index, name in enumerate(cl.list_display):
        if links is None:
            is_link = False
        elif not links:
            is_link = not linked
        else:
            is_link = name in links
        columns.append(Column(cl, index, name, is_link, is_link and not linked))
        linked = linked or is_link
    return columns


# What `change_list_results.html` writes between one row's cells and the next row's (its
# loop's text around `<tr>{% for item in result %}{{ item }}{% endfor %}</tr>` when the row
# has no form): tests/core/test_office_list.py compares the pages with Django's rows.
BETWEEN_ROWS = "</tr>\n\n\n<tr>"


def office_rows(cl) -> list[ResultList]:
    """The page's rows as one string, in the one `ResultList` the template's loop reads: each
    of fifty rows through the loop, its `if` and its cells' loop was a twentieth of the list's
    time (decision 282). The columns are made when a row is written (a page of kept rows
    writes none)."""
    made = []
    link = RowLink(cl)

    def write(obj) -> str:
        if not made:
            made.append(columns_of(cl))
        return "".join([c.cell(obj, link) for c in made[0]])

    # The current time zone made active while the rows are written (the same zone): each
    # date's `localtime` asks for it, and asked with none active (the office activates
    # none) asgiref's look-up fails and raises inside before the default is taken, about
    # 10 µs a datetime cell (decision 354).
    with timezone.override(timezone.get_current_timezone()):
        # each row kept by what it shows, where the list says so (decision 587)
        rows = rows_written(page_key(cl, link.parts), cl.result_list, write)
    return [ResultList(None, [mark_safe(BETWEEN_ROWS.join(rows))])] if rows else []


def office_result_list(cl) -> dict:
    """Django's `result_list` context, the rows written by `office_rows` when it can, the
    columns' headings by `headings` (every list)."""
    if not supported(cl):
        context = result_list(cl)
    else:
        rows = office_rows(cl)
        headers = list(result_headers(cl))
        context = {
            "cl": cl,
            "result_hidden_fields": [],
            "result_headers": headers,
            "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
            "results": rows,
        }
    context["headings"] = headings(context["result_headers"], context["num_sorted_fields"])
    return context


@register.tag(name="office_result_list")
def office_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser,
        token,
        func=office_result_list,
        # Django's change_list_results.html, its headings' loop written by `headings`
        template_name="office_change_list_results.html",
        takes_context=False,
    )


def headings(headers: list[dict], num_sorted_fields: int) -> str:
    """What change_list_results.html's loop over `result_headers` writes, in one step: the
    loop's twenty nodes a column (three links, two titles, its tests) were a tenth of a list's
    template (decision 348). tests/core/test_office_list.py compares every list's table,
    sorted by each column and by two, with Django's."""
    # the template's {% translate %} (escaped as the template escapes what it prints)
    remove = conditional_escape(gettext("Remove from sorting"))
    toggle = conditional_escape(gettext("Toggle sorting"))
    written = []
    for header in headers:
        sort_options = ""
        if header["sortable"] and header["sort_priority"] > 0:
            priority = ""
            if num_sorted_fields > 1:
                number = conditional_escape(localize(header["sort_priority"]))
                # {% blocktranslate %}: the value escaped, the translation as it is
                title = gettext("Sorting priority: %(priority_number)s") % {
                    "priority_number": number
                }
                priority = f'<span class="sortpriority" title="{title}">{number}</span>'
            order = "ascending" if header["ascending"] else "descending"
            sort_options = (
                '\n       <div class="sortoptions">\n'
                f'         <a class="sortremove" href="{conditional_escape(header["url_remove"])}"'
                f' title="{remove}"></a>\n'
                f"         {priority}\n"
                f'         <a href="{conditional_escape(header["url_toggle"])}" class="toggle '
                f'{order}" title="{toggle}"></a>\n'
                "       </div>\n   "
            )
        text = conditional_escape(capfirst(header["text"]))
        if header["sortable"]:
            text = f'<a href="{conditional_escape(header["url_primary"])}">{text}</a>'
        else:
            text = f"<span>{text}</span>"
        written.append(
            f'\n<th scope="col"{conditional_escape(header["class_attrib"])}>\n   {sort_options}'
            f'\n   <div class="text">{text}</div>\n   <div class="clear"></div>\n</th>'
        )
    return mark_safe("".join(written))


@register.simple_tag
def office_page_numbers(cl, page_range):
    """What pagination.html's loop of `{% paginator_number cl i %}` writes, in one step: a
    number's link as Django's tag writes it, the comparisons of each number with the lazy
    ellipsis left out (an int is never the text; decision 348). Anything not a number (the
    ellipsis) goes to Django's tag."""
    written = []
    for i in page_range:
        if type(i) is not int:
            number = paginator_number(cl, i)
        elif i == cl.page_num:
            number = f'<span class="this-page">{i}</span> '
        else:
            link = conditional_escape(cl.get_query_string({PAGE_VAR: i}))
            end = ' class="end"' if i == cl.paginator.num_pages else ""
            number = f'<a href="{link}"{end}>{i}</a> '
        written.append(f"\n    {number}\n")
    return mark_safe("".join(written))


# Django's template of a filter, whose loop over the choices `office_list_filter` writes, and
# the office's own with the same loop (a filter found by typing, admin_filters.FindsRows).
FILTER_TEMPLATE = "admin/filter.html"
FIND_FILTER_TEMPLATE = "admin/office_find_filter.html"
FILTER_LIST_END = "\n  </ul>"
# Django's filter.html without its choices, by (language, title): it reads nothing else.
_frames = {}


@register.simple_tag
def office_list_filter(cl, spec):
    """`admin_list_filter`'s markup: the template rendered without its choices and each
    choice written in Python (the template's loop cost 30 µs a choice: the lead-unit filter
    has 200, the sessions' 50 and growing). Django's template without its choices is the
    same for every filter of a title in a language and is kept per process (decision 301).
    A filter of another template gets Django's."""
    if spec.template not in (FILTER_TEMPLATE, FIND_FILTER_TEMPLATE):
        return admin_list_filter(cl, spec)
    # the whole filter kept by what its choices are made of (decision 585), asked before
    # they are made (a find filter's `choices` sets what its box shows)
    key = markup_key(cl, spec)
    markup = kept_markup(key)
    if markup is None:
        markup = _filter_written(cl, spec)
        keep_markup(key, markup)
    return markup


def _filter_written(cl, spec) -> str:
    choices = list(spec.choices(cl))  # before the frame: a find filter's box reads what it set
    if spec.template == FILTER_TEMPLATE:
        title = str(spec.title)
        key = (get_language(), title, isinstance(title, SafeData))  # escaped or not
        if key not in _frames:
            _frames[key] = _frame(spec)
        frame = _frames[key]
    else:
        frame = _find_frame(
            get_language(),
            str(spec.title),
            isinstance(spec.title, SafeData),
            tuple(spec.kept_parameters),
            spec.find_kwarg,
            spec.find_text,
            spec.more,
        )
    before, end, after = frame.rpartition(FILTER_LIST_END)
    labels = labels_written()
    items = "".join(
        '\n    <li{}>\n    <a href="{}">{}</a></li>\n  '.format(
            ' class="selected"' if choice["selected"] else "",
            _link(choice["query_string"]),
            _display(choice["display"], labels),
        )
        for choice in choices
    )
    return mark_safe(f"{before}{items}{end}{after}")


def _frame(spec) -> str:
    return get_template(spec.template).render({"title": spec.title, "choices": [], "spec": spec})


class _FoundBox:
    """What `office_find_filter.html` reads of its filter beside the title (FindsRows)."""

    def __init__(self, kept_parameters, find_kwarg, find_text, more):
        self.kept_parameters = kept_parameters
        self.find_kwarg, self.find_text, self.more = find_kwarg, find_text, more


@lru_cache(maxsize=256)
def _find_frame(language, title, title_safe, kept_parameters, find_kwarg, find_text, more):
    """A filter found by typing without its choices: its template reads the title, the list's
    other parameters (kept as hidden fields), the words typed and whether more rows match,
    nothing else (no request: no context processor), so the same frame is kept per process
    by those, in the language (decision 322; at most 256, the words and parameters coming
    from the address). `title_safe`: the title was marked safe (not escaped again)."""
    spec = _FoundBox(kept_parameters, find_kwarg, find_text, more)
    title = mark_safe(title) if title_safe else title
    return get_template(FIND_FILTER_TEMPLATE).render({"title": title, "choices": [], "spec": spec})


def _display(value, labels: dict | None = None) -> str:
    """`{{ choice.display }}`: text escaped as the template does (a `gettext_lazy` label's
    kept in `labels`, `kept_cells.labels_written`); anything else (a number, a date of a
    filter by a field's values) localized by the template's own steps."""
    if type(value) is str:  # most choices' names: `escaped`'s checks are for the rest
        return html.escape(value)
    label = label_text(labels_written() if labels is None else labels, value)
    if label is not None:
        return label
    if isinstance(value, (str, Promise)):
        return escaped(value)
    return render_value_in_context(value, Context())


def _link(query_string) -> str:
    """`{{ choice.query_string|iriencode }}` as the template writes it (a thousand units'
    links at 100,000 items: the template's steps for each were a tenth of the page): the
    link encoded, then escaped unless it was marked safe (`iriencode` keeps that mark).
    A plain or safe text's markup is kept by the text and that mark (decision 497): it is
    a function of those two alone, and a list's links are the same from page to page."""
    kind = type(query_string)
    if kind is str or kind is SafeString:
        key = (query_string, kind is SafeString)
        written = _links.get(key)
        if written is None:
            written = _link_written(query_string)
            keep(_links, key, written, KEPT_LINKS)
        return written
    return _link_written(query_string)


def _link_written(query_string) -> str:
    encoded = iri_to_uri(str(query_string))
    return encoded if isinstance(query_string, SafeData) else html.escape(encoded)


_links = kept_store()  # (link's text, marked safe): its markup
KEPT_LINKS = 8192  # more, and it starts again (a few pages' sidebars of a thousand units)


_media = kept_store()  # (kind, the media's lists, language key): its markup
KEPT_MEDIA = 256  # more, and it starts again


@register.simple_tag(takes_context=True)
def kept_media(context, media, kind: str):
    """`{{ media.css }}` or `{{ media.js }}` (`kind`), written once per process for the same
    files (decision 348): a list's media (the admin's scripts, its action form's) is merged
    and each file's address asked of the storage on every page, the same files each time.
    Kept by the lists of files merged (as given, before the merge, whose result they decide)
    and `language_key` (the script prefix a relative STATIC_URL reads); media holding
    anything but file names (a script object) is written each time, as is anything but
    Django's `Media`."""
    if type(media) is not Media:
        try:
            return Variable(f"media.{kind}").resolve(context)
        except VariableDoesNotExist:  # as the template prints a missing value
            return context.template.engine.string_if_invalid
    key = media_key(media, kind)
    if key is None:
        return media[kind]
    key = (key, *language_key(context))
    return kept(_media, key, lambda: conditional_escape(media[kind]), KEPT_MEDIA)


@register.filter
def kept_action_form(form):
    """What the fields of a list's action form depend on, for `{% kept %}` in actions.html
    (decision 354): Django's own `ActionForm`, unbound, as every change list makes it, writes
    its select of the actions and its hidden field the same for the same actions (their names
    and words; the language, escaping and site are the kept part's own key). Its select
    rendered through the widgets' templates was about 0.8 ms of every list with actions.
    Anything else (another form class, a bound form, an initial value or a prefix given):
    None, and the template writes it as Django does."""
    if type(form) is not ActionForm or form.is_bound or form.initial or form.prefix:
        return None
    if form.fields["action"].initial is not None:
        return None
    if form.auto_id is not None or form.fields.keys() != {"action", "select_across"}:
        return None
    try:
        key = tuple((str(value), str(label)) for value, label in form.fields["action"].choices)
    except (TypeError, ValueError):  # grouped choices: written as Django writes them
        return None
    return (ActionForm, key)
