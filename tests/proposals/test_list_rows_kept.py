"""The items' list's rows kept per process by what each shows (congress_office/kept_list_rows.py,
decision 587): the pages written anew (`KEEP` off) in both languages, opened again, filtered
and searched; an item's title, its author's and lead unit's names, its deadline and the day
changed, each shown at once; a key without the row's related rows or the day would have shown
the old rows (checked here); a row that read the database is not kept; as many queries at two
sizes as written anew."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from congress_office import kept_list_rows
from delegates.models import Delegate
from proposals.models import HandlingUnit, Proposal
from tests.core.factories import UserFactory
from tests.core.kept_kit import djangos, nothing_kept_in, page, queries_kept_or_not
from tests.proposals.kit import S, proposal_in

pytestmark = pytest.mark.django_db

nothing_kept = nothing_kept_in(kept_list_rows._rows)

ITEMS = "/admin/proposals/proposal/"
URLS = [ITEMS, ITEMS + "?q=建议", ITEMS + "?kind__exact=suggestion&o=2", ITEMS + "?time_left=ok"]


def _rows(html: str) -> str:
    start = html.index("<tbody>")
    return html[start : html.index("</tbody>", start)]


def _kept_rows(client, url=ITEMS, language="zh-hans") -> str:
    kept = page(client, url, language)
    assert kept == djangos(kept_list_rows, client, url, language), (url, language)
    return _rows(kept)


def test_the_rows_are_the_ones_written_anew_opened_again_in_both_languages(office, author, unit):
    for status in (S.ASSIGNED, S.SUBMITTED, S.ACCEPTED):
        proposal_in(status, author=author, unit=unit, title="关于修路的建议")
    for url in URLS:
        for language in ("zh-hans", "en"):
            first = _kept_rows(office, url, language)
            assert _kept_rows(office, url, language) == first
    assert len(kept_list_rows._rows) >= 3


def _changes_shown(client, author, unit) -> bool:
    """Whether an item's title, its author's and lead unit's names, its deadline and the day
    changed are each shown at once (each page asserted to be the one written anew)."""
    item = proposal_in(S.ASSIGNED, author=author, unit=unit, title="旧标题")[0]
    first = _rows(page(client, ITEMS))
    assert "旧标题" in first and unit.name in first
    # the rows read with it alone first (the item's own values the same), then the item
    Delegate.objects.filter(pk=author.pk).update(name="新名字代表")
    HandlingUnit.objects.filter(pk=unit.pk).update(name="新名字单位")
    related_renamed = _kept_rows(client)
    Proposal.objects.filter(pk=item.pk).update(title="新标题")
    renamed = _kept_rows(client)
    item.refresh_from_db()
    today = timezone.localdate()
    days = (item.lead_deadline - today).days
    with mock.patch("django.utils.timezone.localdate", return_value=today + datetime.timedelta(3)):
        later = _kept_rows(client)
    Proposal.objects.filter(pk=item.pk).update(
        lead_deadline=item.lead_deadline + datetime.timedelta(7)
    )
    moved = _kept_rows(client)
    return (
        all(text in related_renamed for text in ("旧标题", "新名字代表", "新名字单位"))
        and "新标题" in renamed
        and f"{days - 3}" in later
        and later != renamed
        and moved != renamed
    )


def test_a_row_changed_and_another_day_are_shown_at_once(office, author, unit):
    assert _changes_shown(office, author, unit)


@pytest.mark.parametrize("shorter", ["related rows", "day"])
def test_a_key_too_short_would_show_the_old_rows(office, author, unit, shorter):
    """The test above fails with a key without the rows read with each row, or the day."""
    page_key, row_values = kept_list_rows.page_key, kept_list_rows.row_values

    def short_page(cl, parts):
        key = page_key(cl, parts)
        return key if key is None or shorter != "day" else key[:-1]

    def short_row(obj):
        return row_values(obj)[:1] if shorter == "related rows" else row_values(obj)

    with (
        mock.patch.object(kept_list_rows, "page_key", short_page),
        mock.patch("congress_office.templatetags.office_list.page_key", short_page),
        mock.patch.object(kept_list_rows, "row_values", short_row),
    ):
        try:
            shown = _changes_shown(office, author, unit)
        except AssertionError:  # a page unlike the one written anew
            shown = False
    assert not shown


def test_a_row_that_read_the_database_is_not_kept(office, author, unit, monkeypatch):
    proposal_in(S.ASSIGNED, author=author, unit=unit)
    from proposals.admin import ProposalAdmin

    # the author's name not read with the row: its cell reads it
    monkeypatch.setattr(ProposalAdmin, "list_select_related", ["lead_unit"])
    monkeypatch.setattr(
        ProposalAdmin,
        "list_reads",
        tuple(r for r in ProposalAdmin.list_reads if r != "author__name"),
    )
    _kept_rows(office)
    assert not kept_list_rows._rows


def test_as_many_queries_at_two_sizes_as_written_anew(office, author, unit):
    by_size = []
    for size in (3, 12):
        while Proposal.objects.count() < size:
            proposal_in(S.ASSIGNED, author=author, unit=unit, title="建议")
        by_size.append([queries_kept_or_not(kept_list_rows, office, [url]) for url in URLS])
    assert all(len(counts) == 1 for counts in by_size[0] + by_size[1]), by_size
    assert by_size[0] == by_size[1]


def test_a_row_read_with_rows_deeper_than_the_key_looks_is_no_key():
    class Row:
        def __init__(self, **cached):
            self._state = type("State", (), {"fields_cache": cached})()

    deep = Row(a=Row(b=Row(c=Row())))
    with pytest.raises(TypeError):
        kept_list_rows.row_values(deep)
    looped = Row()
    looped._state.fields_cache["back"] = Row(back=looped)
    with pytest.raises(TypeError):
        kept_list_rows.row_values(looped)
    assert kept_list_rows.row_values(Row(a=Row(b=Row()))) is not None


@pytest.mark.django_db
def test_a_row_read_with_a_user_is_no_key():
    """A user's row would put its password hash in the key (decisions 500, 503, 555)."""
    user = UserFactory(username="kept-rows-reader")
    delegate = Delegate(name="王丹")
    delegate.user = user  # as `select_related("user")` leaves it
    for row in (user, delegate):
        with pytest.raises(TypeError):
            kept_list_rows.row_values(row)
    delegate.user = None
    assert kept_list_rows.row_values(delegate) is not None
