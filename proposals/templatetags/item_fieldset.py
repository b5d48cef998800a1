"""`{% item_fieldset fieldset forloop.counter0 %}`: the item's main fieldset, kept by what it
shows (proposals/kept_fieldset.py, decision 470)."""

from django import template
from django.utils.safestring import mark_safe

from proposals.kept_fieldset import fieldset_written

register = template.Library()


@register.simple_tag(takes_context=True)
def item_fieldset(context, fieldset, counter0):
    return mark_safe(fieldset_written(context, fieldset, counter0))
