"""The evaluation's change page's reads in prepared plain SQL (decision 297) give what the ORM
gave: the tellers picker's chosen accounts among the candidates (`teller_reads`), the inlines'
rows with their related rows (their formsets' statements written once, decision 324), the
ballots taken (`evaluation_counts`)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from congress_office import written_once
from delegates.services import delegate_change_qualification
from evaluations.admin import (
    CriterionInline,
    PaperRoundInline,
    StatusChangeInline,
    SubjectInline,
)
from evaluations.models import Entitlement, Evaluation, PaperRound, Receipt
from evaluations.selectors import evaluation_counts, teller_candidates
from evaluations.services import tellers_set
from evaluations.teller_reads import chosen_tellers
from evaluations.tellers import evaluation_tellers, evaluation_tellers_read
from tests.core.factories import UserFactory, office_user
from tests.core.inline_kit import assert_rows_read_as_by_orm
from tests.evaluations.kit import ballots_cast, paper_handed_out, teller_of

pytestmark = pytest.mark.django_db


def _people(users) -> list:
    return [(u.pk, u.username, u.person_name, u.person_where) for u in users]


def _terminated(delegate, day):
    delegate_change_qualification(
        delegate=delegate,
        kind="terminated",
        effective_date=day,
        reason="调离本镇",
        decision_reference="镇党委〔2026〕3号",
        recorded_by=office_user(),
    )


def test_the_chosen_tellers_are_the_candidates_querysets_rows(make_evaluation, voters, term):
    evaluation = make_evaluation()
    day = evaluation.voting_day
    staying, left_before, leaves_after, renamed = voters(4)
    _terminated(left_before, day - datetime.timedelta(days=1))  # not active that day: out
    _terminated(leaves_after, day + datetime.timedelta(days=3))  # still active that day: in
    renamed.user.first_name, renamed.user.last_name = "<b>名", "姓&"
    renamed.user.save()
    renamed.delegation = None  # no delegation: the record's work unit is shown
    renamed.work_unit = "镇<政府>"
    renamed.save()
    staff = UserFactory(username="staff_b", first_name="秘书", last_name="王")
    login_only = UserFactory(username="staff_a")
    switched_off = UserFactory(username="switched_off", is_active=False)
    users = [
        staying.user,
        left_before.user,
        leaves_after.user,
        renamed.user,
        staff,
        login_only,
        switched_off,
        office_user(),
    ]
    ids = [u.pk for u in users]
    expected = _people(teller_candidates(evaluation).filter(pk__in=ids))
    assert len(expected) == 6  # the ones terminated before and switched off are left out
    assert left_before.user.pk not in [row[0] for row in expected]
    assert _people(chosen_tellers(evaluation, ids)) == expected
    for some in (ids[:1], ids[:3], ids[2:7], [*ids, ids[0], 2**63, -5]):
        wanted = _people(teller_candidates(evaluation).filter(pk__in=some))
        assert _people(chosen_tellers(evaluation, some)) == wanted
    assert chosen_tellers(evaluation, []) == []
    assert chosen_tellers(evaluation, [2**63]) == []


def test_the_tellers_picker_shows_only_candidates(make_evaluation, voters, client_for, secretariat):
    """A teller whose qualification ended before voting opens stays a teller (the services
    refuse to add them, not to keep them) but the picker does not show them, as before."""
    evaluation = make_evaluation()
    kept, gone = voters(2)
    tellers_set(evaluation=evaluation, users=[kept.user, gone.user])
    _terminated(gone, evaluation.voting_day - datetime.timedelta(days=1))
    page = client_for(secretariat).get(f"/admin/evaluations/evaluation/{evaluation.pk}/change/")
    html = page.content.decode()
    assert f'<option value="{kept.user.pk}" selected>' in html
    assert f'<option value="{gone.user.pk}" selected>' not in html


def test_the_inlines_rows_are_their_querysets(open_evaluation, voters, rf):
    delegates = voters(3)
    evaluation = open_evaluation(delegates, subjects=3, criteria=2)
    paper_handed_out(evaluation, delegates[:1])
    teller = teller_of(evaluation)
    PaperRound.objects.create(evaluation=evaluation, number=2, issued=4, returned=3)
    PaperRound.objects.create(
        evaluation=evaluation,
        number=1,
        issued=5,
        returned=5,
        entered_by=teller,
        entered_at=timezone.now(),
    )
    evaluation.status_changes.create(actor=None, status_before="open", status_after="open")
    request = rf.get("/")
    request.user = get_user_model().objects.get(username="office")
    evaluation = Evaluation.objects.select_related("session").get(pk=evaluation.pk)
    inlines = (SubjectInline, CriterionInline, PaperRoundInline, StatusChangeInline)
    *_, rounds, changes = assert_rows_read_as_by_orm(inlines, Evaluation, evaluation, request)
    assert [r.entered_by for r in rounds] == [teller, None]
    assert [c.actor and c.actor.username for c in changes] == ["office", None]
    assert all(c.evaluation is evaluation for c in changes)


def _counts_by_orm(evaluation) -> dict:
    def counted(queryset):
        rows = queryset.filter(evaluation=OuterRef("pk")).order_by().values("evaluation")
        return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)

    return (
        Evaluation.objects.filter(pk=evaluation.pk)
        .values(
            entitled=counted(Entitlement.objects.all()),
            voted=counted(Receipt.objects.filter(on_paper=False)),
            on_paper=counted(Receipt.objects.filter(on_paper=True)),
        )
        .get()
    )


def test_the_counts_are_the_orms(open_evaluation, make_evaluation, voters):
    delegates = voters(4)
    evaluation = open_evaluation(delegates, subjects=1, criteria=1)
    ballots_cast(evaluation, delegates[:2], "excellent")
    paper_handed_out(evaluation, delegates[2:3])
    counts = evaluation_counts(evaluation)
    assert counts == {"entitled": 4, "voted": 2, "on_paper": 1} == _counts_by_orm(evaluation)
    empty = make_evaluation()
    assert evaluation_counts(empty) == {"entitled": 0, "voted": 0, "on_paper": 0}
    assert evaluation_counts(empty) == _counts_by_orm(empty)
    with pytest.raises(Evaluation.DoesNotExist):
        evaluation_counts(Evaluation(pk=empty.pk + 1000))


def test_the_tellers_read_by_a_statement_written_once_are_the_orms(make_evaluation):
    """The change page's tellers (its picker's initial value, decision 346): the same accounts
    in the same order as `evaluation_tellers`, for none, one and several, and only the
    evaluation's own; and the statement is written once, not left to the ORM."""
    evaluation, other = make_evaluation(), make_evaluation()
    assert evaluation_tellers_read(evaluation) == []
    staff = [
        UserFactory(username="t_c", first_name="三", last_name="张"),
        UserFactory(username="t_a", first_name="四", last_name="李"),
        UserFactory(username="t_b", first_name="三", last_name="张"),
        UserFactory(username="t_d"),
    ]
    tellers_set(evaluation=evaluation, users=staff[:1])
    tellers_set(evaluation=other, users=staff[1:2])
    assert evaluation_tellers_read(evaluation) == [staff[0]]
    tellers_set(evaluation=evaluation, users=staff)
    read = evaluation_tellers_read(evaluation)
    expected = list(evaluation_tellers(evaluation))
    assert [u.pk for u in read] == [u.pk for u in expected]
    assert [u.username for u in read] == ["t_d", "t_b", "t_c", "t_a"]
    assert [(u.first_name, u.last_name, u.is_active) for u in read] == [
        (u.first_name, u.last_name, u.is_active) for u in expected
    ]
    key = ("evaluation tellers", timezone.get_current_timezone_name())
    assert written_once._written[key] is not None
