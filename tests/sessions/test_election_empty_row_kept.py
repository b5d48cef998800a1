"""The election's scrutineers' empty row kept (decision 474, kept_empty_forms.py's
`empty_row_kept`): the add page and two preparing elections' change pages, opened in turn in
both languages, each the page Django's empty forms write (`KEEP` off); each change page's
empty row links to its own election."""

from functools import partial

import pytest

from congress_office import kept_empty_forms, kept_form_classes
from sessions.models import AgendaItem, Election
from tests.core.kept_kit import djangos, nothing_kept_in, page
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db

nothing_kept = nothing_kept_in(
    kept_form_classes._classes, kept_empty_forms._forms, kept_empty_forms._rows
)
_djangos = partial(djangos, kept_empty_forms)
ADD = "/admin/congress_sessions/election/add/"


def _preparing(session, title, order):
    item = AgendaItem.objects.create(session=session, order=order, kind="election", title=title)
    return Election.objects.create(
        session=session, agenda_item=item, title=title, fills="higher_delegates", seats=2
    )


def test_the_scrutineers_empty_row_is_kept_and_each_page_is_djangos(office, term):
    session = SessionFactory(term=term)
    elections = [_preparing(session, title, n) for n, title in enumerate(("选举甲", "选举乙"), 5)]
    urls = [ADD, *(f"/admin/congress_sessions/election/{e.pk}/change/" for e in elections), ADD]
    for language in ("zh-hans", "en"):
        for url in urls:
            assert page(office, url, language) == _djangos(office, url, language), url
    assert kept_empty_forms._rows  # the scrutineers' rows, by page and language
    for election in elections:
        shown = page(office, f"/admin/congress_sessions/election/{election.pk}/change/")
        assert f'name="scrutineers-__prefix__-election" value="{election.pk}"' in shown
