"""For comparing an inline's rows read by its `read_rows` (congress_office/inline_rows.py)
with those its formset reads through the ORM."""

from django.contrib import admin


def fields_of(obj) -> dict:
    """The row's stored values, by attribute name."""
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def rows_by_orm(inline_class, parent_model, parent, request) -> list:
    """The rows the inline's formset reads through the ORM (its queryset, filtered by the
    parent and ordered as the formset orders it)."""
    inline = inline_class(parent_model, admin.site)
    formset = inline.get_formset(request, parent)
    return list(formset(instance=parent, queryset=inline.get_queryset(request)).get_queryset())


def assert_rows_read_as_by_orm(pairs, parent_model, parent, request) -> None:
    """Each (inline class, read function) reads the formset's rows, the same values and
    names, in the same order; at least two rows each, so that the order is tested."""
    for inline, read in pairs:
        expected, rows = rows_by_orm(inline, parent_model, parent, request), read(parent)
        assert [fields_of(r) for r in rows] == [fields_of(r) for r in expected], inline
        assert [str(r) for r in rows] == [str(r) for r in expected], inline
        assert len(rows) >= 2, inline
