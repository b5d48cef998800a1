"""`{% form_fields form %}`: a site form's fields as `form_snippet.html` wrote them (its loop,
now this tag), in Python (decision 327).

The snippet's loop resolved a dozen variables and conditions a field through the template
engine (`field.errors` twice, `field.widget_type`, `field.id_for_label`, the label, the help
text, the errors' loop): on a handling unit's item page, four forms of three fields each, a
fifth of the page's CPU. Here each value goes through what a template's `{{ }}` does
(`render_value_in_context`: localized, escaped unless safe; the help text unescaped, as
`|safe` left it), in the snippet's order and whitespace (tests/core/test_site_form.py keeps
the former template and compares). The widgets themselves are rendered as before."""

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def form_fields(context, form) -> str:
    def shown(value) -> str:
        return render_value_in_context(value, context)

    parts = []
    non_field_errors = form.non_field_errors()
    if non_field_errors:
        parts.append(f'\n<div class="form-errors" role="alert">{shown(non_field_errors)}</div>\n')
    parts.append("\n")
    for field in form:
        errors = field.errors
        invalid = " field-invalid" if errors else ""
        parts.append(f'\n<div class="field{invalid}">\n  ')
        label_for = shown(field.id_for_label)
        if field.widget_type == "checkbox":
            parts.append(
                f'<label class="checkbox" for="{label_for}">{shown(field)} {shown(field.label)}'
                "</label>"
            )
        else:
            parts.append(f'<label for="{label_for}">{shown(field.label)}</label>\n  {shown(field)}')
        parts.append("\n  ")
        help_text = field.help_text
        if help_text:
            parts.append(
                f'<div class="help" id="{label_for}_helptext">'
                f"{shown(mark_safe(str(help_text)))}</div>"  # noqa: S308 - `|safe`, as it was
            )
        parts.append("\n  ")
        for error in errors:
            parts.append(f'<div class="error" role="alert">{shown(error)}</div>')
        parts.append("\n</div>\n")
    parts.append("\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value shown as `{{ }}` shows it
