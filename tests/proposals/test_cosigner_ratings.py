"""Every co-signer may rate (issue 14, item 8): a rule of the office. The lead proposer alone
rates by default; with the rule on, every confirmed co-signer rates the reply once, their
ratings are counted in the satisfaction figures, and the lead proposer's rating alone decides
whether the item is handled again (docs/decisions.md, 154)."""

import pytest
from django.core.exceptions import ValidationError

from proposals.models import Feedback, ProposalRules
from proposals.ratings import reply_rate
from proposals.services import proposal_accept, proposal_route, proposal_submit, reply_submit
from proposals.statistics import handling_statistics, rating_basis
from proposals.tally import contribution, tally_rebuild
from tests.core.factories import office_user
from tests.proposals.factories import ProposalCategoryFactory
from tests.proposals.kit import S, cosigned, current_lead, proposal_in, staff_of, user_of

pytestmark = pytest.mark.django_db


def every_cosigner_rates(on=True):
    rules = ProposalRules.current()
    rules.every_cosigner_rates = on
    rules.save()


@pytest.fixture
def replied(author, unit, colleagues):
    """A proposal with three confirmed co-signers, replied (A) by the lead unit."""
    item, _lead = proposal_in(
        S.REPLIED, author=author, unit=unit, kind="proposal", cosigners=colleagues[:3]
    )
    return item


def rate(item, delegate, overall, comment=""):
    return reply_rate(proposal=item, rated_by=user_of(delegate), overall=overall, comment=comment)


def test_by_default_the_lead_proposer_alone_rates(replied, colleagues, client_for):
    assert ProposalRules.current().every_cosigner_rates is False
    with pytest.raises(ValidationError, match="lead proposer alone"):
        rate(replied, colleagues[0], "satisfied")
    page = client_for(user_of(colleagues[0])).get(f"/proposals/{replied.pk}/").content.decode()
    assert "Send my rating" not in page and "Who has rated the reply" not in page
    assert "lead proposer's rating" in rating_basis()


def test_with_the_rule_every_cosigner_rates_once(replied, colleagues, author, client_for):
    every_cosigner_rates()
    rate(replied, colleagues[0], "satisfied")
    rate(replied, colleagues[1], "dissatisfied")
    with pytest.raises(ValidationError, match="already"):
        rate(replied, colleagues[0], "basically")
    replied.refresh_from_db()
    assert replied.status == S.REPLIED
    assert (replied.cosigner_rated, replied.cosigner_satisfied) == (2, 1)
    assert (replied.cosigner_first_rated, replied.cosigner_first_satisfied) == (2, 1)
    page = client_for(user_of(author)).get(f"/proposals/{replied.pk}/")
    names = [(name, r.overall if r else None) for name, r in page.context["signer_ratings"]]
    assert names == [
        (author.name, None),
        (colleagues[0].name, "satisfied"),
        (colleagues[1].name, "dissatisfied"),
        (colleagues[2].name, None),
    ]
    assert "every signer" in rating_basis()


def test_the_lead_proposers_rating_alone_decides_rehandling(replied, colleagues, author, unit):
    every_cosigner_rates()
    for delegate in colleagues[:3]:
        rate(replied, delegate, "dissatisfied")  # all co-signers dissatisfied ...
    replied.refresh_from_db()
    assert replied.status == S.REPLIED  # ... the item waits for the lead proposer
    rate(replied, author, "satisfied")
    replied.refresh_from_db()
    assert replied.status == S.CLOSED and replied.round == 1
    total, _groups = handling_statistics(replied.term)
    assert (total.rated, total.satisfied, total.first_rated) == (4, 1, 4)


def test_a_later_rounds_rating_replaces_the_earlier_in_the_figures(
    replied, colleagues, author, unit
):
    every_cosigner_rates()
    rate(replied, colleagues[0], "dissatisfied")
    rate(replied, author, "dissatisfied", comment="没有解决")
    replied.refresh_from_db()
    assert replied.status == S.ASSIGNED and replied.round == 2
    reply_submit(
        assignment=current_lead(replied), result="A", text="已解决。", replied_by=staff_of(unit)
    )
    replied.refresh_from_db()
    rate(replied, colleagues[0], "satisfied")  # the second round's reply, rated once more
    replied.refresh_from_db()
    assert (replied.cosigner_rated, replied.cosigner_satisfied) == (1, 1)
    assert (replied.cosigner_first_rated, replied.cosigner_first_satisfied) == (1, 0)
    assert Feedback.objects.filter(delegate=colleagues[0]).count() == 2


def test_the_kept_counts_are_what_counting_afresh_gives(replied, colleagues, author):
    from proposals.models import HandlingTally

    every_cosigner_rates()
    rate(replied, colleagues[0], "satisfied")
    rate(replied, colleagues[1], "dissatisfied")
    rate(replied, author, "basically")

    def kept():
        return {
            t.key: (t.items, t.rated, t.satisfied, t.first_rated, t.first_satisfied)
            for t in HandlingTally.objects.filter(items__gt=0)
        }

    before = kept()
    tally_rebuild()
    assert kept() == before
    replied.refresh_from_db()
    assert contribution(replied)[1]["rated"] == 3


def test_an_unconfirmed_cosigner_and_a_stranger_cannot_rate(
    author, unit, colleagues, other_delegate, client_for
):
    every_cosigner_rates()
    item, _lead = proposal_in(S.DRAFT, author=author, unit=unit, kind="suggestion")
    cosigned(item, colleagues[:2], confirmed=1)  # the second never answers
    proposal_submit(proposal=item, submitted_by=user_of(author))
    office = office_user()
    proposal_accept(proposal=item, category=ProposalCategoryFactory(), accepted_by=office)
    (lead,) = proposal_route(proposal=item, lead=unit, routed_by=office)
    reply_submit(assignment=lead, result="A", text="答复", replied_by=staff_of(unit))
    for stranger in (user_of(colleagues[1]), other_delegate):
        response = client_for(stranger).post(
            f"/proposals/{item.pk}/rating/", {"overall": "satisfied"}
        )
        assert response.status_code == 404
    assert not Feedback.objects.exists()
    client_for(user_of(colleagues[0])).post(
        f"/proposals/{item.pk}/rating/", {"overall": "basically"}
    )
    assert Feedback.objects.get().delegate == colleagues[0]


@pytest.mark.parametrize("cosigners", [1, 5])
def test_the_items_page_in_constant_queries(
    author, unit, colleagues, cosigners, client_for, django_assert_max_num_queries
):
    every_cosigner_rates()
    item, _lead = proposal_in(
        S.REPLIED, author=author, unit=unit, kind="proposal", cosigners=colleagues[:cosigners]
    )
    rate(item, colleagues[0], "satisfied")
    client = client_for(user_of(author))
    # 18, and 3 for the consultations and what the replies say of the co-handling views
    with django_assert_max_num_queries(21):
        response = client.get(f"/proposals/{item.pk}/")
    assert len(response.context["signer_ratings"]) == cosigners + 1
