"""The session's committees' rows kept as its sittings' are (decisions 404 and 487): each
committee's row is written the same while its own values and the rows its pickers (chair,
members) show stay the same, so it is kept by those and makes no form when kept.

A picker shows its chosen rows as its own queryset reads them, in its order, with their labels
(`admin_autocomplete._chosen_rows`): a delegate renamed, a member added or removed, changes
what the row shows. The page read every picker's chosen rows at once when it was written
(`read_chosen_at_once`, decision 268: one query for the presidium, the secretary general and
every committee's chair and members), after the rows' forms were made. Here the same read
comes before the forms are made (`read_chosen`, called before `kept_inline_rows.hold`): the
main form's pickers and, for each committee's row, its formset's empty form's pickers standing
for the row's (the same fields, the same querysets) with the values the row's form would show
(its object's, as `model_to_dict` and `BoundField.value` give them). The same pickers in the
same groups: the same queries. Each row is then keyed with its pickers' chosen rows
(`ChosenShownRows.chosen_shown`); a row not kept gets its pickers' rows handed to its form when
it is made, so that nothing is read again (`read_chosen_at_once` leaves pickers read alone).
`tests/sessions/test_committee_rows_kept.py` compares pages with Django's after each change."""

from congress_office import admin_autocomplete, kept_inline_rows
from congress_office.admin_autocomplete import _chosen_rows, _picker, chosen_at_once

_CHOSEN = "_committee_rows_chosen"  # a formset's {index: {name: (values, rows, label)}}
_FORM = "_committee_rows_form"  # an object's: the change form made for it on this page


def shown_by(instance, form) -> None:
    """`form` is the (unbound) change form showing `instance`, for `read_chosen`, which the
    admin calls with the object alone; held by the object for its request."""
    instance.__dict__[_FORM] = form


class ChosenShownRows:
    """An inline formset whose rows are keyed with what their pickers show (`read_chosen`)."""

    def chosen_shown(self, index: int):
        """What row `index`'s pickers show: each one's name, values and chosen rows' keys and
        labels; None when not read for the page (the row is then not kept)."""
        read = self.__dict__.get(_CHOSEN)
        if read is None or index not in read:
            return None
        return tuple(
            (name, tuple(values), tuple((str(key), str(label(row))) for key, row in rows))
            for name, (values, rows, label) in read[index].items()
        )

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        read = self.__dict__.get(_CHOSEN)
        held = self.__dict__.get(kept_inline_rows._HELD) or ()
        if read is None or i not in read or i in held:
            return form
        for name, (values, rows, _label) in read[i].items():
            picker = _picker(form.fields[name])
            if picker is None or picker._chosen_read is not None:
                continue
            if list(picker.format_value(form[name].value())) == values:  # as read for the key
                picker._chosen_read = (values, rows)
        return form


def _shown_values(obj, name: str, field, picker) -> list:
    """The values the row's picker `name` shows for its object: `model_to_dict`'s initial
    value, prepared as `BoundField.value` prepares it, formatted as the widget formats it."""
    initial = obj._meta.get_field(name).value_from_object(obj)
    return list(picker.format_value(field.prepare_value(initial)))


def read_chosen(inline_admin_formsets, obj) -> None:
    """Every picker's chosen rows of the page read before its rows' forms are made, as
    `read_chosen_at_once` would read them after (the module's docstring)."""
    form = None if obj is None else obj.__dict__.get(_FORM)
    if not admin_autocomplete.CHOSEN_AT_ONCE or form is None or form.is_bound:
        return
    formsets = [
        shown.formset
        for shown in inline_admin_formsets
        if isinstance(shown.formset, ChosenShownRows)
        and not shown.formset.is_bound
        and "forms" not in shown.formset.__dict__
    ]
    if not formsets:
        return
    entries, places = [], []
    for name, field in form.fields.items():
        picker = _picker(field)
        if picker is not None and picker._chosen_read is None:
            entries.append((picker, picker.format_value(form[name].value())))
            places.append((None, None, name))
    for formset in formsets:
        pickers = [
            (name, field, picker)
            for name, field in formset.empty_form.fields.items()
            if (picker := _picker(field)) is not None
        ]
        rows = formset.get_queryset()[: formset.initial_form_count()]
        for index, row in enumerate(rows):
            for name, field, picker in pickers:
                entries.append((picker, _shown_values(row, name, field, picker)))
                places.append((formset, index, name))
    found = chosen_at_once(entries)
    for (picker, values), rows, (formset, index, name) in zip(entries, found, places, strict=True):
        if formset is None:
            if rows is not None:
                picker._chosen_read = (list(values), rows)
            continue
        if rows is None:  # alone of its kind: its own query now, the one its picker would run
            rows = _chosen_rows(picker, values)
        label = picker.choices.field.label_from_instance
        read = formset.__dict__.setdefault(_CHOSEN, {})
        read.setdefault(index, {})[name] = (list(values), rows, label)
