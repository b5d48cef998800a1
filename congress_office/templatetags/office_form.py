"""The admin's change and add forms, their fieldsets and their tabular inlines' rows written in
Python (decision 244).

Django's `admin/includes/fieldset.html` and the rows of `admin/edit_inline/tabular.html` (the
office's, `templates/admin/edit_inline/tabular_rows.html`) resolve a dozen variables and tests
for each field of each row through the template engine: a few hundred a change form, the most
of what the session's and the item's forms spend besides their widgets (docs/performance.md,
"Forms, fifth pass"). Here the same markup, to the character, is written by string formatting
from the same objects (Django's `Fieldset`, `Fieldline`, `AdminField`, `AdminReadonlyField`,
`InlineAdminForm`), with the templates' escaping (`{{ }}` is `_shown`). A tabular inline whose
rows link to their own page (`show_change_link`) is left to the template.
`tests/core/test_office_form.py` renders every change and add form of the office both ways
(`WRITTEN` off: the templates) and compares them. Django is not patched: an upgrade that
changes `fieldset.html` fails that test rather than drifting."""

from copy import copy
from functools import cache, partial

from django import template
from django.contrib.admin.templatetags.admin_modify import cell_count
from django.forms import Media
from django.forms.utils import ErrorList
from django.template.base import Variable, VariableDoesNotExist, render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from congress_office import (
    kept_empty_forms,
    kept_form_fieldset,
    kept_inline_rows,
    readonly_values,
)
from congress_office.form_renderer import _shown, hidden_field
from congress_office.kept_text import kept, kept_store, language_key, media_key

register = template.Library()

# Off: the templates write everything (the tests compare both).
WRITTEN = True
FIELDSET_TEMPLATE = "admin/includes/fieldset.html"
TABULAR_ROWS_TEMPLATE = "admin/edit_inline/tabular_rows.html"


@cache
def _fieldset_is_djangos(engine) -> bool:
    """Whether `admin/includes/fieldset.html` is Django's own (a project's or an app's
    override of it is rendered as it is written)."""
    origin = engine.get_template(FIELDSET_TEMPLATE).origin.name
    return origin.replace("\\", "/").endswith("django/contrib/admin/templates/" + FIELDSET_TEMPLATE)


def _by_template(context, name: str, **values) -> str:
    """`{% include name with values %}`: the template, with the page's context."""
    included = context.template.engine.get_template(name)
    with context.push(**values):
        return included.render(context)


def _field_name(field) -> str:
    """`{{ field.field.name }}`: a bound field's name, a read-only field's entry."""
    return field.field["name"] if field.is_readonly else field.field.name


def _is_hidden(field) -> bool:
    return field.field["is_hidden"] if field.is_readonly else field.field.is_hidden


def _help(field):
    return field.field["help_text"] if field.is_readonly else field.field.help_text


def _errors_ul(bound) -> str:
    """`bound.errors.as_ul()`: nothing for a field without errors (Django's error list writes
    nothing for an empty list: `ul.html` is `{% if errors %}...`), without asking the renderer
    to say so for every field of every row (decision 334); a list of a form's own class is
    asked as before."""
    errors = bound.errors
    if not errors and type(errors) is ErrorList:
        return ""
    return errors.as_ul()


def _field(field, one: bool) -> str:
    """One field of a fieldset's line (the `{% for field in line %}` body of fieldset.html)."""
    readonly = field.is_readonly
    name = _field_name(field)
    errors = "" if readonly else mark_safe(_errors_ul(field.field))  # AdminField.errors()
    parts = ["\n                <div>\n                    "]
    if not one and not readonly:
        parts.append(errors)
    box = ""
    if not one:
        box = " fieldBox"
        if name:
            box += f" field-{_shown(name)}"
        if not readonly and errors:
            box += " errors"
        if _is_hidden(field):
            box += " hidden"
    if field.is_checkbox:
        box += " checkbox-row"
    parts.append(f'\n                        <div class="flex-container{box}">\n')
    parts.append("                            ")
    if field.is_checkbox:
        parts.append(f"\n                                {field.field}{field.label_tag()}\n")
    else:
        label = readonly_values.label_tag(field) if readonly else field.label_tag()
        parts.append(f"\n                                {label}\n")
        parts.append("                                ")
        if readonly:
            parts.append("\n                                    ")
            contents = readonly_values.contents(field)
            parts.append(f'<div class="readonly">{_shown(contents)}</div>\n')
        else:
            parts.append(f"\n                                    {field.field}\n")
        parts.append("                                \n")
    parts.append("                            \n")
    parts.append("                        </div>\n                    ")
    help_text = _help(field)
    if help_text:
        hidden = " hidden" if _is_hidden(field) else ""
        id_for_label = "" if readonly else field.field.id_for_label
        named = f' id="{_shown(id_for_label)}_helptext"' if id_for_label else ""
        parts.append(f'\n                        <div class="help{hidden}"{named}>\n')
        parts.append(f"                            <div>{help_text}</div>\n")
        parts.append("                        </div>\n                    ")
    parts.append("\n                </div>\n            ")
    return "".join(parts)


def _line(line) -> str:
    """One line of a fieldset (the `{% for line in fieldset %}` body of fieldset.html)."""
    fields = list(line)
    one = len(line.fields) == 1
    errors = line.errors() if one else ""
    classes = " errors" if one and errors else ""
    if not line.has_visible_field:
        classes += " hidden"
    for field in fields:
        name = _field_name(field)
        if name:
            classes += f" field-{_shown(name)}"
    parts = [f'\n        <div class="form-row{classes}">\n            ']
    parts.append(errors if one else '<div class="flex-container form-multiline">')
    parts.append("\n            ")
    parts.extend(_field(field, one) for field in fields)
    parts.append("\n            ")
    if not one:
        parts.append("</div>")
    parts.append("\n        </div>\n    ")
    return "".join(parts)


def written_fieldset(fieldset, heading_level, prefix, id_prefix, id_suffix) -> str:
    """admin/includes/fieldset.html, its whole text."""
    heading = f"{_shown(prefix)}-{_shown(id_prefix)}-{_shown(id_suffix)}-heading"
    name = fieldset.name
    labelled = f' aria-labelledby="{heading}"' if name else ""
    parts = [f'<fieldset class="module aligned {_shown(fieldset.classes)}"{labelled}>\n    ']
    if name:
        collapsible = fieldset.is_collapsible
        level = _shown(heading_level or 2)
        parts.append("\n        ")
        if collapsible:
            parts.append("<details><summary>")
        parts.append(f'\n        <h{level} id="{heading}" class="fieldset-heading">')
        parts.append(f"{_shown(name)}</h{level}>\n        ")
        if collapsible:
            parts.append("</summary>")
        parts.append("\n    ")
    parts.append("\n    ")
    if fieldset.description:
        parts.append(f'\n        <div class="description">{fieldset.description}</div>\n    ')
    parts.append("\n    ")
    parts.extend(_line(line) for line in fieldset)
    parts.append("\n    ")
    if name and fieldset.is_collapsible:
        parts.append("</details>")
    parts.append("\n</fieldset>\n")
    return "".join(parts)


@register.simple_tag(takes_context=True)
def office_fieldset(context, fieldset, heading_level, prefix, id_prefix, id_suffix):
    """`{% include "admin/includes/fieldset.html" with heading_level=... %}`, written."""
    if not WRITTEN or not _fieldset_is_djangos(context.template.engine):
        return _by_template(
            context,
            FIELDSET_TEMPLATE,
            fieldset=fieldset,
            heading_level=heading_level,
            prefix=prefix,
            id_prefix=id_prefix,
            id_suffix=id_suffix,
        )
    place = (heading_level, prefix, id_prefix, id_suffix)
    write = lambda: written_fieldset(fieldset, *place)  # noqa: E731
    if getattr(fieldset.model_admin, "fieldset_kept", False):  # decision 505
        return mark_safe(kept_form_fieldset.fieldset_written(context, fieldset, place, write))
    return mark_safe(write())


class _Labels(dict):
    """`{{ field.field.label }}` of a tabular inline's cells, shown once a page per label: the
    rows' forms share their fields' label objects (a lazy translation each, translated and
    escaped for every row otherwise, decision 334). Keyed by the object, which the entry
    holds, so that no other label takes its identity."""

    def shown(self, label) -> str:
        kept = self.get(id(label))
        if kept is None or kept[0] is not label:
            kept = self[id(label)] = (label, _shown(label))
        return kept[1]


def _cell(field, labels: _Labels) -> str:
    """One field of a tabular row."""
    name = _field_name(field)
    hidden = _is_hidden(field)
    classes = (f"field-{_shown(name)}" if name else "") + (" hidden" if hidden else "")
    parts = [f'\n              <td class="{classes}">\n              ']
    if field.is_readonly:
        contents = readonly_values.contents(field)
        parts.append(f"\n                  <p>{_shown(contents)}</p>\n              ")
    else:
        bound = field.field
        parts.append(f"\n                  {_errors_ul(bound)}\n                  ")
        if not hidden:
            parts.append(f'<label class="visually-hidden" for="{_shown(bound.id_for_label)}">')
            parts.append(f"{labels.shown(bound.label)}</label>")
        parts.append(f"\n                  {bound}\n              ")
    parts.append("\n              </td>\n            ")
    return "".join(parts)


def _row(formset, form, counter0: int, last: bool, labels: _Labels) -> str:
    """One row of a tabular inline (the `{% for inline_admin_form in ... %}` body)."""
    parts = ["\n        "]
    errors = form.form.non_field_errors()
    if errors:
        parts.append('\n        <tr class="row-form-errors">')
        parts.append(f'<td colspan="{cell_count(form)}">{errors}</td></tr>\n        ')
    original, show_url = form.original, form.show_url
    empty = last and formset.has_add_permission
    has_original = "has_original" if original or show_url else ""
    prefix = _shown(formset.formset.prefix)
    parts.append(f'\n        <tr class="form-row {has_original}{" empty-form" if empty else ""}"\n')
    parts.append(f'             id="{prefix}-{"empty" if empty else counter0}">\n')
    parts.append('        <td class="original">\n          ')
    if original or show_url:
        parts.append("<p>\n          ")
        if original:
            parts.append(f"\n          {_shown(original)}\n          \n          ")
        parts.append("\n          ")
        if show_url:
            view_on_site = gettext("View on site")  # makemessages skips f-strings
            parts.append(f'<a href="{_shown(form.absolute_url)}">{view_on_site}</a>')
        parts.append("\n            </p>")
    parts.append("\n          ")
    if form.needs_explicit_pk_field():
        parts.append(hidden_field(form.pk_field().field))
    parts.append("\n          ")
    fk_field = form.fk_field()
    if fk_field:
        parts.append(hidden_field(fk_field.field))
    parts.append("\n        </td>\n        ")
    for fieldset in form:
        parts.append("\n          ")
        for line in fieldset:
            parts.append("\n            ")
            parts.extend(_cell(field, labels) for field in line)
            parts.append("\n          ")
        parts.append("\n        ")
    parts.append('\n        <td class="delete">')
    if formset.formset.can_delete and formset.has_delete_permission and original:
        deletion = form.deletion_field().field
        parts.append(f'<label class="visually-hidden" for="{_shown(deletion.id_for_label)}">')
        parts.append(f"{labels.shown(deletion.label)}</label>{deletion}")
    parts.append("</td>\n        </tr>\n     ")
    return "".join(parts)


@register.simple_tag(takes_context=True)
def office_tabular_rows(context, inline_admin_formset):
    """The rows of a tabular inline (templates/admin/edit_inline/tabular_rows.html), written;
    rows that link to their own page are left to the template."""
    if not WRITTEN or inline_admin_formset.opts.show_change_link:
        kept_inline_rows.release(inline_admin_formset.formset)  # rows held: made anew
        return _by_template(context, TABULAR_ROWS_TEMPLATE)
    labels = _Labels()
    empty = kept_empty_forms.empty_row(
        inline_admin_formset,
        context.autoescape,
        lambda form: _row(inline_admin_formset, form, 0, True, labels),
    )
    if empty is not None:  # the rows but the empty one's (kept, decision 370), then it
        if not context.autoescape:  # rows held for an escaping template (decision 404)
            kept_inline_rows.release(inline_admin_formset.formset)
        shown = copy(inline_admin_formset)
        shown.has_add_permission = False
        key = kept_empty_forms.rows_key(inline_admin_formset, context.autoescape)
        rows = [
            kept_inline_rows.row(  # each kept by what it shows (decision 404)
                shown, key, form, i, partial(_row, shown, form, i, False, labels)
            )
            for i, form in enumerate(shown)
        ]
        return mark_safe("".join([*rows, empty]))
    kept_inline_rows.release(inline_admin_formset.formset)  # as above
    forms = list(inline_admin_formset)
    last = len(forms) - 1
    rows = (_row(inline_admin_formset, form, i, i == last, labels) for i, form in enumerate(forms))
    kept_row = getattr(inline_admin_formset, "kept_row", None)  # kept_value_rows (decision 473)
    if kept_row is not None:
        rows = (
            kept_row(
                form, i, i == last, partial(_row, inline_admin_formset, form, i, i == last, labels)
            )
            for i, form in enumerate(forms)
        )
    return mark_safe("".join(rows))


_media = kept_store()  # (the media's lists of files, language key): its markup
KEPT_MEDIA = 256  # more, and it starts again


@register.simple_tag(takes_context=True)
def kept_form_media(context, media):
    """`{{ media }}` of a change or add page (its style sheets, then its scripts), written
    once per process for the same files (decision 361): the page's media is merged from the
    admin's, its form's widgets' and its inlines' rows', and each file's address asked of the
    storage, the same files on every opening. Kept as the lists' media (decision 348): by the
    lists of files merged, before the merge, whose result they decide, and `language_key`
    (the script prefix a relative STATIC_URL reads); media holding anything but file names (a
    script object) is written each time, as is anything but Django's `Media`."""
    if type(media) is not Media:
        try:
            return render_value_in_context(Variable("media").resolve(context), context)
        except VariableDoesNotExist:  # as the template prints a missing value
            return context.template.engine.string_if_invalid
    css, js = media_key(media, "css"), media_key(media, "js")
    if css is None or js is None:
        return conditional_escape(media)
    return kept(_media, (css, js, *language_key(context)), lambda: conditional_escape(media),
                KEPT_MEDIA)  # fmt: skip
