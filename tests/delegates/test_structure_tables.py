"""The structure page's numbers kept per language (decision 383) show as `{{ value }}` does."""

from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

from delegates.templatetags.structure_tables import _numbers, _shown

VALUES = [0, 7, 1234, 12.5, 100.0, 1.0, 1, True, "<b>&</b>", 98765.4]
LANGUAGES = ["zh-hans", "de", "en"]  # German writes 12,5: a language left out of the key shows


def as_template(value) -> str:
    return Template("{{ value }}").render(Context({"value": value}))


def test_numbers_kept_show_as_the_template_shows_them_in_each_language():
    for language in LANGUAGES * 2:  # written, then kept
        with translation.override(language):
            assert [_shown(v, language) for v in VALUES] == [as_template(v) for v in VALUES]
    assert ("de", float, 12.5) in _numbers and ("de", int, 1234) in _numbers
    with override_settings(USE_THOUSAND_SEPARATOR=True):  # a setting changed: written anew
        for language in LANGUAGES:
            with translation.override(language):
                assert [_shown(v, language) for v in VALUES] == [as_template(v) for v in VALUES]


def test_one_one_point_nought_and_true_are_shown_apart():
    with translation.override("en"):
        assert [_shown(v, "en") for v in (1, 1.0, True)] == ["1", "1.0", "True"]
