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


def _opened(client, url, read=type):
    """`read(the response)` of the page, its request let go as at the end of a page (asserted
    collected)."""
    response = client.get(url)
    assert response.status_code == 200
    read_off, request = read(response), weakref.ref(response.wsgi_request)
    del response
    gc.collect()
    assert request() is None
    return read_off


def _other_office_account():
    from django.test import Client

    from congress_office.roles import Role
    from tests.core.factories import UserFactory
    from tests.sign_in import sign_in_as

    client = Client()
    sign_in_as(client, UserFactory(username="office2", role=Role.SECRETARIAT))
    return client


def test_another_account_uses_and_posts_a_class_kept_for_a_request_gone(office, term):
    """The kept class's callback is bound to the first opener's request, gone by now: another
    account's page, its pickers' answers and its posts (valid or not) never call it (a posted
    page's classes are made anew), so none fails with that request's `ReferenceError`
    (decision 556, checked by decision 606)."""
    session = SessionFactory(term=term)
    url = f"/admin/congress_sessions/session/{session.pk}/change/"
    form_class = lambda response: type(response.context["adminform"].form)  # noqa: E731
    kept = _opened(office, url, form_class)
    assert kept_form_classes.is_kept(kept)
    other = _other_office_account()
    assert _opened(other, url, form_class) is kept
    picked = other.get(
        "/admin/autocomplete/",
        {
            "app_label": "congress_sessions",
            "model_name": "session",
            "field_name": "presidium",
            "object": session.pk,
            "term": "",
        },
    )
    assert picked.status_code == 200
    counts = {
        f"{prefix}-{count}": 0
        for prefix in ("sittings", "agenda_items", "committees")
        for count in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    data = {
        "ordinal": session.ordinal,
        "name": "另一账户改名",
        "start_date": session.start_date,
        "end_date": session.end_date,
        "venue": session.venue,
        **counts,
    }
    refused = other.post(url, {**data, "start_date": "1990-01-01"})
    assert refused.status_code == 200 and refused.context["adminform"].form.errors
    assert other.post(url, data).status_code == 302
    session.refresh_from_db()
    assert session.name == "另一账户改名"
    assert "另一账户改名" in other.get(url).content.decode()


def test_another_account_uses_and_posts_a_kept_list_formset(office):
    category = ProposalCategory.objects.create(name="教育", order=1)
    url = "/admin/proposals/proposalcategory/"
    _opened(office, url)
    other = _other_office_account()
    _opened(other, url)
    posted = other.post(
        url,
        {
            "form-TOTAL_FORMS": 1,
            "form-INITIAL_FORMS": 1,
            "form-0-id": category.pk,
            "form-0-order": 7,
            "_save": "保存",
        },
    )
    assert posted.status_code == 302
    category.refresh_from_db()
    assert category.order == 7
