"""Who is offered and accepted as a voter, a teller or a paper voter: only delegates whose
qualification is active on the day that matters (the day voting opens; for a ballot or a paper
ballot, the day it is taken). The pages offer no one else, and the services refuse anyone
else whatever is posted."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from delegates.services import delegate_change_qualification
from evaluations.models import Entitlement, Receipt
from evaluations.selectors import (
    entitlement_candidates,
    paper_hand_out_candidates,
    teller_candidates,
)
from evaluations.services import (
    ballot_cast,
    entitlements_set,
    evaluation_open,
    tellers_set,
)
from tests.core.factories import UserFactory, office_user
from tests.core.pickers import picker_offers
from tests.evaluations.kit import choose, paper_handed_out, teller_of
from tests.sessions.kit import attendance_taken

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/evaluations/evaluation/"


def _terminate(delegate, day=None):
    """Terminated from the day the factory's evaluations open (an hour ago): "today" would be
    the day after it between midnight and one in the morning, and the delegate still active
    on the day that matters."""
    opened = timezone.localdate(timezone.now() - datetime.timedelta(hours=1))
    return delegate_change_qualification(
        delegate=delegate,
        kind="terminated",
        effective_date=day or opened,
        reason="调离本镇",
        decision_reference="镇党委〔2026〕3号",
        recorded_by=office_user(),
    )


def test_the_entitled_picker_offers_no_terminated_delegate(
    make_evaluation, voters, client_for, secretariat
):
    staying, leaving = voters(2)
    _terminate(leaving)
    evaluation = make_evaluation()
    assert set(entitlement_candidates(evaluation)) == {staying}
    page = client_for(secretariat).get(f"{CHANGELIST}{evaluation.pk}/change/")
    offered = {
        int(str(value))
        for value, _label in page.context["adminform"].form.fields["entitled"].choices
    }
    assert staying.pk in offered and leaving.pk not in offered
    searched = picker_offers(
        client_for(secretariat), "evaluations.evaluation.entitled", "", evaluation
    )
    assert searched == [str(staying)]
    with pytest.raises(ValidationError) as refusal:
        entitlements_set(evaluation=evaluation, delegates=[staying, leaving])
    assert leaving.name in refusal.value.message_dict["entitled"][0]
    assert not Entitlement.objects.exists()


def test_opening_refuses_an_entitled_delegate_terminated_since(make_evaluation, voters):
    """Entitled while active, terminated before voting opens: opening says who."""
    staying, leaving = voters(2)
    evaluation = make_evaluation()
    entitlements_set(evaluation=evaluation, delegates=[staying, leaving])
    _terminate(leaving)
    with pytest.raises(ValidationError, match=leaving.name):
        evaluation_open(evaluation=evaluation, opened_by=office_user())
    evaluation.refresh_from_db()
    assert evaluation.status == "draft"


def test_those_checked_in_are_entitled_only_while_active(make_evaluation, voters, sitting):
    staying, leaving = voters(2)
    attendance_taken(sitting, [staying, leaving])
    _terminate(leaving)
    evaluation = evaluation_open(evaluation=make_evaluation(), opened_by=office_user())
    assert set(evaluation.entitlements.values_list("delegate", flat=True)) == {staying.pk}


def test_a_delegate_terminated_after_being_entitled_cannot_vote(open_evaluation, voters):
    staying, leaving = voters(2)
    evaluation = open_evaluation([staying, leaving], subjects=1, criteria=1)
    _terminate(leaving)
    with pytest.raises(ValidationError, match="qualification as a delegate is not active"):
        ballot_cast(
            evaluation=evaluation,
            user=leaving.user,
            choices=choose(evaluation, lambda s, c: "excellent"),
        )
    assert not Receipt.objects.exists()


def test_the_paper_ballot_picker_offers_no_terminated_delegate(open_evaluation, voters, client_for):
    staying, leaving = voters(2)
    evaluation = open_evaluation([staying, leaving], subjects=1, criteria=1)
    _terminate(leaving)
    assert set(paper_hand_out_candidates(evaluation)) == {staying}
    page = client_for(teller_of(evaluation)).get(f"/evaluations/{evaluation.pk}/tally/")
    assert staying.name in page.content.decode() and leaving.name not in page.content.decode()
    with pytest.raises(ValidationError, match=f"Not active delegates on .*: {leaving.name}"):
        paper_handed_out(evaluation, [leaving])
    assert not Receipt.objects.exists()


def test_the_teller_picker_offers_no_terminated_delegates_account(
    make_evaluation, voters, client_for, secretariat
):
    scrutineer, leaving = voters(2)
    staff = UserFactory(username="counting_staff")
    _terminate(leaving, timezone.localdate() - datetime.timedelta(days=1))
    evaluation = make_evaluation()
    candidates = set(teller_candidates(evaluation))
    assert {scrutineer.user, staff} <= candidates and leaving.user not in candidates
    page = client_for(secretariat).get(f"{CHANGELIST}{evaluation.pk}/change/")
    offered = {
        int(str(v)) for v, _label in page.context["adminform"].form.fields["tellers"].choices
    }
    assert leaving.user.pk not in offered
    # The page's picker searches that field's offer: the account is not found on this page,
    # though an add page (no term yet) offers it.
    field = "evaluations.evaluation.tellers"
    assert picker_offers(client_for(secretariat), field, leaving.name, evaluation) == []
    assert picker_offers(client_for(secretariat), field, scrutineer.name, evaluation)
    assert picker_offers(client_for(secretariat), field, leaving.name)
    with pytest.raises(ValidationError) as refusal:
        tellers_set(evaluation=evaluation, users=[staff, leaving.user])
    assert leaving.user.username in refusal.value.message_dict["tellers"][0]
    tellers_set(evaluation=evaluation, users=[staff, scrutineer.user])


def test_the_change_page_shows_the_services_refusal_and_saves_nothing(
    make_evaluation, voters, client_for, secretariat
):
    """Voting moved to a day on which one of the entitled is no longer a delegate: the
    picker offered them (they were active on the day first set), the service refuses them
    on saving; the refusal stands next to the field and the new date is not saved."""
    staying, leaving = voters(2)
    evaluation = make_evaluation()
    later = timezone.localdate() + datetime.timedelta(days=20)
    _terminate(leaving, later)
    opens_at = evaluation.opens_at
    response = client_for(secretariat).post(
        f"{CHANGELIST}{evaluation.pk}/change/",
        {
            "session": evaluation.session_id,
            "title": "改期后的测评",
            "kind": "evaluation",
            "scale": "excellence",
            "opens_at_0": later.isoformat(),
            "opens_at_1": "08:00",
            "closes_at_0": (later + datetime.timedelta(days=1)).isoformat(),
            "closes_at_1": "12:00",
            "entitled": [staying.pk, leaving.pk],
            **{
                f"{prefix}-{count}": 0
                for prefix in ("subjects", "criteria", "paper_rounds", "status_changes")
                for count in ("TOTAL_FORMS", "INITIAL_FORMS")
            },
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert leaving.name in errors["entitled"][0]
    evaluation.refresh_from_db()
    assert evaluation.opens_at == opens_at and evaluation.title != "改期后的测评"
    assert not Entitlement.objects.exists()
