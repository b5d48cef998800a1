"""The draft page's selects of handling units and categories, their markup written once per
process (decision 326).

The draft page (a delegate's or leader's `/proposals/new/` and a draft's edit page) offers
every handling unit (for an inquiry) and every category: 200 units at 20,000 items, 1,000 at
100,000. Django read them as model instances through a cursor on the server and built a
dictionary an option, and the form renderer wrote each option (decision 195): most of the
page's CPU, growing with the units. Here the rows are read as (id, name) by the ORM's own
statement, written once per process and run prepared (`plain_sql.execute`), and the select's
markup is kept for what it depends on: the rows read, the value chosen, the field's name and
attributes, and the language. What the page shows is Django's own rendering of the same
choices, made on the first request that meets them (tests/proposals/test_draft_choices.py
compares the two, a unit renamed or added included); a change to the rows is a new key."""

from functools import cache

from django import forms
from django.db import connection
from django.forms.models import ModelChoiceIterator
from django.utils.translation import get_language

from congress_office import plain_sql
from congress_office.kept_text import kept, kept_store

# Selects kept in this process: a few fields, languages and chosen values (a draft's unit).
KEPT = 64
_kept = kept_store()


@cache
def _rows_sql(model) -> str:
    """The ORM's statement of the model's (id, name) rows in its own order (Meta.ordering):
    the rows of `ModelChoiceField(model.objects.all())`, labelled `str(row)`, which is the
    name for the models this serves."""
    sql, params = model._default_manager.values_list("pk", "name").query.sql_with_params()
    assert not params, "a statement of every row takes no parameter"
    return sql


def rows_of(model) -> tuple[tuple[int, str], ...]:
    """The model's (id, name) rows, in the model's order. One query."""
    with connection.cursor() as cursor:
        plain_sql.execute(cursor, _rows_sql(model))
        return tuple(cursor.fetchall())  # rows are tuples (pk, name) on both databases


class NamedRowsSelect(forms.Select):
    """The select of a `ModelChoiceField` over every row of `model` (a model whose `str` is
    its `name`), written by Django once for each set of rows, chosen value, name, attributes
    and language, then kept."""

    def __init__(self, model, attrs=None):
        super().__init__(attrs)
        self.model = model

    def render(self, name, value, attrs=None, renderer=None):
        iterator = self.choices
        if not isinstance(iterator, ModelChoiceIterator) or iterator.queryset.query.where:
            return super().render(name, value, attrs, renderer)  # not every row: Django's way
        rows = rows_of(self.model)
        shown = self.build_attrs(self.attrs, attrs)
        key = (
            self.model._meta.label,
            name,
            tuple(self.format_value(value)),
            tuple(shown.items()),
            get_language(),
            iterator.field.empty_label,
            rows,
        )
        return kept(
            _kept, key, lambda: self._written(iterator, rows, name, value, attrs, renderer), KEPT
        )

    def _written(self, iterator, rows, name, value, attrs, renderer):
        """Django's rendering of the choices the field's iterator would give for `rows`."""
        empty = iterator.field.empty_label
        self.choices = [*([("", empty)] if empty is not None else []), *rows]
        try:
            return super().render(name, value, attrs, renderer)
        finally:
            self.choices = iterator
