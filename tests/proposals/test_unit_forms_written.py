"""proposals.unit_forms_written: an unbound form's fields on the unit's item page, written
once per process and language, are what form_snippet.html writes for a new form of the class,
in each language (decision 436); the page itself is compared with the former one by
bench/list_html.py, and its bound forms by the steps' tests."""

import pytest
from django.utils import translation

from proposals.forms import ConsultationForm, ExtensionForm, ReplyForm, SendBackForm
from proposals.unit_forms_written import fields_written, unbound_fields_written

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("form_class", [ReplyForm, SendBackForm, ExtensionForm, ConsultationForm])
def test_an_unbound_forms_fields_are_written_once_per_language(form_class):
    written = {}
    for language in ("zh-hans", "en", "zh-hans"):
        with translation.override(language):
            kept = unbound_fields_written(form_class)
            assert kept == fields_written(form_class())
            assert 'name="' in kept
            written.setdefault(language, kept)
            assert written[language] is kept  # written once
    assert written["zh-hans"] != written["en"]
