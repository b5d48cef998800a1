"""A ballot line's radio buttons, written out in Python: a 15-subject ballot has some 450 of
them, and rendering each through the form widget templates made the ballot page the slowest
step of a session-day vote (63 ms of CPU a ballot). Every value is escaped."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def ballot_radios(field):
    """<label><input type="radio" ...> label</label> for each choice of a ballot line."""
    chosen = str(field.value() or "")
    name = escape(field.html_name)
    radios = (
        f'<label><input type="radio" name="{name}" value="{escape(str(value))}"'
        f"{' checked' if str(value) == chosen else ''}> {escape(str(label))}</label>"
        for value, label in field.field.choices
    )
    return mark_safe("".join(radios))  # noqa: S308 - names, values and labels are escaped
