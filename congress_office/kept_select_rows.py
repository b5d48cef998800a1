"""A select of every row of its table whose markup is kept per process, keyed by the rows
themselves (decision 376): the same markup, never another table's state.

The add pages' selects of every session, body or term (the evaluation's and election's
session, the election's body, a body's term, a membership's session) read their rows by a
statement written once (select_rows.py, decisions 343 and 363), and then made a model instance
of each row, an option of each instance (its label, its value) and the option's markup, on
every opening: about 1.3 ms of the 50 sessions' select (docs/performance.md). The rows read
are all the markup depends on besides the widget's own arguments: here they are read as
before, as the database gives them, and are the key of the markup kept; a row added, removed
or changed is another key, so the select shows it at once. Nothing is kept for a label that
read the database while it was made (a model whose name is its related row's: that row is not
in the key), nor for a field whose label is given by the form (`label_from_instance` set on the
field). Everything else the markup depends on is in the key too: the language and time zone
(a label may be translated or show a date), the widget's class, templates, name, attributes and
value chosen, the field's class, its key field and empty label, and the select's table and
order. A select of accounts is never kept: its rows hold their password hashes, which no
key may hold (decision 555). `tests/core/test_kept_select_rows.py` compares the pages with
Django's markup and adds, renames and removes rows."""

import copy

from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection
from django.utils import timezone
from django.utils.translation import get_language

from congress_office.kept_text import keep, kept_store

KEEP = True  # Off: every select's markup made anew, Django's way (the tests compare)
AT_MOST = 256  # kept selects: a few names (an inline's rows each name theirs) by language

_markup = kept_store()


class QueriesSeen:
    """Whether any statement reached the database while the labels were made."""

    def __init__(self):
        self.any = False

    def __call__(self, execute, sql, params, many, context):
        self.any = True
        return execute(sql, params, many, context)


class KeptRowsSelect(forms.Select):
    """Django's select, its markup kept as the module's docstring says where its choices are
    every row of a table read by `ChoicesAtOnce`; any other select is Django's."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = self.choices
        rows_read = getattr(choices, "rows_read", None)
        field = getattr(choices, "field", None)
        if not KEEP or rows_read is None or "label_from_instance" in vars(field):
            return super().render(name, value, attrs, renderer)
        if issubclass(choices.queryset.model, AbstractBaseUser):  # its rows hold secrets
            return super().render(name, value, attrs, renderer)
        read = rows_read()
        if read is None:
            return super().render(name, value, attrs, renderer)
        rows, make = read
        try:
            key = (
                get_language(),
                timezone.get_current_timezone_name(),
                type(renderer),
                type(self),
                self.template_name,
                self.option_template_name,
                name,
                tuple(self.format_value(value)),
                tuple(self.build_attrs(self.attrs, attrs).items()),
                type(field),
                field.to_field_name,
                None if field.empty_label is None else str(field.empty_label),
                choices.shape,
                tuple(map(tuple, rows)),
                self.kept_by(),
            )
            markup = _markup.get(key)
        except TypeError:  # an attribute or a column's value that cannot be a key
            return super().render(name, value, attrs, renderer)
        if markup is not None:
            return markup
        listed = [] if field.empty_label is None else [("", field.empty_label)]
        seen = QueriesSeen()
        with connection.execute_wrapper(seen):
            listed += [choices.choice(obj) for obj in make()]
        widget = copy.copy(self)
        widget.choices = listed
        markup = super(KeptRowsSelect, widget).render(name, value, attrs, renderer)
        if not seen.any:
            keep(_markup, key, markup, AT_MOST)
        return markup

    def kept_by(self) -> tuple:
        """What else a subclass's markup depends on (its own arguments): none here."""
        return ()


def with_kept_rows(widget) -> None:
    """A relation's select (or the admin's wrapper of one) keeping its markup as above when it
    is Django's own select (once only; any other widget is left as it is)."""
    inner = widget.widget if isinstance(widget, RelatedFieldWidgetWrapper) else widget
    if type(inner) is forms.Select:
        inner.__class__ = KeptRowsSelect
