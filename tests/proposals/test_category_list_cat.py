"""The categories' editable list counts its rows once a page (decision 452): the same number
of queries at two sizes (Django's list asked eight: its count twice), and the same page as
Django's change list writes."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress_office.list_links import OfficeChangeList
from proposals.admin import ProposalCategoryAdmin
from tests.core.kept_kit import page
from tests.proposals.factories import ProposalCategoryFactory

pytestmark = pytest.mark.django_db
URLS = ("/admin/proposals/proposalcategory/", "/admin/proposals/proposalcategory/?o=-1.2")


@pytest.mark.parametrize("url", URLS)
def test_counted_once_at_two_sizes(office, url):
    for size in (2, 12):
        for number in range(size):
            ProposalCategoryFactory(name=f"类别{number}", order=number)
        office.get(url)  # the statements written once
        with CaptureQueriesContext(connection) as queries:
            shown = page(office, url)
        assert len(queries) == 7, [query["sql"] for query in queries]
        assert all(f"类别{number}" in shown for number in range(size))


def _djangos(self, request, **kwargs):
    return OfficeChangeList


def test_the_page_as_djangos_change_list_writes_it(office):
    ProposalCategoryFactory(name="教育", order=2)
    ProposalCategoryFactory(name="交通", order=1)
    for url in URLS:
        for language in ("zh-hans", "en"):
            kept = page(office, url, language)
            with mock.patch.object(ProposalCategoryAdmin, "get_changelist", _djangos):
                assert page(office, url, language) == kept
