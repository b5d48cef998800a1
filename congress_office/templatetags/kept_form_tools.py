"""`{% kept_submit_row %}` and `{% kept_change_form_object_tools %}`: the change form's row of
buttons and its object tools (the history link), Django's `{% submit_row %}` and
`{% change_form_object_tools %}`, written once per process by all they show (decision 578).

Django renders each through its inclusion template on every opening (its `{% url %}`, the
preserved filters' merging, the words), about 0.3 ms of a change page: the same text for the
same object, flags and filters. Written by Django's own templates (admin/submit_line.html,
admin/change_form_object_tools.html, as `InclusionAdminNode` selects them), that text is made of
what those templates read alone, so each is kept by: the template (the one selected: an app's or
model's own is written Django's way), the active language, script prefix, URLconf and escaping
(`language_key`), the admin site the addresses are reversed for, the model's options, the
object's key, the preserved filters, and the flags Django works out (`submit_row`: whether each
button and link is shown) or the page's link to the site. A value that is no key writes it as
Django does."""

from django import template
from django.contrib.admin.templatetags.admin_modify import submit_row
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.utils.safestring import mark_safe

from congress_office.kept_text import keep, kept_store, language_key

from .admin_frame import _current_app

register = template.Library()

KEEP = True  # Off: written by Django's tags every time (tests compare)
_written = kept_store()  # (template, ...what it reads): its text
KEPT = 1024  # more, and it starts again

# The names of the context each of Django's templates reads (besides the object's key).
_SUBMIT_ROW_READS = (
    "show_save",
    "show_save_as_new",
    "show_save_and_add_another",
    "show_save_and_continue",
    "can_change",
    "show_close",
    "show_delete_link",
    "preserved_filters",
    "preserved_qsl",
)
_OBJECT_TOOLS_READS = ("preserved_filters", "preserved_qsl", "has_absolute_url", "absolute_url")
_DJANGOS = {
    "submit_line.html": "django/contrib/admin/templates/admin/submit_line.html",
    "change_form_object_tools.html": (
        "django/contrib/admin/templates/admin/change_form_object_tools.html"
    ),
}


class KeptInclusionNode(InclusionAdminNode):
    def __init__(self, *args, reads=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.reads = reads

    def render(self, context):
        if not KEEP:
            return super().render(context)
        opts = context["opts"]
        chosen = context.template.engine.select_template(
            [
                f"admin/{opts.app_label.lower()}/{opts.model_name}/{self.template_name}",
                f"admin/{opts.app_label.lower()}/{self.template_name}",
                f"admin/{self.template_name}",
            ]
        )
        if not chosen.origin.name.endswith(_DJANGOS[self.template_name]):
            return super().render(context)  # a template of the office's own: Django's way
        key = _key(chosen, context, opts, self.func(context), self.reads)
        try:
            text = _written.get(key)
        except TypeError:  # a value that is no key
            return super().render(context)
        if text is None:
            text = mark_safe(super().render(context))
            keep(_written, key, text, KEPT)
        return text


def _key(chosen, context, opts, shown, reads) -> tuple:
    """All that Django's template `chosen` shows from `shown` (its context) and the page."""
    original = shown.get("original")
    return (
        chosen.origin.name,
        *language_key(context),
        _current_app(context),
        opts,
        None if original is None else (bool(original), original.pk),
        *(shown.get(name) for name in reads),
    )


@register.tag
def kept_submit_row(parser, token):
    return KeptInclusionNode(
        parser, token, func=submit_row, template_name="submit_line.html", reads=_SUBMIT_ROW_READS
    )


@register.tag
def kept_change_form_object_tools(parser, token):
    return KeptInclusionNode(
        parser,
        token,
        func=lambda context: context,
        template_name="change_form_object_tools.html",
        reads=_OBJECT_TOOLS_READS,
    )
