import datetime

import pytest
from django.utils import timezone

from congress_office.models import Notification
from proposals.models import Assignment, Proposal
from proposals.services import (
    cosigners_invite,
    proposal_accept,
    proposal_route,
    proposal_submit,
    reply_submit,
)
from tests.proposals.kit import answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(client_for, delegate, author):
    """A suggestion written and submitted through the pages."""
    client = client_for(delegate)
    response = client.post(
        "/proposals/new/",
        {
            "kind": "suggestion",
            "title": "关于新建镇中心幼儿园的建议",
            "category": "",
            "situation": "全镇没有公办幼儿园。",
            "recommendations": "建议新建一所。",
            "session": "",
        },
    )
    assert response.status_code == 302
    item = Proposal.objects.get()
    client.post(f"/proposals/{item.pk}/submit/", {})
    item.refresh_from_db()
    return item


@pytest.fixture
def routed(filed, secretariat, unit, education):
    proposal_accept(proposal=filed, category=education, accepted_by=secretariat)
    (assignment,) = proposal_route(proposal=filed, lead=unit, routed_by=secretariat)
    return assignment


def test_a_delegate_files_and_submits_on_the_page(filed):
    assert (filed.status, filed.events.get().actor.username) == ("submitted", "delegate")


def test_bad_input_is_explained_and_nothing_saved(client_for, delegate, author):
    response = client_for(delegate).post(
        "/proposals/new/",
        {
            "kind": "suggestion",
            "title": "",
            "situation": "字" * 3001,
            "recommendations": "",
            "category": "",
            "session": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in page
    assert not Proposal.objects.exists()


def test_a_delegate_cannot_read_anothers_draft(client_for, filed, other_delegate):
    assert client_for(other_delegate).get(f"/proposals/{filed.pk}/").status_code == 404


def test_a_cosigner_reads_the_draft_and_confirms(client_for, delegate, author, colleagues, term):
    from congress_office.roles import Role
    from tests.core.factories import UserFactory

    user = UserFactory(username="cosigner", role=Role.DELEGATE)
    colleagues[0].user = user
    colleagues[0].save()
    client = client_for(delegate)
    client.post(
        "/proposals/new/",
        {
            "kind": "proposal",
            "title": "提案",
            "situation": "情况",
            "recommendations": "建议",
            "category": "",
            "session": "",
        },
    )
    item = Proposal.objects.get()
    client.post(f"/proposals/{item.pk}/cosigners/", {"cosigners": [colleagues[0].pk]})
    # Issue 12, 1.6: the delegate asked hears of it, and the item's page asks them to answer.
    (told,) = Notification.objects.filter(user=user, kind="cosign_invited")
    assert "提案" in told.title and told.url == f"/proposals/{item.pk}/"
    client.post(f"/proposals/{item.pk}/cosigners/", {"cosigners": [colleagues[0].pk]})
    assert Notification.objects.filter(user=user, kind="cosign_invited").count() == 1
    other = client_for(user)
    mine = other.get("/proposals/mine/")
    assert "提案" in mine.content.decode()
    invitation = item.cosignatures.get()
    page = other.get(told.url).content.decode()
    assert f'action="/proposals/cosign/{invitation.pk}/"' in page
    assert 'value="confirm"' in page and 'value="decline"' in page
    other.post(f"/proposals/cosign/{invitation.pk}/", {"answer": "confirm"})
    invitation.refresh_from_db()
    assert invitation.status == "confirmed"
    # The author is not asked to answer anything on their own item.
    author_page = client_for(delegate).get(f"/proposals/{item.pk}/").content.decode()
    assert "/proposals/cosign/" not in author_page


def test_unit_staff_see_and_answer_their_units_items(client_for, routed, unit_staff, delegate):
    client = client_for(unit_staff)
    inbox = client.get("/proposals/unit/").content.decode()
    assert routed.proposal.title in inbox
    response = client.post(
        f"/proposals/unit/items/{routed.pk}/reply/",
        {"result": "B", "text": "已列入明年建设计划。", "confirm": "on"},
    )
    assert response.status_code == 302
    routed.proposal.refresh_from_db()
    assert routed.proposal.status == "replied"
    rating = client_for(delegate).post(
        f"/proposals/{routed.proposal_id}/rating/",
        {"overall": "satisfied", "comment": ""},
    )
    assert rating.status_code == 302
    routed.proposal.refresh_from_db()
    assert routed.proposal.status == "tracking"


def test_the_inbox_shows_the_days_left_or_overdue(client_for, routed, unit_staff):
    client = client_for(unit_staff)
    today = timezone.localdate()
    days = (routed.deadline - today).days
    inbox = client.get("/proposals/unit/").content.decode()
    assert f"{days} days left" in inbox
    assert f'href="/proposals/unit/items/{routed.pk}/"' in inbox
    Assignment.objects.filter(pk=routed.pk).update(deadline=today - datetime.timedelta(days=1))
    inbox = client.get("/proposals/unit/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "已逾期" in inbox and "还剩" not in inbox


def test_another_units_staff_get_404(client_for, routed, other_unit_staff):
    client = client_for(other_unit_staff)
    assert client.get(f"/proposals/unit/items/{routed.pk}/").status_code == 404
    assert routed.proposal.title not in client.get("/proposals/unit/").content.decode()
    client.post(
        f"/proposals/unit/items/{routed.pk}/reply/", {"result": "A", "text": "x", "confirm": "on"}
    )
    routed.proposal.refresh_from_db()
    assert routed.proposal.status == "assigned"


@pytest.mark.parametrize("who", ["delegate", "anonymous"])
def test_unit_pages_are_for_unit_staff(client_for, request, routed, who):
    client = (
        request.getfixturevalue("client")
        if who == "anonymous"
        else client_for(request.getfixturevalue(who))
    )
    response = client.get(f"/proposals/unit/items/{routed.pk}/")
    assert response.status_code in (302, 403)


def test_a_unit_sends_an_item_back_from_its_page(client_for, routed, unit_staff):
    client_for(unit_staff).post(
        f"/proposals/unit/items/{routed.pk}/send-back/", {"reason": "非本单位职责"}
    )
    routed.proposal.refresh_from_db()
    assert routed.proposal.status == "accepted"


@pytest.mark.parametrize("size", [2, 30])
def test_the_inbox_in_constant_queries(
    client_for,
    unit_staff,
    unit,
    author,
    delegate,
    secretariat,
    education,
    size,
    django_assert_max_num_queries,
):
    from proposals.services import proposal_draft_save

    for n in range(size):
        item = proposal_draft_save(
            author=author,
            kind="suggestion",
            title=f"建议{n}",
            situation="情况",
            recommendations="建议",
        )
        proposal_submit(proposal=item, submitted_by=delegate)
        proposal_accept(proposal=item, category=education, accepted_by=secretariat)
        proposal_route(
            proposal=item, lead=unit, routed_by=secretariat, on=datetime.date(2026, 11, 23)
        )
    client = client_for(unit_staff)
    # session, user, groups, content type, units, staff, the count, one page, notifications;
    # the evaluations to count (a teller's menu entry, and their content type once per process)
    with django_assert_max_num_queries(11):
        response = client.get("/proposals/unit/")
    assert len(response.context["inbox"]) == min(size, 25)
    assert response.context["inbox"].paginator.count == size


def test_cosigner_invitations_need_confirmation_before_submit(
    client_for, delegate, author, colleagues
):
    client = client_for(delegate)
    client.post(
        "/proposals/new/",
        {
            "kind": "proposal",
            "title": "提案",
            "situation": "情况",
            "recommendations": "建议",
            "category": "",
            "session": "",
        },
    )
    item = Proposal.objects.get()
    for invitation in cosigners_invite(
        proposal=item, delegates=colleagues[:5], invited_by=item.author.user
    ):
        answer(invitation, confirm=True)
    client.post(f"/proposals/{item.pk}/submit/", {})
    item.refresh_from_db()
    assert item.status == "submitted" and item.kind == "proposal"


def test_the_author_picks_co_signers_from_the_delegation_or_by_name(
    client_for, delegate, author, colleagues, django_assert_max_num_queries
):
    """A term has thousands of delegates: the draft shows the author's delegation, or those
    found by name, never the whole term; and anyone of the term may still be asked."""
    from delegates.models import Delegation
    from proposals.services import proposal_draft_save

    item = proposal_draft_save(
        author=author, kind="proposal", title="提案", situation="情况", recommendations="建议"
    )
    mine = Delegation.objects.create(term=author.term, name="第一代表团")
    author.delegation = mine
    author.save()
    colleagues[0].delegation = mine
    colleagues[0].save()
    client = client_for(delegate)
    page = client.get(f"/proposals/{item.pk}/").content.decode()
    assert f'value="{colleagues[0].pk}"' in page
    assert f'value="{colleagues[1].pk}"' not in page  # another delegation

    found = client.get(f"/proposals/{item.pk}/?q={colleagues[1].name}").content.decode()
    assert f'value="{colleagues[1].pk}"' in found and "<details open data-cosign-picker" in found

    client.post(f"/proposals/{item.pk}/cosigners/", {"cosigners": [colleagues[1].pk]})
    assert list(item.cosignatures.values_list("delegate", flat=True)) == [colleagues[1].pk]
    again = client.get(f"/proposals/{item.pk}/?q={colleagues[1].name}").content.decode()
    assert f'value="{colleagues[1].pk}"' not in again  # already asked


def _draft(author):
    from proposals.services import proposal_draft_save

    return proposal_draft_save(
        author=author, kind="proposal", title="提案", situation="情况", recommendations="建议"
    )


def test_the_picker_answers_as_the_author_types(client_for, delegate, author, colleagues, term):
    """The picker's answer (JSON) offers what the invitation form accepts and the page would
    show for the same words: delegates of the term whose name holds them, active, not the
    author, not asked already; in the user's language."""
    from delegates.services import delegate_change_qualification
    from proposals.services import cosigners_invite
    from tests.core.factories import office_user

    item = _draft(author)
    client = client_for(delegate)
    url = f"/proposals/{item.pk}/cosigners/found/"
    wanted = colleagues[2]
    answer = client.get(url, {"q": wanted.name[1:]}).json()
    assert {"id": wanted.pk, "name": wanted.name, "delegation": ""} in answer["results"]
    assert answer["caption"] == f"Delegates whose name holds “{wanted.name[1:]}”:"
    assert client.get(url, {"q": author.name}).json()["results"] == []  # not the author

    cosigners_invite(proposal=item, delegates=[wanted], invited_by=delegate)
    assert client.get(url, {"q": wanted.name}).json()["results"] == []  # asked already
    delegate_change_qualification(
        delegate=colleagues[3],
        kind="terminated",
        effective_date=datetime.date.today(),
        reason="调离",
        decision_reference="1号",
        recorded_by=office_user(),
    )
    assert client.get(url, {"q": colleagues[3].name}).json()["results"] == []

    chinese = client.get(url, {"q": colleagues[4].name}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert chinese.json()["results"][0]["id"] == colleagues[4].pk
    assert chinese.json()["caption"] == f"姓名中含有“{colleagues[4].name}”的代表："
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").json()["caption"] == "本代表团："


def test_only_the_author_of_a_draft_gets_the_pickers_answer(
    client_for, delegate, other_delegate, author, colleagues, unit_staff
):
    item = _draft(author)
    url = f"/proposals/{item.pk}/cosigners/found/"
    assert client_for(other_delegate).get(url, {"q": colleagues[0].name}).status_code == 404
    assert client_for(unit_staff).get(url).status_code in (302, 403)
    client = client_for(delegate)
    item.status = Proposal.Status.WITHDRAWN  # no longer a draft: nobody more to ask
    item.save()
    refused = client.get(url, {"q": colleagues[0].name})
    assert refused.status_code == 403 and refused.json()["results"] == []


@pytest.mark.parametrize("more", [0, 30])
def test_the_pickers_answer_takes_the_same_queries_whatever_the_term(
    client_for, delegate, author, colleagues, term, more, django_assert_num_queries
):
    from tests.delegates.factories import ElectoralUnitFactory
    from tests.delegates.helpers import enter

    unit = ElectoralUnitFactory(term=term, seats=40)
    for _ in range(more):
        enter(term, unit, name=f"王{_:02d}")
    item = _draft(author)
    client = client_for(delegate)
    url = f"/proposals/{item.pk}/cosigners/found/"
    client.get(url, {"q": "王"})
    # The session, the user, their groups, the item, whether it is a session's (its steps)
    # and the delegates found: the same with 6 delegates in the term or 36.
    with django_assert_num_queries(6):
        found = client.get(url, {"q": "王"}).json()["results"]
    assert len(found) == more + sum("王" in c.name for c in colleagues)


def test_a_reply_is_sent_only_once_confirmed_final(client_for, routed, unit_staff):
    """Issue 12, 1.13: a reply cannot be changed once sent; the unit confirms it is final."""
    client = client_for(unit_staff)
    page = client.post(
        f"/proposals/unit/items/{routed.pk}/reply/", {"result": "A", "text": "已配备。"}
    )
    assert page.context["reply_form"].errors["confirm"]
    assert "已配备。" in page.content.decode()  # what was typed is kept
    assert not routed.replies.exists()


def test_unit_staff_keep_sight_of_what_they_handled(client_for, routed, unit_staff, delegate):
    """Issue 12, 1.7: after replying, the item is under "Handled" on the unit's page; its page
    shows the reply once, with the reply letter."""
    reply = reply_submit(
        assignment=routed, result="A", text="已配备多媒体设备。", replied_by=unit_staff
    )
    client = client_for(unit_staff)
    home = client.get("/proposals/unit/")
    assert [a.pk for a in home.context["handled"]] == [routed.pk]
    assert f'href="/proposals/unit/items/{routed.pk}/"' in home.content.decode()
    page = client.get(f"/proposals/unit/items/{routed.pk}/").content.decode()
    assert page.count("已配备多媒体设备。") == 1
    assert f'href="/proposals/replies/{reply.pk}/letter/"' in page
    assert client.get(f"/proposals/replies/{reply.pk}/letter/")["Content-Type"] == "application/pdf"
