"""An item's read-only rows (co-signatures, assignments, timeline) kept by what each shows
(congress_office/kept_value_rows.py, decision 535) and its inlines' frames kept by their
formset classes (decision 536): every page is the one written with nothing kept, in both
languages, whatever was kept before; a reply, a unit renamed, a co-signer renamed, the item's
title and another account's permissions are shown at once; the page reads as many statements
kept or not, with few rows or many."""

from unittest import mock

import pytest

from congress_office import kept_value_rows
from congress_office.templatetags import inline_frame
from delegates.models import Delegate
from proposals import replies_written
from proposals.models import HandlingUnit, Proposal, ProposalEvent, Reply
from proposals.services import reply_submit
from tests.core.kept_kit import djangos, nothing_kept_in, page, queries_kept_or_not, without
from tests.proposals.kit import S, consulted, current_lead, proposal_in, staff_of
from tests.proposals.test_item_value_rows import _sent_back_and_routed_again as _routed

pytestmark = pytest.mark.django_db

nothing_kept = nothing_kept_in(kept_value_rows._rows, replies_written._written)
LANGUAGES = ("zh-hans", "en")


def _url(item) -> str:
    return f"/admin/proposals/proposal/{item.pk}/change/"


def _nothing_kept(client, url: str, language: str) -> str:
    """The page with neither the rows, the frames nor the replies kept."""
    with (
        mock.patch.object(inline_frame, "KEEP", False),
        mock.patch.object(replies_written, "KEEP", False),
    ):
        return djangos(kept_value_rows, client, url, language)


def _each_as_written(client, url: str) -> None:
    for language in LANGUAGES:
        for _ in range(2):  # made, then read from what was kept
            assert page(client, url, language) == _nothing_kept(client, url, language)


def test_an_items_page_with_its_rows_kept_is_as_written(
    office, author, colleagues, unit, other_unit
):
    item = _routed(author, unit, other_unit, colleagues[:3])
    _each_as_written(office, _url(item))
    rows = (
        item.cosignatures.count()
        + item.assignments.count()
        + ProposalEvent.objects.filter(proposal=item).count()
    )
    assert rows > 6
    assert len(kept_value_rows._rows) == 2 * rows  # each row, by language


def _reply(item):
    """The lead unit's reply (the item was routed again to the other unit)."""
    lead = current_lead(item)
    consulted(lead)
    reply_submit(assignment=lead, result="A", text="已按建议办理。", replied_by=staff_of(lead.unit))


@pytest.mark.parametrize(
    "change",
    [
        lambda item, unit: _reply(item),  # an entry with its facts (JSON)
        lambda item, unit: HandlingUnit.objects.filter(pk=unit.pk).update(name="改名办"),
        lambda item, unit: Delegate.objects.filter(pk=item.cosignatures.first().delegate_id).update(
            name="新名字"
        ),
        lambda item, unit: Proposal.objects.filter(pk=item.pk).update(title="新的标题"),
        lambda item, unit: ProposalEvent.objects.filter(proposal=item, action="routed").update(
            params={"units": ["镇财政所", "镇教育办公室"]}
        ),
    ],
    ids=["reply", "unit renamed", "co-signer renamed", "item's title", "entry's facts"],
)
def test_a_change_is_shown_at_once(office, author, colleagues, unit, other_unit, change):
    _shown_at_once(office, author, colleagues, unit, other_unit, change)


@pytest.mark.parametrize(
    "change",
    [
        lambda item, unit: Reply.objects.filter(assignment__proposal=item).update(text="改了"),
        lambda item, unit: Reply.objects.filter(assignment__proposal=item).update(
            review=Reply.Review.RETURNED, return_reason="请补充<材料>"
        ),
        lambda item, unit: HandlingUnit.objects.filter(pk=current_lead(item).unit_id).update(
            name="改名所"
        ),
    ],
    ids=["reply's text", "reply sent back", "replying unit renamed"],
)
def test_a_change_to_a_reply_is_shown_at_once(office, author, colleagues, unit, other_unit, change):
    _shown_at_once(office, author, colleagues, unit, other_unit, change, replied=True)


def _shown_at_once(office, author, colleagues, unit, other_unit, change, replied=False):
    item = _routed(author, unit, other_unit, colleagues[:2])
    if replied:
        _reply(item)
    url = _url(item)
    before = {language: page(office, url, language) for language in LANGUAGES}
    change(item, unit)
    for language in LANGUAGES:
        shown = page(office, url, language)
        assert shown != before[language]
        assert shown == _nothing_kept(office, url, language)


def test_a_key_without_the_rows_values_shows_the_old_rows(
    office, author, colleagues, unit, other_unit
):
    """The comparison above fails with a shorter key: the rows' values are needed."""
    item = _routed(author, unit, other_unit, colleagues[:2])
    url = _url(item)
    with mock.patch.object(kept_value_rows, "_values", lambda obj: ()):
        page(office, url)
        HandlingUnit.objects.filter(pk=unit.pk).update(name="改名办")
        assert page(office, url) != _nothing_kept(office, url, "zh-hans")


def test_a_key_without_the_replys_text_shows_the_old_reply(
    office, author, colleagues, unit, other_unit
):
    """The replies' comparison above fails with a shorter key: their text is needed."""
    item = _routed(author, unit, other_unit, colleagues[:1])
    _reply(item)
    url = _url(item)
    shown = replies_written._shown_by
    with mock.patch.object(replies_written, "_shown_by", lambda reply: shown(reply)[:5]):
        page(office, url)
        Reply.objects.filter(assignment__proposal=item).update(text="改了")
        assert page(office, url) != _nothing_kept(office, url, "zh-hans")


def test_an_entrys_facts_are_keyed_by_their_text(office, author, colleagues, unit, other_unit):
    """A timeline entry's facts (a dict, no key as read) are held by their JSON text: the
    routing's entry is kept, and other facts are another key."""
    item = _routed(author, unit, other_unit, colleagues[:1])
    entry = ProposalEvent.objects.filter(proposal=item, action="routed").first()
    assert entry.params
    url = _url(item)
    page(office, url)
    kept_before = len(kept_value_rows._rows)
    ProposalEvent.objects.filter(pk=entry.pk).update(
        params={"units": list(entry.params["units"])[::-1]}
    )
    page(office, url)
    assert len(kept_value_rows._rows) == kept_before + 1  # the entry's row, made anew


def test_an_account_with_other_permissions_sees_its_own_page(
    office, client_for, secretariat, author, colleagues, unit, other_unit
):
    """An account without the units' pages (the assignments' rows link to them) is shown the
    page written for it, and the office its own, one after the other, kept or not."""
    item = _routed(author, unit, other_unit, colleagues[:2])
    url = _url(item)
    fewer = client_for(without(secretariat, "view_handlingunit"))
    for client in (office, fewer, office):
        _each_as_written(client, url)


def test_the_page_reads_as_much_kept_or_not_few_rows_or_many(
    office, author, colleagues, unit, other_unit
):
    few = _routed(author, unit, other_unit, colleagues[:1])
    many = _routed(author, unit, other_unit, colleagues[:6])
    assert queries_kept_or_not(kept_value_rows, office, [_url(few), _url(many)]) == {8}


def test_an_item_without_replies_or_rows_reads_as_much_as_one_with_many(
    office, author, colleagues, unit, other_unit
):
    """The replies and the names of the units they speak of are one statement, the three
    inlines' rows another (decisions 596, 597), whether there are any or not."""
    bare, _none = proposal_in(S.SUBMITTED, author=author)
    many, _lead = proposal_in(
        S.REPLIED,
        author=author,
        unit=unit,
        co_units=[other_unit],
        kind="proposal",
        cosigners=colleagues[:6],
    )
    assert not Reply.objects.filter(assignment__proposal=bare).exists()
    assert Reply.objects.filter(assignment__proposal=many).exists()
    assert queries_kept_or_not(kept_value_rows, office, [_url(bare), _url(many)]) == {8}
