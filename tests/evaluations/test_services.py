"""The whole flow through the services: setting up, opening, casting, closing."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone
from guardian.shortcuts import assign_perm

from evaluations.models import (
    Criterion,
    Entitlement,
    Evaluation,
    EvaluationStatusChange,
    OnlineTallyShard,
    Receipt,
)
from evaluations.services import (
    ballot_cast,
    ballot_cast_for_delegate,
    criteria_from_template,
    entitlements_set,
    evaluation_close,
    evaluation_copy,
    evaluation_open,
    tellers_set,
)
from evaluations.tallies import online_counts
from evaluations.tellers import evaluation_tellers, evaluations_tallied_by
from sessions.secret_ballot import SHARDS
from tests.core.factories import UserFactory
from tests.evaluations.factories import EvaluationFactory, SubjectFactory
from tests.evaluations.kit import cells, choose
from tests.sessions.factories import SessionFactory, SittingFactory
from tests.sessions.kit import attendance_taken

pytestmark = pytest.mark.django_db


def test_whole_flow(open_evaluation, voters, secretariat):
    people = voters(3)
    evaluation = open_evaluation(people, subjects=2, criteria=2)
    assert evaluation.status == Evaluation.Status.OPEN
    # 2 subjects × 2 criteria × (4 ratings + blank), counting 0, in every shard
    assert online_counts(evaluation) == dict.fromkeys(online_counts(evaluation), 0)
    assert len(online_counts(evaluation)) == 20
    shards = OnlineTallyShard.objects.filter(evaluation=evaluation)
    assert [len(counts) for counts in shards.values_list("counts", flat=True)] == [20] * SHARDS
    first, second = evaluation.subjects.all()
    c1, c2 = evaluation.criteria.all()
    ballot_cast(
        evaluation=evaluation,
        user=people[0].user,
        choices={(first.pk, c1.pk): "excellent", (first.pk, c2.pk): "competent"},
    )
    ballot_cast(
        evaluation=evaluation,
        user=people[1].user,
        choices=choose(evaluation, lambda s, c: "incompetent"),
    )
    evaluation_close(evaluation=evaluation, closed_by=secretariat)
    counts = cells(evaluation)
    assert counts[("成员0", "指标0", "excellent")] == 1
    assert counts[("成员0", "指标1", "competent")] == 1
    assert counts[("成员0", "指标0", "incompetent")] == 1
    # What the first ballot left out counts as blank.
    assert counts[("成员1", "指标0", "abstain")] == 1
    assert counts[("成员1", "指标1", "incompetent")] == 1
    # Every ballot puts exactly one mark in each subject and criterion.
    for subject in (first, second):
        for criterion in (c1, c2):
            total = sum(
                n for (s, c, _r), n in counts.items() if (s, c) == (subject.name, criterion.name)
            )
            assert total == 2
    assert Receipt.objects.filter(evaluation=evaluation).count() == 2
    changes = list(
        EvaluationStatusChange.objects.filter(evaluation=evaluation).values_list(
            "status_before", "status_after", "actor"
        )
    )
    assert changes == [("draft", "open", secretariat.pk), ("open", "closed", secretariat.pk)]


def test_entitled_by_default_are_those_checked_in(make_evaluation, session, voters, secretariat):
    present, on_leave, absent, later = voters(4)
    morning = SittingFactory(session=session, part="morning")
    afternoon = SittingFactory(session=session, part="afternoon")
    attendance_taken(morning, [present])
    attendance_taken(morning, [on_leave], "on_leave")
    attendance_taken(morning, [absent, later], "absent")
    attendance_taken(afternoon, [later])
    # Present at another session of the term does not count.
    attendance_taken(SittingFactory(session=SessionFactory(term=session.term)), [absent])
    evaluation = evaluation_open(evaluation=make_evaluation(), opened_by=secretariat)
    entitled = set(evaluation.entitlements.values_list("delegate_id", flat=True))
    assert entitled == {present.pk, later.pk}


def test_explicit_entitlement_wins_over_attendance(
    make_evaluation, session, sitting, voters, secretariat
):
    checked_in, chosen = voters(2)
    attendance_taken(sitting, [checked_in])
    evaluation = make_evaluation()
    entitlements_set(evaluation=evaluation, delegates=[chosen])
    evaluation_open(evaluation=evaluation, opened_by=secretariat)
    assert list(evaluation.entitlements.values_list("delegate_id", flat=True)) == [chosen.pk]


def test_entitlements_are_delegates_of_the_term_and_change_only_while_draft(
    open_evaluation, make_evaluation, voters, secretariat
):
    from tests.delegates.factories import DelegateFactory

    stranger = DelegateFactory()  # of another term
    evaluation = make_evaluation()
    with pytest.raises(ValidationError) as error:
        entitlements_set(evaluation=evaluation, delegates=[stranger])
    assert "entitled" in error.value.message_dict
    people = voters(2)
    entitlements_set(evaluation=evaluation, delegates=people)
    entitlements_set(evaluation=evaluation, delegates=people[:1])
    assert evaluation.entitlements.count() == 1
    evaluation_open(evaluation=evaluation, opened_by=secretariat)
    with pytest.raises(ValidationError, match="only while it is a draft"):
        entitlements_set(evaluation=evaluation, delegates=people)


def test_opening_needs_subjects_criteria_voters_and_a_future_close(
    make_evaluation, voters, secretariat
):
    people = voters(1)
    with pytest.raises(ValidationError, match="subjects"):
        evaluation_open(evaluation=make_evaluation(subjects=0), opened_by=secretariat)
    with pytest.raises(ValidationError, match="criterion"):
        evaluation_open(evaluation=make_evaluation(criteria=0), opened_by=secretariat)
    with pytest.raises(ValidationError, match="Nobody is entitled"):
        evaluation_open(evaluation=make_evaluation(), opened_by=secretariat)
    past = make_evaluation(
        opens_at=timezone.now() - datetime.timedelta(days=2),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    entitlements_set(evaluation=past, delegates=people)
    with pytest.raises(ValidationError) as error:
        evaluation_open(evaluation=past, opened_by=secretariat)
    assert "closes_at" in error.value.message_dict
    # Nothing was half-done by the refusals.
    assert not Entitlement.objects.exclude(evaluation=past).exists()
    assert not OnlineTallyShard.objects.exists()
    assert not Evaluation.objects.exclude(status="draft").exists()


def test_status_moves_only_forward(open_evaluation, voters, secretariat):
    evaluation = open_evaluation(voters(1))
    with pytest.raises(ValidationError, match="already open"):
        evaluation_open(evaluation=evaluation, opened_by=secretariat)
    evaluation_close(evaluation=evaluation, closed_by=secretariat)
    with pytest.raises(ValidationError, match="Only an open evaluation"):
        evaluation_close(evaluation=evaluation, closed_by=secretariat)
    with pytest.raises(ValidationError, match="already closed"):
        evaluation_open(evaluation=evaluation, opened_by=secretariat)


def test_casting_refused_before_opening(make_evaluation, voters):
    people = voters(1)
    evaluation = make_evaluation()
    entitlements_set(evaluation=evaluation, delegates=people)
    with pytest.raises(ValidationError, match="not opened yet"):
        ballot_cast(evaluation=evaluation, user=people[0].user, choices={})
    assert not Receipt.objects.exists()


def test_casting_refused_before_the_window_opens(open_evaluation, voters):
    people = voters(1)
    evaluation = open_evaluation(
        people,
        opens_at=timezone.now() + datetime.timedelta(hours=1),
        closes_at=timezone.now() + datetime.timedelta(hours=3),
    )
    with pytest.raises(ValidationError, match="Voting opens at"):
        ballot_cast(evaluation=evaluation, user=people[0].user, choices={})
    assert not Receipt.objects.exists()


def test_casting_refused_after_the_window_closes(open_evaluation, voters):
    people = voters(1)
    evaluation = open_evaluation(people)
    Evaluation.objects.filter(pk=evaluation.pk).update(
        opens_at=timezone.now() - datetime.timedelta(hours=3),
        closes_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    with pytest.raises(ValidationError, match="Voting closed at"):
        ballot_cast(evaluation=evaluation, user=people[0].user, choices={})
    assert not Receipt.objects.exists()


def test_casting_refused_after_closing(open_evaluation, voters, secretariat):
    people = voters(1)
    evaluation = open_evaluation(people)
    stale = Evaluation.objects.get(pk=evaluation.pk)
    evaluation_close(evaluation=evaluation, closed_by=secretariat)
    with pytest.raises(ValidationError, match="has closed"):
        ballot_cast(evaluation=stale, user=people[0].user, choices={})
    assert not Receipt.objects.exists()
    assert set(cells(evaluation).values()) == {0}


def test_casting_refused_for_delegates_not_entitled(open_evaluation, voters, delegate):
    entitled, outsider = voters(2)
    evaluation = open_evaluation([entitled])
    for user in (outsider.user, delegate):
        with pytest.raises(ValidationError, match="not entitled"):
            ballot_cast(evaluation=evaluation, user=user, choices={})
    assert not Receipt.objects.exists()


def test_one_ballot_per_voter(open_evaluation, voters):
    people = voters(1)
    evaluation = open_evaluation(people)
    ballot_cast(
        evaluation=evaluation,
        user=people[0].user,
        choices=choose(evaluation, lambda s, c: "excellent"),
    )
    with pytest.raises(ValidationError, match="already voted"):
        ballot_cast(
            evaluation=evaluation,
            user=people[0].user,
            choices=choose(evaluation, lambda s, c: "incompetent"),
        )
    assert Receipt.objects.count() == 1
    counts = cells(evaluation)
    assert sum(n for (_s, _c, r), n in counts.items() if r == "excellent") == 4
    assert sum(n for (_s, _c, r), n in counts.items() if r == "incompetent") == 0


@pytest.mark.parametrize(
    ("choices_of", "message"),
    [
        (lambda e, s, c: {(s.pk, c.pk): "outstanding"}, "does not offer"),
        (lambda e, s, c: {(s.pk, c.pk): "dont_know"}, "does not offer"),
        (lambda e, s, c: {(s.pk, c.pk): "trust"}, "does not offer"),
        (lambda e, s, c: {(s.pk + 999, c.pk): "excellent"}, "does not have"),
        (lambda e, s, c: {(s.pk, c.pk + 999): "excellent"}, "does not have"),
        (lambda e, s, c: {("x", c.pk): "excellent"}, "does not have"),
    ],
)
def test_bad_ballots_are_refused_and_save_nothing(open_evaluation, voters, choices_of, message):
    people = voters(1)
    evaluation = open_evaluation(people)
    subject, criterion = evaluation.subjects.first(), evaluation.criteria.first()
    with pytest.raises(ValidationError, match=message):
        ballot_cast(
            evaluation=evaluation,
            user=people[0].user,
            choices=choices_of(evaluation, subject, criterion),
        )
    assert not Receipt.objects.exists()
    assert set(cells(evaluation).values()) == {0}


def test_a_subject_of_another_evaluation_is_unknown(open_evaluation, voters):
    people = voters(1)
    evaluation = open_evaluation(people)
    other = open_evaluation(people)
    foreign = other.subjects.first()
    with pytest.raises(ValidationError, match="does not have"):
        ballot_cast(
            evaluation=evaluation,
            user=people[0].user,
            choices={(foreign.pk, other.criteria.first().pk): "excellent"},
        )


def test_dont_know_when_offered(open_evaluation, voters):
    people = voters(1)
    evaluation = open_evaluation(people, allow_dont_know=True, subjects=1, criteria=1)
    ballot_cast_for_delegate(
        evaluation=evaluation,
        delegate=people[0],
        choices=choose(evaluation, lambda s, c: "dont_know"),
    )
    assert cells(evaluation)[("成员0", "指标0", "dont_know")] == 1


def test_confidence_vote_uses_trust(make_evaluation):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        make_evaluation(kind="confidence", scale="excellence")


def test_criteria_from_template_and_copy(make_evaluation, session, voters, secretariat):
    last_year = make_evaluation(subjects=3, criteria=0)
    criteria_from_template(evaluation=last_year, template="five_aspects")
    assert list(last_year.criteria.values_list("name", flat=True)) == [
        "Morality",
        "Ability",
        "Diligence",
        "Performance",
        "Integrity",
        "Overall",
    ]
    criteria_from_template(evaluation=last_year, template="overall")
    assert list(last_year.criteria.values_list("name", flat=True)) == ["Overall"]
    with pytest.raises(ValidationError):
        criteria_from_template(evaluation=last_year, template="nonsense")

    this_year = EvaluationFactory(session=SessionFactory(term=session.term))
    SubjectFactory(evaluation=this_year, name="旧的")
    evaluation_copy(evaluation=this_year, source=last_year)
    assert list(this_year.subjects.values_list("name", "is_team")) == list(
        last_year.subjects.values_list("name", "is_team")
    )
    assert list(this_year.criteria.values_list("name", flat=True)) == ["Overall"]
    with pytest.raises(ValidationError):
        evaluation_copy(evaluation=this_year, source=this_year)

    entitlements_set(evaluation=this_year, delegates=voters(1))
    evaluation_open(evaluation=this_year, opened_by=secretariat)
    with pytest.raises(ValidationError, match="only while it is a draft"):
        evaluation_copy(evaluation=this_year, source=last_year)
    with pytest.raises(ValidationError, match="only while it is a draft"):
        criteria_from_template(evaluation=this_year, template="five_aspects")
    assert Criterion.objects.filter(evaluation=this_year).count() == 1


def test_subjects_of_an_open_evaluation_cannot_be_deleted(open_evaluation, voters):
    from django.db.models import RestrictedError

    evaluation = open_evaluation(voters(1))
    with pytest.raises(RestrictedError):
        evaluation.subjects.first().delete()


def test_tellers_are_object_permissions(make_evaluation, secretariat):
    evaluation, other = make_evaluation(), make_evaluation()
    teller, helper = UserFactory(), UserFactory()
    tellers_set(evaluation=evaluation, users=[teller, helper])
    tellers_set(evaluation=evaluation, users=[teller])
    assert list(evaluation_tellers(evaluation)) == [teller]
    assert list(evaluations_tallied_by(teller)) == [evaluation]
    assert not evaluations_tallied_by(helper).exists()
    # Office staff hold the permission globally (every office permission), which counts for
    # nothing: only the object permission makes a teller.
    assert secretariat.has_perm("evaluations.tally_evaluation")
    assert not evaluations_tallied_by(secretariat).exists()
    assert other not in evaluations_tallied_by(teller)
    # Nor does the object permission through a group (none is ever granted so).
    group = Group.objects.create(name="计票组")
    helper.groups.add(group)
    assign_perm("evaluations.tally_evaluation", group, evaluation)
    assert not evaluations_tallied_by(helper).exists()
    assert list(evaluation_tellers(evaluation)) == [teller]
