"""A choice field's label for its value, as Django's `get_FOO_display` gives it, without its
building a dictionary of the field's choices on every call: that hashes each lazy label, so
translates it, each time (some 40 calls the unit's inbox, a sixth of its time: decision 289).
The models name it `get_FOO_display` for their busiest fields, so Django does not add its own."""

from functools import cache

from django.utils.encoding import force_str


@cache
def _labels(choices) -> dict:
    """The choices' {value: label} (lazy labels: translated when shown). Once per process."""
    return dict(choices.choices)


def choice_label(choices, value) -> str:
    """The label of `value` among `choices` (a TextChoices class), or the value itself when
    none has it, as Django's `get_FOO_display` answers."""
    return force_str(_labels(choices).get(value, value), strings_only=True)
