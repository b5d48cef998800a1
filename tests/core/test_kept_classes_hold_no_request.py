"""The form and formset classes kept per process hold no request (decision 556): Django's
`get_form`, `get_formset` and `get_changelist_formset` give each class a callback bound to the
request it was made for (`formfield_callback`), and a class kept for every later page held the
first opener's request, its session cookie, CSRF token and account (with its password hash),
for the process's life. The pages are compared with Django's classes in
tests/core/test_kept_form_classes.py and tests/proposals/test_category_list.py."""

import gc
import weakref

import pytest

from congress_office import kept_form_classes
from proposals.models import ProposalCategory
from sessions.models import AgendaItem, Committee
from tests.core.kept_kit import nothing_kept_in
from tests.delegates.factories import DelegateFactory
from tests.sessions.factories import SessionFactory, SittingFactory

pytestmark = pytest.mark.django_db

nothing_kept = nothing_kept_in(kept_form_classes._classes)


def _session_page(term) -> str:
    session = SessionFactory(term=term)
    SittingFactory(session=session)
    AgendaItem.objects.create(session=session, order=1, kind="report", title="报告")
    chair = DelegateFactory(term=term)
    Committee.objects.create(session=session, kind="other", name="委员会", chair=chair)
    return f"/admin/congress_sessions/session/{session.pk}/change/"


def _categories_list(term) -> str:
    ProposalCategory.objects.create(name="教育", order=1)
    return "/admin/proposals/proposalcategory/"


@pytest.mark.parametrize("url_of", [_session_page, _categories_list])
def test_a_page_opened_leaves_no_request_held_by_its_kept_classes(office, term, url_of):
    url = url_of(term)
    response = office.get(url)
    assert response.status_code == 200 and kept_form_classes._classes
    request = weakref.ref(response.wsgi_request)
    del response
    gc.collect()
    assert request() is None
    assert office.get(url).status_code == 200  # the classes kept serve the next page
