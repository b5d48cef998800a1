"""The optional public list of closed items with their replies."""

import pytest

from proposals.models import ProposalRules
from proposals.services import (
    feedback_submit,
    proposal_accept,
    proposal_draft_save,
    proposal_route,
    proposal_submit,
    reply_submit,
)

pytestmark = pytest.mark.django_db
URL = "/proposals/public/"


@pytest.fixture
def make_item(author, delegate, secretariat, unit, unit_staff, education):
    def make(title, *, kind="suggestion", close=True):
        item = proposal_draft_save(
            author=author, kind=kind, title=title, situation="情况", recommendations="建议配备设备"
        )
        proposal_submit(proposal=item, submitted_by=delegate, as_suggestion=kind == "proposal")
        proposal_accept(proposal=item, category=education, accepted_by=secretariat)
        (lead,) = proposal_route(proposal=item, lead=unit, routed_by=secretariat)
        if close:
            reply = reply_submit(
                assignment=lead, result="A", text=f"{title}：已配备", replied_by=unit_staff
            )
            feedback_submit(reply=reply, overall="satisfied", rated_by=delegate)
        return item

    return make


@pytest.fixture
def published(db):
    ProposalRules.objects.update_or_create(singleton=True, defaults={"publish_closed_items": True})


def test_the_list_is_off_unless_the_office_publishes_it(client, make_item):
    make_item("学校多媒体")
    assert client.get(URL).status_code == 404


def test_anyone_reads_closed_items_and_their_replies(client, make_item, published):
    make_item("学校多媒体")
    make_item("幼儿园", close=False)
    make_item("批评某干部", kind="opinion")
    page = client.get(URL).content.decode()
    assert "学校多媒体" in page and "学校多媒体：已配备" in page and "镇教育办公室" in page
    assert "幼儿园" not in page  # still being handled
    assert "批评某干部" not in page  # criticisms and opinions are never published
    assert "letter" not in page  # reply letters stay with their receivers


@pytest.mark.parametrize("size", [2, 25])
def test_the_list_in_constant_queries(
    client, make_item, published, size, django_assert_max_num_queries
):
    for n in range(size):
        make_item(f"建议{n}")
    # the rules, the count, one page of items, their replies (+ session for the language)
    with django_assert_max_num_queries(5):
        response = client.get(URL)
    assert len(response.context["items"]) == min(size, 20)
