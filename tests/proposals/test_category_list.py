"""The categories' editable list counts its rows once a page (decision 452): the same number
of queries at two sizes (Django's list asked eight: its count twice), and the same page as
Django's change list writes; its formset class is made once (decision 453), a posted list's
anew."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress_office import kept_form_classes
from congress_office.list_links import OfficeChangeList
from proposals.admin import ProposalCategoryAdmin
from tests.core.kept_kit import djangos, nothing_kept_in, page
from tests.proposals.factories import ProposalCategoryFactory

pytestmark = pytest.mark.django_db
nothing_kept = nothing_kept_in(kept_form_classes._classes)
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


def test_the_formset_class_made_once_and_the_page_as_djangos(office):
    ProposalCategoryFactory(name="教育", order=2)
    url = URLS[0]
    made = {type(office.get(url).context["cl"].formset) for _ in range(2)}
    assert len(made) == 1
    for language in ("zh-hans", "en"):
        assert page(office, url, language) == djangos(kept_form_classes, office, url, language)


def test_a_posted_list_saves_its_orders(office):
    first = ProposalCategoryFactory(name="教育", order=2)
    second = ProposalCategoryFactory(name="交通", order=1)
    office.get(URLS[0])  # the class kept by a shown page
    posted = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-0-id": str(second.pk),
        "form-0-order": "7",
        "form-1-id": str(first.pk),
        "form-1-order": "x",  # refused: the list is shown again with the error
        "_save": "1",
    }
    assert office.post(URLS[0], posted).status_code == 200
    second.refresh_from_db()
    assert second.order == 1
    posted["form-1-order"] = "8"
    assert office.post(URLS[0], posted).status_code == 302
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.order, second.order) == (8, 7)
