"""For comparing an inline's rows read by its `PlainRowsFormSet` (statements written once,
congress_office/plain_admin_reads.py) with those its formset reads through the ORM."""

from unittest import mock

from django.contrib import admin
from django.db.models.sql.compiler import SQLCompiler

from congress_office import plain_admin_reads
from congress_office.shown_rows import ShownRowsFormSet


def fields_of(obj) -> dict:
    """The row's stored values, by attribute name."""
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def rows_shown(inline_class, parent_model, parent, request, written_once=True) -> list:
    """The rows the inline's formset shows for `parent` (unbound): read by the statements
    written once, or (`written_once` false) through the ORM, its queryset filtered by the
    parent and ordered as the formset orders it."""
    inline = inline_class(parent_model, admin.site)
    formset = inline.get_formset(request, parent)
    assert issubclass(formset, plain_admin_reads.PlainRowsFormSet), inline_class
    with mock.patch.object(plain_admin_reads, "ROWS_READ", written_once):
        shown = formset(instance=parent, queryset=inline.get_queryset(request)).get_queryset()
        assert shown._prefetch_done is written_once  # which way they were read
        return list(shown)


def rows_by_orm(inline_class, parent_model, parent, request) -> list:
    return rows_shown(inline_class, parent_model, parent, request, written_once=False)


def assert_rows_read_as_by_orm(inlines, parent_model, parent, request) -> list:
    """Each inline's formset reads the rows the ORM reads, the same values and names, in the
    same order; at least two rows each, so that the order is tested. The rows read, by
    inline."""
    read = []
    for inline in inlines:
        expected = rows_by_orm(inline, parent_model, parent, request)
        rows = rows_shown(inline, parent_model, parent, request)
        assert [fields_of(r) for r in rows] == [fields_of(r) for r in expected], inline
        assert [str(r) for r in rows] == [str(r) for r in expected], inline
        assert len(rows) >= 2, inline
        read.append(rows)
    return read


def shown_and_djangos(inline_class, parent_model, request, parent, **kwargs) -> list:
    """The inline's `ShownRowsFormSet` shown for `parent`, and the same formset with Django's
    steps (those `PlainRowsFormSet` keeps) in place of its own (decision 336)."""
    inline = inline_class(parent_model, admin.site)
    shown = inline.get_formset(request, parent)
    assert issubclass(shown, ShownRowsFormSet), inline_class
    django = type(shown.__name__, (shown,), {})
    django.get_queryset = plain_admin_reads.PlainRowsFormSet.get_queryset
    django.initial_form_count = plain_admin_reads.PlainRowsFormSet.initial_form_count
    queryset, prefix = inline.get_queryset(request), inline_class.__name__
    return [
        formset(instance=parent, queryset=queryset, prefix=prefix, **kwargs)
        for formset in (shown, django)
    ]


def formset_shown(formset) -> list:
    """What a page shows of a formset: its forms, counts, management form and empty form."""
    return [(form.prefix, form.initial, form.instance.pk) for form in formset.forms] + [
        formset.initial_form_count(),
        formset.total_form_count(),
        str(formset.management_form),
        formset.empty_form.prefix,
    ]


def assert_new_objects_rows_known_empty(inlines, parent_model, request) -> None:
    """Each inline's formset for a new `parent_model` shows what Django's shows, without
    writing a statement, and reads no row."""
    for inline_class in inlines:
        parent = parent_model()
        shown, django = shown_and_djangos(inline_class, parent_model, request, parent)
        expected = formset_shown(django)
        with mock.patch.object(SQLCompiler, "as_sql", side_effect=AssertionError("compiled")):
            assert formset_shown(shown) == expected, inline_class
        assert list(shown.get_queryset()) == [] == list(django.get_queryset())
