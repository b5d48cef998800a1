import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from congress_office.models import Notification
from proposals.services import (
    assignment_send_back,
    extension_decide,
    extension_request,
    feedback_submit,
    proposal_accept,
    proposal_draft_save,
    proposal_route,
    proposal_submit,
    reply_submit,
)

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 9, 1)


@pytest.fixture
def lead(author, delegate, secretariat, unit, education):
    item = proposal_draft_save(
        author=author,
        kind="suggestion",
        title="关于建设镇卫生院的建议",
        situation="情况",
        recommendations="建议",
    )
    proposal_submit(proposal=item, submitted_by=delegate)
    proposal_accept(proposal=item, category=education, accepted_by=secretariat)
    (assignment,) = proposal_route(proposal=item, lead=unit, routed_by=secretariat, on=ON)
    return assignment


def test_an_extension_is_asked_and_granted(lead, unit_staff, secretariat):
    assert lead.deadline == datetime.date(2026, 12, 1)
    extension_request(
        assignment=lead, until=datetime.date(2027, 1, 15), reason="需要立项", asked_by=unit_staff
    )
    extension_decide(assignment=lead, grant=True, decided_by=secretariat)
    lead.refresh_from_db()
    assert (lead.deadline, lead.extension_until) == (datetime.date(2027, 1, 15), None)
    assert Notification.objects.filter(user=unit_staff, kind="extension_decided").exists()
    actions = list(lead.proposal.events.values_list("action", flat=True))
    assert actions[-2:] == ["extension asked", "extension granted"]


@pytest.mark.parametrize(
    "until",
    [datetime.date(2026, 11, 30), datetime.date(2027, 3, 2)],  # before; past 6 months
)
def test_an_extension_must_fall_within_the_rules(lead, unit_staff, until):
    with pytest.raises(ValidationError) as refusal:
        extension_request(assignment=lead, until=until, reason="原因", asked_by=unit_staff)
    assert "until" in refusal.value.message_dict
    lead.refresh_from_db()
    assert lead.extension_until is None


def test_a_refused_extension_keeps_the_deadline(lead, unit_staff, secretariat, client_for):
    client_for(unit_staff).post(
        f"/proposals/unit/items/{lead.pk}/extension/",
        {"until": "2027-01-10", "reason": "需要立项"},
    )
    lead.refresh_from_db()
    assert lead.extension_until == datetime.date(2027, 1, 10)
    client_for(secretariat).post(
        "/admin/proposals/assignment/",
        {"action": "refuse_extension", "_selected_action": [lead.pk]},
    )
    lead.refresh_from_db()
    assert (lead.deadline, lead.extension_until) == (datetime.date(2026, 12, 1), None)


@pytest.mark.parametrize(
    ("language", "action", "said"),
    [
        ("en", "grant_extension", "Extension granted until Jan. 10, 2027: 关于建设镇卫生院的建议"),
        ("zh-hans", "grant_extension", "同意延期至2027年1月10日：关于建设镇卫生院的建议"),
        ("zh-hans", "refuse_extension", "不同意延期：关于建设镇卫生院的建议"),
    ],
)
def test_the_office_is_told_its_decision_on_an_extension(
    lead, unit_staff, secretariat, client_for, language, action, said
):
    """The decided request leaves the list of requests: the office is told what it decided,
    in its language, as the unit hears it."""
    extension_request(
        assignment=lead, until=datetime.date(2027, 1, 10), reason="需要立项", asked_by=unit_staff
    )
    office = client_for(secretariat)
    office.cookies["django_language"] = language
    response = office.post(
        "/admin/proposals/assignment/?extension=asked",
        {"action": action, "_selected_action": [lead.pk]},
        follow=True,
    )
    assert [str(message) for message in response.context["messages"]] == [said]


def test_the_reply_letter_prints_the_category(
    lead, unit_staff, client_for, delegate, other_delegate, other_unit_staff, secretariat
):
    reply = reply_submit(
        assignment=lead, result="B", text="已列入明年建设计划。", replied_by=unit_staff
    )
    url = f"/proposals/replies/{reply.pk}/letter/"
    for user in (delegate, unit_staff, secretariat):
        response = client_for(user).get(url)
        assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "B: being solved or planned" in text and "已列入明年建设计划。" in text
    assert lead.proposal.number in text
    for stranger in (other_delegate, other_unit_staff):
        assert client_for(stranger).get(url).status_code == 404


def _ask(lead, unit_staff):
    return extension_request(
        assignment=lead, until=datetime.date(2027, 1, 15), reason="需要立项", asked_by=unit_staff
    )


def test_a_request_left_undecided_lapses_when_the_item_is_handled_again(
    lead, unit_staff, secretariat, delegate, office
):
    """Issue 12, 1.3: the unit asked for more time, replied before the office decided, and the
    delegate was dissatisfied: the new round's assignments start afresh, and the old request
    lapses with its assignment, recorded, instead of waiting for a decision nobody can take."""
    _ask(lead, unit_staff)
    asked = office.get("/admin/proposals/assignment/?extension=asked")
    assert list(asked.context["cl"].result_list) == [lead]  # awaiting a decision, until...
    reply = reply_submit(assignment=lead, result="C", text="暂无条件。", replied_by=unit_staff)
    feedback_submit(reply=reply, overall="dissatisfied", rated_by=delegate, comment="未调研")
    lead.refresh_from_db()
    assert (lead.extension_until, lead.extension_reason) == (None, "")
    actions = list(lead.proposal.events.values_list("action", flat=True))
    assert actions[-3:] == ["extension lapsed", "rehandling", "routed"]
    pending = office.get("/admin/proposals/assignment/?extension=asked")
    assert list(pending.context["cl"].result_list) == []
    for grant in (True, False):
        with pytest.raises(ValidationError, match="no longer current"):
            extension_decide(assignment=lead, grant=grant, decided_by=secretariat)


@pytest.mark.parametrize("result, status", [("A", "closed"), ("B", "tracking")])
def test_a_request_left_undecided_lapses_when_the_delegate_is_satisfied(
    lead, unit_staff, delegate, office, result, status
):
    """Issue 12, 2.1: the unit asked for more time and replied before the office decided; the
    delegate is satisfied and the item is closed (or tracked): the lead assignment's deadline
    no longer matters, and the request lapses, recorded, instead of waiting on the office's
    desk for a decision that would change nothing."""
    _ask(lead, unit_staff)
    reply = reply_submit(assignment=lead, result=result, text="已办理。", replied_by=unit_staff)
    feedback_submit(reply=reply, overall="satisfied", rated_by=delegate)
    lead.refresh_from_db()
    assert (lead.extension_until, lead.extension_reason) == (None, "")
    assert lead.proposal.status == status
    actions = list(lead.proposal.events.values_list("action", flat=True))
    assert actions[-2:] == ["extension lapsed", "rated"]
    pending = office.get("/admin/proposals/assignment/?extension=asked")
    assert list(pending.context["cl"].result_list) == []


def test_a_request_lapses_when_the_unit_sends_the_item_back(lead, unit_staff, secretariat):
    _ask(lead, unit_staff)
    assignment_send_back(assignment=lead, reason="非本单位职责", sent_back_by=unit_staff, today=ON)
    lead.refresh_from_db()
    assert lead.extension_until is None
    assert lead.proposal.events.filter(action="extension lapsed").count() == 1


def test_a_refused_request_says_why_next_to_the_date_and_keeps_what_was_typed(
    lead, unit_staff, client_for
):
    """Issue 12, 1.2: a date on or before the deadline is refused on the item's page, next to
    the field, with the date and the reason as typed."""
    page = client_for(unit_staff).post(
        f"/proposals/unit/items/{lead.pk}/extension/",
        {"until": "2026-11-30", "reason": "需要与财政所协调资金"},
    )
    assert page.status_code == 200
    form = page.context["extension_form"]
    assert "Choose a date after the deadline" in " ".join(form.errors["until"])
    html = page.content.decode()
    assert 'value="2026-11-30"' in html and "需要与财政所协调资金" in html
    lead.refresh_from_db()
    assert lead.extension_until is None
