"""The office's form renderer: Django's, except that a select's options, and the plain inputs,
are written in Python.

Django renders each option of a select through a template of its own (`select_option.html`,
which includes `attrs.html`): two template renders per option, the most of an admin form's
time once its selects hold a few dozen options (a session select alone, 26-40 ms under load:
docs/performance.md, "Forms (issue 15 item 2, second pass)"). Here the same markup is written
by string formatting, with the same escaping and localization as the templates' `{{ }}`, for
every form of the office (settings.FORM_RENDERER), so nothing changes for who reads the page
(tests/core/test_form_renderer.py compares the two for the same choices). Decision 195.

A plain input (`input.html` and the templates that only include it: text, hidden, number,
date...) is two template renders (it includes `attrs.html`), for each of the hundred-odd
inputs of a change form with inlines (the session's: 78 a page, 14 ms of its time under load:
docs/performance.md, "Forms, fourth pass"); it is written here the same way (decision 238).

A field's label (`label.html`, which includes `attrs.html`) and its list of errors (`ul.html`,
rendered for every field of an admin form, most often to write nothing) are written the same
way too (decision 244), as are the admin's date and time inputs (`admin/widgets/date.html`,
`time.html`: the input in a paragraph) and its wrapper of a relation's select with the links
to add, change or view the row chosen (`related_widget_wrapper.html`), and the two of them
that make a date and time (`split_datetime.html`, decision 377), and a textarea (decision
379).

Radio buttons and checkboxes (`radio.html`, `checkbox_select.html`: `multiple_input.html`, and
for each choice `input_option.html` and `input.html` with its `attrs.html`), four template
renders a choice, the most of a handling unit's item page's forms (its consultation's way), are
written the same way too (decision 289)."""

import html

from django.forms.renderers import DjangoTemplates
from django.forms.widgets import HiddenInput
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.functional import Promise
from django.utils.html import strip_spaces_between_tags
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext

from congress_office.templatetags.kept_static import kept_address

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
INPUT_TEMPLATE = "django/forms/widgets/input.html"
LABEL_TEMPLATE = "django/forms/label.html"
ERRORS_TEMPLATE = "django/forms/errors/list/default.html"
ERRORS_UL_TEMPLATE = "django/forms/errors/list/ul.html"
# The widgets of a choice each (their whole text includes `multiple_input.html`) and the
# templates of their choices (each includes `input_option.html`).
MULTIPLE_INPUT_TEMPLATES = frozenset(
    ["django/forms/widgets/radio.html", "django/forms/widgets/checkbox_select.html"]
)
INPUT_OPTION_TEMPLATES = frozenset(
    ["django/forms/widgets/radio_option.html", "django/forms/widgets/checkbox_option.html"]
)
# Django's templates whose whole text is `{% include "django/forms/widgets/input.html" %}`
# (the test reads them, so that an upgrade that changes one fails it rather than drifting).
INPUT_TEMPLATES = frozenset(
    [INPUT_TEMPLATE]
    + [
        f"django/forms/widgets/{name}.html"
        for name in (
            "checkbox",
            "color",
            "date",
            "datetime",
            "email",
            "file",
            "hidden",
            "number",
            "password",
            "search",
            "tel",
            "text",
            "time",
            "url",
        )
    ]
)

# What `{{ value }}` does to a value in a template rendered with the admin's settings
# (autoescaping on, time zone and localization as the project's settings say); read only.
_TEMPLATE_CONTEXT = Context(autoescape=True)


def _shown(value) -> str:
    """A value as `{{ value }}` shows it: localized, then escaped unless already safe.

    A plain or a safe string, most of what a form prints (names, ids, classes, labels: some
    1,500 a session's change page), is what `render_value_in_context` would make of it without
    its steps (a string is neither localized nor converted, only escaped unless safe):
    `html.escape`, as Django's `escape` does (decision 268)."""
    kind = type(value)
    if kind is str:
        return html.escape(value)
    if kind is SafeString:
        return value
    if isinstance(value, Promise):
        # A lazy translation (labels, choices, verbose names: most of what is left, some 140
        # a session's change page): the template neither localizes nor converts it, only
        # makes it a string (translated) and escapes that unless safe (decision 280).
        text = str(value)
        kind = type(text)
        if kind is str:
            return html.escape(text)
        if kind is SafeString:
            return text
    return render_value_in_context(value, _TEMPLATE_CONTEXT)


def _shown_as_string(value) -> str:
    """A value as `{{ value|stringformat:'s' }}` shows it (the filter keeps a safe value
    safe; "%s" of a value is its str(), a tuple's included)."""
    text = str(value)
    return _shown(mark_safe(text) if isinstance(value, SafeData) else text)


def _attrs(attrs: dict) -> str:
    """`django/forms/widgets/attrs.html`: ` name="value"` for each attribute, the name alone for
    True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_shown(name)}")
        else:
            parts.append(f' {_shown(name)}="{_shown_as_string(value)}"')
    return "".join(parts)


def _option(option: dict) -> str:
    """`select_option.html` for one option (its file's closing newline included)."""
    value = _shown_as_string(option["value"])
    return f'<option value="{value}"{_attrs(option["attrs"])}>{_shown(option["label"])}</option>\n'


def _written_select(widget: dict) -> str | None:
    """`select.html` for the widget's context, or None when the widget or one of its options
    uses a template of its own (then the template renders it)."""
    if widget.get("template_name") != SELECT_TEMPLATE:
        return None
    parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != OPTION_TEMPLATE:
                return None
            parts.append("\n  ")
            parts.append(_option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _written_input(widget: dict) -> str:
    """`input.html` for the widget's context."""
    value = widget["value"]
    shown = "" if value is None else f' value="{_shown_as_string(value)}"'
    kind, name = _shown(widget["type"]), _shown(widget["name"])
    return f'<input type="{kind}" name="{name}"{shown}{_attrs(widget["attrs"])}>'


TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"


def _written_textarea(widget: dict) -> str:
    """`textarea.html`: its value on a line of its own, nothing for an empty one (decision
    379: a candidate row's discussion, 0.3 ms through its two templates)."""
    value = widget["value"]
    shown = _shown(value) if value else ""
    return (
        f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n{shown}</textarea>'
    )


def _written_input_option(option: dict) -> str:
    """`input_option.html` for one choice: its input, in its label unless told not to wrap
    (the closing newlines of both templates included)."""
    written = f"{_written_input(option)}\n"
    if not option["wrap_label"]:
        return f"{written}\n"
    option_id = option["attrs"].get("id")
    label_for = f' for="{_shown(option_id)}"' if option_id else ""
    return f"<label{label_for}>{written} {_shown(option['label'])}</label>\n"


def _written_multiple_input(widget: dict) -> str | None:
    """`multiple_input.html` for the widget's context, or None when one of its choices uses a
    template of its own (then the template renders it)."""
    attrs = widget["attrs"]
    widget_id, widget_class = attrs.get("id"), attrs.get("class")
    parts = ["<div"]
    if widget_id:
        parts.append(f' id="{_shown(widget_id)}"')
    if widget_class:
        parts.append(f' class="{_shown(widget_class)}"')
    parts.append(">")
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f"\n  <div><label>{_shown(group_name)}</label>")
        for option in group_choices:
            if option.get("template_name") not in INPUT_OPTION_TEMPLATES:
                return None
            # the choice's own template (`radio_option.html`) adds its closing newline
            parts.append(f"<div>\n    {_written_input_option(option)}\n</div>")
        if group_name:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


def _written_label(context: dict) -> str:
    """`label.html`: the label in its tag with its attributes (`attrs.html`), or the label
    alone for a field without an id."""
    label = _shown(context["label"])
    if not context["use_tag"]:
        return label
    tag = _shown(context["tag"])
    attrs = context["attrs"]
    return f"<{tag}{_attrs(attrs) if attrs else ''}>{label}</{tag}>"


def _written_errors(context: dict) -> str:
    """`ul.html` (which `default.html` is): nothing for no errors, else the list of them."""
    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    named = f' id="{_shown(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{_shown(error)}</li>" for error in errors)
    return f'<ul class="{_shown(context["error_class"])}"{named}>{items}</ul>'


# The admin's date and time inputs: `<p class="date">` and Django's input, as its template.
ADMIN_PARAGRAPHS = {"admin/widgets/date.html": "date", "admin/widgets/time.html": "time"}
RELATED_WRAPPER_TEMPLATE = "admin/widgets/related_widget_wrapper.html"


def _written_paragraph(template_name: str, widget: dict) -> str:
    """`admin/widgets/date.html` (or `time.html`): Django's input (its template's closing
    newlines included) in a paragraph."""
    return f'<p class="{ADMIN_PARAGRAPHS[template_name]}">\n  {_written_input(widget)}\n\n\n</p>'


SPLIT_DATETIME_TEMPLATE = "admin/widgets/split_datetime.html"
# The parts a date-time pair includes (the admin's date and time inputs, Django's `date.html`
# and `time.html`, each `input.html` included and a newline), as each writes its whole text.
_INCLUDED_PARTS = {
    "django/forms/widgets/date.html": lambda widget: f"{_written_input(widget)}\n\n",
    "django/forms/widgets/time.html": lambda widget: f"{_written_input(widget)}\n\n",
    **{
        name: lambda widget, name=name: f"{_written_paragraph(name, widget)}\n"
        for name in ADMIN_PARAGRAPHS
    },
}


def _written_split_datetime(context: dict) -> str | None:
    """`admin/widgets/split_datetime.html`: "Date:" and its input, a line break, "Time:" and
    its input, in a paragraph; None when a part has a template of another kind (then the
    template renders it). The evaluation's two date-time fields were a fifth of its add
    page's fields' CPU (decision 377)."""
    widget = context["widget"]
    parts = widget.get("subwidgets", ())
    if len(parts) < 2 or not {"date_label", "time_label"} <= context.keys():
        return None
    date, time = parts[0], parts[1]
    write_date = _INCLUDED_PARTS.get(date.get("template_name"))
    write_time = _INCLUDED_PARTS.get(time.get("template_name"))
    if write_date is None or write_time is None:
        return None
    return (
        f'<p class="datetime">\n  {_shown(context["date_label"])} {write_date(date)}<br>\n'
        f"  {_shown(context['time_label'])} {write_time(time)}\n</p>"
    )


def _related_link(kind: str, name, href: str, title: str, image: str, popup: bool) -> str:
    """One of the wrapper's links (the template's text, spaces between tags removed after)."""
    where = f'href="{href}"' if kind == "add" else f'data-href-template="{href}"'
    indent = "          " if kind == "view" else "        "
    popup_attr = f'\n{indent}    data-popup="yes"' if popup else ""
    if kind == "add":
        return (
            f'<a class="related-widget-wrapper-link add-related" id="add_id_{name}"'
            f'{popup_attr}\n            {where}\n            title="{title}">\n'
            f'            <img src="{image}" alt="" width="24" height="24">\n        </a>'
        )
    attribute_indent = "             " if kind == "view" else "            "
    return (
        f'<a class="related-widget-wrapper-link {kind}-related" id="{kind}_id_{name}"\n'
        f'{attribute_indent}{where}{popup_attr}\n{attribute_indent}title="{title}">\n'
        f'            <img src="{image}" alt="" width="24" height="24">\n{indent}</a>'
    )


def _written_related_wrapper(context: dict) -> str | None:
    """`related_widget_wrapper.html`: the select, then the links to change, add, delete or view
    the related row; None for a relation whose limit is a callable (the template calls it)."""
    limit = context["model_has_limit_choices_to"]
    if callable(limit):
        return None
    ref = "" if limit else f'data-model-ref="{_shown(context["model_name"])}"'
    links = []
    if not context["is_hidden"]:
        name = _shown(context["name"])
        model = _shown(context["model"])
        for kind, allowed, url_key, message, query, popup in (
            ("change", "can_change_related", "change_related_template_url",
             "Change selected %(model)s", "url_params", True),
            ("add", "can_add_related", "add_related_url",
             "Add another %(model)s", "url_params", True),
            ("delete", "can_delete_related", "delete_related_template_url",
             "Delete selected %(model)s", "url_params", True),
            ("view", "can_view_related", "change_related_template_url",
             "View selected %(model)s", "view_related_url_params", False),
        ):  # fmt: skip
            if context[allowed]:
                href = f"{_shown(context.get(url_key, ''))}?{_shown(context.get(query, ''))}"
                image = _shown(kept_address(f"admin/img/icon-{kind}link.svg"))
                title = gettext(message) % {"model": model}
                links.append(_related_link(kind, name, href, title, image, popup))
    spaceless = strip_spaces_between_tags("\n        ".join(links).strip())
    return (
        f'<div class="related-widget-wrapper" {ref}>\n    {context["rendered_widget"]}\n    '
        f"\n        {spaceless}\n    \n</div>"
    )


WRITTEN = {
    LABEL_TEMPLATE: _written_label,
    ERRORS_TEMPLATE: _written_errors,
    ERRORS_UL_TEMPLATE: _written_errors,
    RELATED_WRAPPER_TEMPLATE: _written_related_wrapper,
}


class OfficeFormRenderer(DjangoTemplates):
    """Django's default renderer, selects written without a template per option and plain
    inputs without their two templates."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        widget = widget if isinstance(widget, dict) else None
        if widget is not None and template_name == SELECT_TEMPLATE:
            written = _written_select(widget)
            if written is not None:
                return written.strip()  # as the template renderer strips its output
        # Only the widget's own template: a template of the project's that includes one of
        # these is rendered by its template.
        own = widget is not None and widget.get("template_name") == template_name
        if own and template_name in INPUT_TEMPLATES:
            return _written_input(widget).strip()
        if own and template_name in MULTIPLE_INPUT_TEMPLATES:
            written = _written_multiple_input(widget)
            if written is not None:
                return written.strip()
        if own and template_name in ADMIN_PARAGRAPHS:
            return _written_paragraph(template_name, widget)
        if own and template_name == TEXTAREA_TEMPLATE:
            return _written_textarea(widget).strip()
        if own and template_name == SPLIT_DATETIME_TEMPLATE:
            written = _written_split_datetime(context)
            if written is not None:
                return written
        writer = WRITTEN.get(template_name) if isinstance(context, dict) else None
        if writer is not None:
            written = writer(context)
            if written is not None:
                return written.strip()
        return super().render(template_name, context, request=request)


HIDDEN_TEMPLATE = "django/forms/widgets/hidden.html"


def hidden_field(bound) -> str:
    """`str(bound)` of a bound field of a plain hidden input (an inline row's key and its
    link to the page's object, two a row): `input.html` written from the widget's own
    context, without `BoundField.as_widget`'s steps, which add nothing to such an input (no
    `required` for a hidden widget, no `aria-` attributes, the id its `auto_id`); any other
    field, or a form bound to data, is rendered by Django (decision 318)."""
    field, form = bound.field, bound.form
    widget = field.widget
    if (
        type(widget) is not HiddenInput
        or widget.attrs
        or widget.template_name != HIDDEN_TEMPLATE
        or field.localize
        or field.disabled
        or field.show_hidden_initial
        or form.is_bound
        or not isinstance(form.renderer, OfficeFormRenderer)
    ):
        return str(bound)
    auto_id = bound.auto_id
    attrs = {"id": auto_id} if auto_id else {}
    context = widget.get_context(bound.html_name, bound.value(), attrs)
    return mark_safe(_written_input(context["widget"]).strip())
