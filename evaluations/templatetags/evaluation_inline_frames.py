"""What an evaluation inline's frame (its heading, columns and the formset's data for the
page's script) depends on, as one key for `{% kept %}` (decision 431)."""

from django import template
from django.contrib.admin.utils import flatten_fieldsets

register = template.Library()


@register.simple_tag
def inline_frame_key(inline_admin_formset):
    """Everything Django's `tabular.html` reads for the frame besides the language, script
    prefix, URLconf, escaping and admin site (`{% kept %}` adds those): the inline's and the
    admin formset's classes (the heading's words, how `fields()` reads the columns), the
    formset's class and form class (kept per process: decisions 357, 360, 378), its prefix,
    its fields, read-only fields and permissions, and the heading's options. Its rows,
    management form and errors are written for each page."""
    formset = inline_admin_formset.formset
    return (
        type(inline_admin_formset.opts),
        type(inline_admin_formset),
        type(formset),
        formset.form,
        formset.prefix,
        formset.max_num == 1,
        formset.can_delete,
        getattr(formset, "fk", None),
        tuple(flatten_fieldsets(inline_admin_formset.fieldsets)),
        tuple(inline_admin_formset.readonly_fields),
        inline_admin_formset.has_change_permission,
        inline_admin_formset.has_delete_permission,
        inline_admin_formset.classes,
        inline_admin_formset.is_collapsible,
    )
