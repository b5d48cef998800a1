"""`{% inline_frame_key inline_admin_formset as key %}`: what a tabular inline's frame (its
heading, its columns' headings and the formset's data for the page's script) depends on, as
the key its `{% kept key %}` parts are written once per process by (decisions 431, 439); the
management form, errors and rows are written for each page."""

from django import template
from django.contrib.admin.utils import flatten_fieldsets

from congress_office.kept_form_classes import is_kept
from congress_office.templatetags.admin_frame import NOT_KEPT

register = template.Library()

KEEP = True  # Off: every frame written on each page (the tests compare)


@register.simple_tag
def inline_frame_key(inline_admin_formset):
    return frame_key(inline_admin_formset) if KEEP else NOT_KEPT


def frame_key(inline_admin_formset):
    """Everything Django's `tabular.html` reads for the frame besides the language, script
    prefix, URLconf, escaping and admin site (`{% kept %}` adds those): the inline's and the
    admin formset's classes (the heading's words, how `fields()` reads the columns), the
    formset's class and form class, its prefix, fields, read-only fields and permissions, and
    the heading's options. The columns' labels are the empty form's fields': they are the
    form class's when the formset's class is kept per process (decision 357: by its fields,
    widgets, the account's permissions) and passes its forms no argument of the page's; any
    other formset's frame (a posted page's, made anew) is written each time."""
    formset = inline_admin_formset.formset
    if formset.is_bound or formset.form_kwargs:
        return NOT_KEPT
    if not any(is_kept(cls) for cls in type(formset).__mro__):
        return NOT_KEPT
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
