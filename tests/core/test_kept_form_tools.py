"""A change form's row of buttons and object tools kept by all they show
(congress_office/templatetags/kept_form_tools.py, decision 578): the page is the one Django's
tags write (`KEEP` off), opened again, in both languages, for another object, with the list's
filters preserved, for a reader who may not delete; a key without the object's key or without
the preserved filters shows another page's links and fails the comparison."""

from functools import partial
from unittest import mock

import pytest

from congress_office.templatetags import kept_form_tools
from tests.core.kept_kit import djangos, nothing_kept_in, without
from tests.core.kept_kit import page as _page
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db

nothing_kept = nothing_kept_in(kept_form_tools._written)
_djangos = partial(djangos, kept_form_tools)


def _url(session, filters="") -> str:
    return f"/admin/congress_sessions/session/{session.pk}/change/{filters}"


def _same_as_djangos(client, url, shown=(), language="zh-hans") -> str:
    djangos = _djangos(client, url, language)
    for _time in range(2):  # written and kept, then read from what was kept
        page = _page(client, url, language)
        assert page == djangos
    for text in shown:
        assert text in page
    return page


def test_the_buttons_and_tools_are_kept_and_show_each_change(office, term):
    first, second = SessionFactory(term=term, ordinal=11), SessionFactory(term=term, ordinal=12)
    for language in ("zh-hans", "en"):
        _same_as_djangos(office, _url(first), [f"session/{first.pk}/delete/"], language)
    assert kept_form_tools._written  # kept, not written every time
    _same_as_djangos(office, _url(second), [f"session/{second.pk}/history/"])
    filtered = _url(first, "?_changelist_filters=status__exact%3Dopen")
    _same_as_djangos(office, filtered, ["delete/?_changelist_filters=status__exact%3Dopen"])
    _same_as_djangos(office, _url(first, "?_changelist_filters=q%3D%3Cb%3E"))
    # Django's own tags write what the kept ones write.
    with mock.patch.object(kept_form_tools, "_written", {}) as written:
        _page(office, _url(first))
        assert len(written) == 2


def test_a_reader_who_may_not_delete_sees_no_delete_link(client_for, secretariat, term):
    session = SessionFactory(term=term)
    _same_as_djangos(client_for(secretariat), _url(session), ['class="deletelink"'])
    reader = client_for(without(secretariat, "delete_session", "congress_sessions"))
    page = _same_as_djangos(reader, _url(session))
    assert 'class="deletelink"' not in page


@pytest.mark.parametrize("left_out", ["object", "filters"])
def test_a_key_without_a_part_shows_another_pages_links(office, term, left_out):
    first, second = SessionFactory(term=term, ordinal=11), SessionFactory(term=term, ordinal=12)
    key = kept_form_tools._key
    if left_out == "object":
        urls = (_url(first), _url(second))

        def shorter(chosen, context, opts, shown, reads):
            original = shown.get("original")
            return tuple(
                part
                for part in key(chosen, context, opts, shown, reads)
                if part != (True, original.pk)
            )
    else:
        urls = (_url(first), _url(first, "?_changelist_filters=status__exact%3Dopen"))

        def shorter(chosen, context, opts, shown, reads):
            reads = [name for name in reads if name not in ("preserved_filters", "preserved_qsl")]
            return key(chosen, context, opts, shown, reads)

    with mock.patch.object(kept_form_tools, "_key", shorter):
        _page(office, urls[0])
        with pytest.raises(AssertionError):
            assert _page(office, urls[1]) == _djangos(office, urls[1])
