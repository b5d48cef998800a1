"""The item's main fieldset kept by what it shows (proposals/kept_fieldset.py, decision 470)
and the handling unit's form reading its staff once (decision 469): the same pages as written
anew, fresh after each kind of change the fieldset shows, in both languages, with no query
more, at two sizes."""

import re
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress_office.admin_helpers import model_field_names
from proposals import kept_fieldset
from proposals.admin import ProposalAdmin
from proposals.models import Proposal
from proposals.services import reply_submit
from proposals.units import unit_add_staff, unit_staff
from tests.core.factories import UserFactory
from tests.proposals.kit import S, proposal_in, staff_of

pytestmark = pytest.mark.django_db

VOLATILE = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*'), r"\1-"),
    (re.compile(r'(nonce=")[^"]*'), r"\1-"),
    (re.compile(r'(data-csrf-token=")[^"]*'), r"\1-"),
]


def _page(client, url: str, keep: bool = True) -> tuple[str, int]:
    """(the page without its tokens, its queries)."""
    with (
        mock.patch.object(kept_fieldset, "KEEP", keep),
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    for pattern, blank in VOLATILE:
        text = pattern.sub(blank, text)
    return text, len(queries)


def _both_ways(client, url: str) -> str:
    """The page kept (opened twice: written, then kept) and written anew, compared."""
    _page(client, url)
    kept, kept_queries = _page(client, url)
    written, written_queries = _page(client, url, keep=False)
    assert kept == written
    assert kept_queries == written_queries
    return kept


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_fieldset_kept_shows_each_change(office, author, unit, other_unit, language):
    item, lead = proposal_in(S.ASSIGNED, author=author, unit=unit, kind="proposal")
    office.cookies["django_language"] = language
    url = f"/admin/proposals/proposal/{item.pk}/change/"
    _both_ways(office, url)
    # a column of the item
    Proposal.objects.filter(pk=item.pk).update(title="关于<新>标题的建议")
    assert "关于&lt;新&gt;标题的建议" in _both_ways(office, url)
    # a related row's name, which its link shows
    unit.name = "改名后的承办单位"
    unit.save()
    assert "改名后的承办单位" in _both_ways(office, url)
    # the admin's own read-only field: the replies, read from their table
    reply_submit(assignment=lead, result="A", text="第一次答复", replied_by=staff_of(unit))
    assert "第一次答复" in _both_ways(office, url)


def test_the_fieldset_kept_in_the_same_queries_at_two_sizes(office, author, colleagues, unit):
    counts = []
    for cosigners in (1, 6):
        item, _ = proposal_in(
            S.REPLIED, author=author, unit=unit, kind="proposal", cosigners=colleagues[:cosigners]
        )
        url = f"/admin/proposals/proposal/{item.pk}/change/"
        _both_ways(office, url)
        counts.append(_page(office, url)[1])
    assert counts[0] == counts[1] <= 11


def _unit_page(client, unit) -> tuple[str, int]:
    return _page(client, f"/admin/proposals/handlingunit/{unit.pk}/change/")


def test_the_units_page_reads_its_staff_once_at_two_sizes(office, unit):
    counts = []
    for size in (1, 5):
        while unit_staff(unit).count() < size:
            unit_add_staff(unit=unit, user=UserFactory())
        page, queries = _unit_page(office, unit)
        counts.append(queries)
        assert page.count(" selected>") == size
    assert counts[0] == counts[1] <= 8


@pytest.mark.parametrize(
    ("language", "words", "codes"),
    [
        ("en", ["C: cannot be solved for now", "Dissatisfied", "Basically satisfied"], []),
        ("zh-hans", ["C：暂时无法解决，留作参考", "不满意", "基本满意"], ["Dissatisfied"]),
    ],
)
def test_the_items_first_result_and_ratings_shown_in_words(
    office, author, unit, language, words, codes
):
    """The item's first result and its ratings are shown as the reply and the rating show
    them, in the page's language, not as the codes they are kept by."""
    item, _ = proposal_in(S.REPLIED, author=author, unit=unit, kind="proposal")
    Proposal.objects.filter(pk=item.pk).update(
        first_result="C", first_round_rating="dissatisfied", latest_rating="basically"
    )
    office.cookies["django_language"] = language
    page = _both_ways(office, f"/admin/proposals/proposal/{item.pk}/change/")
    for word in words:
        assert word in page
    for code in ['<div class="readonly">C</div>', ">dissatisfied<", ">basically<", *codes]:
        assert code not in page


_NOTE = {"text": "第一次的说明"}


def test_a_field_neither_a_column_nor_the_admins_is_written_each_time(office, author, unit):
    """A read-only field the key does not know (a property of the item, which may read other
    rows or the time) is not kept: its fieldset is written on every opening (decision 557)."""
    item, _ = proposal_in(S.ASSIGNED, author=author, unit=unit, kind="proposal")
    url = f"/admin/proposals/proposal/{item.pk}/change/"
    shown = [*model_field_names(Proposal), "replies", "office_note"]
    with (
        mock.patch.object(
            Proposal, "office_note", property(lambda obj: _NOTE["text"]), create=True
        ),
        mock.patch.object(ProposalAdmin, "get_readonly_fields", lambda *args, **kwargs: shown),
    ):
        assert "第一次的说明" in _both_ways(office, url)
        _NOTE["text"] = "第二次的说明"
        page = _page(office, url)[0]
    assert "第二次的说明" in page and "第一次的说明" not in page
