from django import template
from django.utils import timezone

from ..deadlines import time_left

register = template.Library()


@register.inclusion_tag("proposals/_time_left.html")
def time_left_chip(deadline, amber_on):
    """{% time_left_chip deadline amber_on %}: the time left in words ("due soon · 3 days
    left"), in the colour `deadlines.time_left` gives it; nothing without a deadline."""
    if deadline is None:
        return {"left": None}
    return {"left": time_left(deadline, amber_on, timezone.localdate())}
