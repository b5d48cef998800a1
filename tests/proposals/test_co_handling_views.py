"""Issue 14, item 6: the co-handling units send their views to the lead unit; the lead unit's
reply says which views it took in, and which co-handling unit's view had not arrived, on the
unit's page, the delegate's and the printed letter."""

import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from proposals.models import HandlingUnit, Reply
from proposals.services import reply_submit
from tests.proposals.kit import S, proposal_in, staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def third_unit(db):
    return HandlingUnit.objects.create(name="镇农业农村办公室")


@pytest.fixture
def joint(author, unit, other_unit, third_unit):
    """A suggestion led by `unit`, co-handled by `other_unit` (which has sent its view) and
    `third_unit` (which has not)."""
    item, lead = proposal_in(
        S.ASSIGNED, author=author, unit=unit, co_units=[other_unit, third_unit]
    )
    co = {a.unit_id: a for a in item.assignments.filter(role="co")}
    view = reply_submit(
        assignment=co[other_unit.pk],
        result="A",
        text="同意在规划中预留用地。",
        replied_by=staff_of(other_unit),
    )
    return item, lead, view, co[third_unit.pk]


def test_the_lead_units_form_lists_the_views_received(joint, unit_staff, client_for):
    item, lead, view, _silent = joint
    page = client_for(unit_staff).get(f"/proposals/unit/items/{lead.pk}/")
    field = page.context["reply_form"].fields["views_taken_in"]
    assert [value for value, _label in field.choices] == [str(view.pk)]
    assert "镇财政所" in dict(field.choices)[str(view.pk)]


def test_the_reply_records_the_views_taken_in_and_those_missing(
    joint, unit_staff, client_for, delegate
):
    item, lead, view, silent = joint
    response = client_for(unit_staff).post(
        f"/proposals/unit/items/{lead.pk}/reply/",
        {
            "result": "B",
            "text": "已列入建设计划。",
            "views_taken_in": [str(view.pk)],
            "confirm": "on",
        },
    )
    assert response.status_code == 302
    reply = Reply.objects.get(assignment=lead)
    assert list(reply.views_taken_in.all()) == [view]
    assert list(reply.views_missing.all()) == [silent]
    # The delegate's page says both, naming the units (not the views' text, which is the
    # lead unit's to weigh).
    page = client_for(delegate).get(f"/proposals/{item.pk}/").content.decode()
    assert "views taken in" in page and "镇财政所" in page
    assert "No view received from" in page and "镇农业农村办公室" in page
    assert "同意在规划中预留用地。" not in page
    # So does the printed letter.
    letter = client_for(delegate).get(f"/proposals/replies/{reply.pk}/letter/")
    text = PdfReader(io.BytesIO(letter.content)).pages[0].extract_text().replace("\n", " ")
    assert "takes in the views of the co-handling units 镇财政所" in text
    assert "No view had been received from 镇农业农村办公室" in text


def test_a_reply_taking_in_nothing_says_every_view_missing_or_not_taken(
    author, unit, unit_staff, other_unit
):
    item, lead = proposal_in(S.ASSIGNED, author=author, unit=unit, co_units=[other_unit])
    reply = reply_submit(assignment=lead, result="A", text="已办。", replied_by=unit_staff)
    assert reply.units_missing() == [str(other_unit)] and reply.units_taken_in() == []


def test_only_views_of_the_items_round_may_be_taken_in(
    joint, unit_staff, author, other_unit, client_for
):
    item, lead, view, _silent = joint
    elsewhere, _lead = proposal_in(
        S.ASSIGNED, author=author, unit=lead.unit, co_units=[other_unit], title="另一件建议"
    )
    stranger = reply_submit(
        assignment=elsewhere.assignments.get(role="co"),
        result="A",
        text="另一件的意见",
        replied_by=staff_of(other_unit),
    )
    with pytest.raises(ValidationError, match="views received"):
        reply_submit(
            assignment=lead,
            result="A",
            text="已办。",
            replied_by=unit_staff,
            views_taken_in=[stranger],
        )
    refused = client_for(unit_staff).post(
        f"/proposals/unit/items/{lead.pk}/reply/",
        {"result": "A", "text": "已办。", "views_taken_in": [str(stranger.pk)], "confirm": "on"},
    )
    assert refused.status_code == 200 and "views_taken_in" in refused.context["reply_form"].errors
    assert not Reply.objects.filter(assignment=lead).exists()


def test_co_handling_units_send_views_and_cannot_reply_for_the_lead(
    joint, other_unit_staff, client_for
):
    item, lead, view, _silent = joint
    co = view.assignment
    page = client_for(other_unit_staff).get(f"/proposals/unit/items/{co.pk}/")
    assert "views_taken_in" not in page.context["reply_form"].fields
    assert (
        client_for(other_unit_staff)
        .post(
            f"/proposals/unit/items/{lead.pk}/reply/",
            {"result": "A", "text": "代为答复", "confirm": "on"},
        )
        .status_code
        == 404
    )
    with pytest.raises(ValidationError, match="Only the staff of the unit"):
        reply_submit(assignment=lead, result="A", text="代为答复", replied_by=other_unit_staff)
    item.refresh_from_db()
    assert item.status == S.ASSIGNED


@pytest.mark.parametrize("size", [1, 5])
def test_the_pages_showing_views_in_constant_queries(
    author, unit, unit_staff, delegate, client_for, size, django_assert_max_num_queries
):
    co_units = [HandlingUnit.objects.create(name=f"协办单位{n}") for n in range(size)]
    item, lead = proposal_in(S.ASSIGNED, author=author, unit=unit, co_units=co_units)
    views = [
        reply_submit(assignment=co, result="A", text="同意。", replied_by=staff_of(co.unit))
        for co in item.assignments.filter(role="co")
    ]
    reply_submit(
        assignment=lead, result="A", text="已办。", replied_by=unit_staff, views_taken_in=views[1:]
    )
    client = client_for(unit_staff)
    with django_assert_max_num_queries(20):  # as the consultations' test measured
        client.get(f"/proposals/unit/items/{lead.pk}/")
    client = client_for(delegate)
    # 14 as without a reply, and the two reads of what the replies say of the views
    with django_assert_max_num_queries(16):
        page = client.get(f"/proposals/{item.pk}/")
    (reply,) = page.context["replies"]
    assert len(reply.units_taken_in()) == size - 1 and len(reply.units_missing()) == 0


def test_the_pages_say_it_in_chinese(joint, unit_staff, delegate, client_for):
    import re

    from tests.core.test_chinese_text import problems, visible_text

    item, lead, view, _silent = joint
    reply_submit(
        assignment=lead,
        result="B",
        text="已列入计划。",
        replied_by=unit_staff,
        views_taken_in=[view],
    )
    pages = [
        client_for(unit_staff).get(
            f"/proposals/unit/items/{lead.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans"
        ),
        client_for(delegate).get(f"/proposals/{item.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans"),
    ]
    for page in pages:
        text = visible_text(page.content.decode())
        assert "已吸收的协办单位意见" in text and "未收到意见的协办单位" in text
        assert problems(text) == []
        # Nothing English but the file format and the language switcher's own name.
        assert re.findall(r"\b(?!PDF\b|English\b)[A-Za-z]{3,}\b", text) == []


def test_the_co_handling_units_inbox_says_its_view_is_sent_instead_of_the_time_left(
    joint, other_unit_staff, client_for
):
    """Its clock has stopped once the view is sent: no "overdue" chip chasing it."""
    item, lead, view, silent = joint
    page = client_for(other_unit_staff).get("/proposals/unit/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    (row,) = [a for a in page.context["inbox"] if a.proposal_id == item.pk]
    assert row.view_given
    text = page.content.decode()
    assert "已向主办单位提交意见" in text and "chip-due-" not in text
    silent_page = client_for(staff_of(silent.unit)).get("/proposals/unit/")
    assert "chip-due-" in silent_page.content.decode()


def test_a_co_handling_unit_opens_the_lead_units_letter_from_its_page(
    joint, unit_staff, other_unit_staff, client_for
):
    """A co-handling unit's page lists the lead unit's reply with its letter: the link opens,
    and a unit with no part in the item still gets nothing."""
    item, lead, view, _silent = joint
    reply = reply_submit(assignment=lead, result="B", text="已列入计划。", replied_by=unit_staff)
    letter_url = f"/proposals/replies/{reply.pk}/letter/"
    page = client_for(other_unit_staff).get(f"/proposals/unit/items/{view.assignment_id}/")
    assert f'href="{letter_url}"' in page.content.decode()
    letter = client_for(other_unit_staff).get(letter_url)
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    outsider = staff_of(HandlingUnit.objects.create(name="县水利局"))
    assert client_for(outsider).get(letter_url).status_code == 404


def test_the_units_page_says_what_each_reply_took_in_and_missed(joint, unit_staff, client_for):
    """The unit's page reads the views said of every reply in one query (decision 250): the
    same units, in the same order, as the reply's own relations."""
    item, lead, view, silent = joint
    client = client_for(unit_staff)
    client.post(
        f"/proposals/unit/items/{lead.pk}/reply/",
        {
            "result": "B",
            "text": "已列入建设计划。",
            "views_taken_in": [str(view.pk)],
            "confirm": "on",
        },
    )
    page = client.get(f"/proposals/unit/items/{lead.pk}/")
    replies = page.context["replies"]
    assert [r.pk for r in replies] == list(
        Reply.objects.filter(assignment__proposal=item).values_list("pk", flat=True)
    )
    for reply in replies:
        stored = Reply.objects.get(pk=reply.pk)
        assert reply.assignment == stored.assignment
        assert reply.units_taken_in() == stored.units_taken_in()
        assert reply.units_missing() == stored.units_missing()
    html = page.content.decode()
    assert "views taken in" in html and "镇财政所" in html
    assert "No view received from" in html and "镇农业农村办公室" in html
    assert {a.pk: a.replied for a in page.context["round_assignments"]} == {
        lead.pk: True,
        view.assignment_id: True,
        silent.pk: False,
    }


@pytest.mark.parametrize("size", [2, 5])
def test_the_delegates_page_names_the_views_as_the_relations_order_them(
    author, unit, unit_staff, delegate, client_for, size, django_assert_num_queries
):
    """The delegate's page reads the units' names with the links in one query (decision
    285), in the order the relations give: views by their time, missing ones by round, role
    and key; the same number of queries whatever the number of units."""
    co_units = [HandlingUnit.objects.create(name=f"协办单位{9 - n}") for n in range(2 * size)]
    item, lead = proposal_in(S.ASSIGNED, author=author, unit=unit, co_units=co_units)
    co = list(item.assignments.filter(role="co").order_by("-pk"))
    views = [
        reply_submit(assignment=a, result="A", text="同意。", replied_by=staff_of(a.unit))
        for a in co[:size]
    ]
    reply_submit(
        assignment=lead, result="A", text="已办。", replied_by=unit_staff, views_taken_in=views[1:]
    )
    stored = Reply.objects.get(assignment=lead)
    client = client_for(delegate)
    client.get(f"/proposals/{item.pk}/")
    # the views' links and names in one query (decision 285), and whether the reader co-signed
    # answered from the co-signatures the page has read: 14 before
    with django_assert_num_queries(12):
        page = client.get(f"/proposals/{item.pk}/")
    (reply,) = page.context["replies"]
    assert reply.units_taken_in() == [str(v.assignment.unit) for v in stored.views_taken_in.all()]
    assert reply.units_missing() == [str(a.unit) for a in stored.views_missing.all()]
    assert len(reply.units_taken_in()) == size - 1 and len(reply.units_missing()) == size
