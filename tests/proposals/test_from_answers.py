"""An answer to an opinion solicitation turned into a suggestion (proposals/solicited.py):
it enters the loop as submitted, in the delegate's name, once, linked both ways."""

import pytest
from django.core.exceptions import ValidationError

from congress_office.models import Notification
from congress_office.notification_texts import notification_text
from delegates.solicitations import response_save
from proposals.models import Proposal, ProposalEvent
from proposals.solicited import answer_text, proposal_from_answer
from tests.delegates.solicitation_helpers import full_answer, solicitation_published

pytestmark = pytest.mark.django_db


@pytest.fixture
def answer(term, secretariat, author):
    solicitation = solicitation_published(term, secretariat)
    return response_save(
        solicitation=solicitation,
        delegate=author,
        values=full_answer(solicitation, several=(0, 3), text="建议增设公交线路。"),
        send=True,
    )


def make(answer, user, **text):
    return proposal_from_answer(
        response=answer,
        made_by=user,
        title=text.get("title", "关于增设公交线路的建议"),
        situation=text.get("situation", "规划草案征求意见中代表提出。"),
        recommendations=text.get("recommendations", "建议增设公交线路。"),
    )


def test_the_answer_becomes_a_submitted_suggestion_once(answer, secretariat, author, delegate):
    suggestion = make(answer, secretariat)
    assert (suggestion.kind, suggestion.source, suggestion.status) == (
        "suggestion",
        "solicitation",
        "submitted",
    )
    assert suggestion.author == author and suggestion.solicitation_response == answer
    assert answer.suggestion == suggestion
    assert suggestion.events.get().action == ProposalEvent.Action.ANSWER_LOGGED
    with pytest.raises(ValidationError, match="already the suggestion"):
        make(answer, secretariat)
    assert Proposal.objects.count() == 1
    told = Notification.objects.get(kind="proposal_from_answer")
    assert told.user == delegate and told.url == f"/proposals/{suggestion.pk}/"
    assert notification_text(told, "zh-hans")[0] == "您的回复已转为建议：关于增设公交线路的建议"


def test_only_the_office_and_only_a_sent_answer(answer, secretariat, delegate, term, author):
    with pytest.raises(ValidationError):
        make(answer, delegate)
    draft_only = solicitation_published(term, secretariat, title="另一项征集")
    unsent = response_save(solicitation=draft_only, delegate=author, values={}, send=False)
    with pytest.raises(ValidationError, match="Only a sent answer"):
        make(unsent, secretariat)
    with pytest.raises(ValidationError):
        make(answer, secretariat, recommendations=" ")
    assert not Proposal.objects.exists()


def test_the_suggestion_starts_from_what_the_answer_says(answer):
    situation, recommendations = answer_text(answer)
    assert "您最关注哪些方面？\n交通、养老" in situation
    assert "请为草案打分\n4" in situation
    assert recommendations == "建议增设公交线路。"


def test_the_office_turns_it_into_a_suggestion_in_the_admin(client_for, answer, secretariat):
    office = client_for(secretariat)
    page = office.get(f"/admin/delegates/solicitationresponse/{answer.pk}/change/")
    assert page.status_code == 200 and "Turn into a suggestion" in page.text
    form = office.get(f"/admin/delegates/solicitationresponse/{answer.pk}/suggestion/")
    assert "建议增设公交线路。" in form.text
    done = office.post(
        f"/admin/delegates/solicitationresponse/{answer.pk}/suggestion/",
        {"title": "关于增设公交线路的建议", "situation": "情况", "recommendations": "建议"},
    )
    assert done.status_code == 302
    suggestion = Proposal.objects.get()
    page = office.get(f"/admin/delegates/solicitationresponse/{answer.pk}/change/")
    assert f"/admin/proposals/proposal/{suggestion.pk}/change/" in page.text
    item = office.get(f"/admin/proposals/proposal/{suggestion.pk}/change/")
    assert f"/admin/delegates/solicitationresponse/{answer.pk}/change/" in item.text


def test_the_delegate_sees_where_the_suggestion_came_from(
    client_for, answer, secretariat, delegate
):
    suggestion = make(answer, secretariat)
    page = client_for(delegate).get(f"/proposals/{suggestion.pk}/")
    assert page.status_code == 200
    assert "Made from an answer to the opinion solicitation" in page.text
