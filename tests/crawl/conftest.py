"""The crawl's browser and sign-in are the browser journeys' (tests/e2e/conftest.py); its demo
office is built in Chinese, as bin/demo builds it, so that what users typed (activity topics,
notifications' texts) is Chinese and any English left on a Chinese page is the product's."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from tests.e2e.conftest import browser, sign_in  # noqa: F401 - fixtures shared with the journeys


@pytest.fixture
def demo_office(transactional_db, settings):
    from congress_office.demo import DEMO_PASSWORD

    settings.LANGUAGE_CODE = "zh-hans"
    with translation.override("zh-hans"):
        call_command("demo_data", "--allow-without-debug", stdout=io.StringIO())
    return DEMO_PASSWORD
