"""The ballot's hot reads in plain SQL (evaluations/ballot_reads.py) answer what the ORM's
queries answer on the same data: the evaluation and the voter's standing in it, the subjects
and criteria in their order, and the voter's check when casting (entitled; qualification on
the day). And the ballot's lines are parsed as Django's ChoiceField parsed them."""

import datetime

import pytest
from django import forms
from django.db import connection
from django.db.models import Exists, OuterRef
from django.http import QueryDict
from django.utils import timezone

from delegates.selectors import delegates_with_status_on
from delegates.services import delegate_change_qualification
from evaluations.ballot_reads import ballot_with_standing, evaluation_with_standing, voter_standing
from evaluations.forms import BallotForm
from evaluations.models import Entitlement, Evaluation, Receipt
from evaluations.selectors import ballot_parts, voter_rows
from tests.core.factories import UserFactory, office_user
from tests.evaluations.factories import EvaluationFactory
from tests.evaluations.kit import ballots_cast, paper_handed_out

pytestmark = pytest.mark.django_db


def _orm_standing(user, pk):
    """The ORM's answer (what access.py ran before the plain SQL)."""
    from delegates.models import Delegate

    found = (
        Evaluation.objects.select_related("session")
        .filter(Exists(Delegate.objects.filter(user=user, term=OuterRef("session__term"))), pk=pk)
        .exclude(status=Evaluation.Status.DRAFT)
        .annotate(
            entitled=Exists(voter_rows(Entitlement, user)),
            voted=Exists(voter_rows(Receipt, user).filter(on_paper=False)),
            on_paper=Exists(voter_rows(Receipt, user).filter(on_paper=True)),
        )
        .first()
    )
    if found is None:
        return None
    return found, {key: getattr(found, key) for key in ("entitled", "voted", "on_paper")}


def _same(plain, orm):
    if orm is None:
        return plain is None
    (evaluation, status), (expected, expected_status) = plain, orm
    fields = [f.attname for f in Evaluation._meta.concrete_fields]
    session_fields = [f.attname for f in expected.session._meta.concrete_fields]
    return (
        status == expected_status
        and [getattr(evaluation, f) for f in fields] == [getattr(expected, f) for f in fields]
        and [getattr(evaluation.session, f) for f in session_fields]
        == [getattr(expected.session, f) for f in session_fields]
    )


def test_the_standing_is_the_orms_for_every_kind_of_voter(
    voters, open_evaluation, make_evaluation, closed_evaluation
):
    entitled, on_paper, voted, outsider = voters(4)
    evaluation = open_evaluation([entitled, on_paper, voted])
    ballots_cast(evaluation, [voted], "competent")
    paper_handed_out(evaluation, [on_paper])
    draft, closed = make_evaluation(), closed_evaluation([entitled])
    elsewhere = EvaluationFactory(status=Evaluation.Status.OPEN)  # another term's session
    stranger = UserFactory()  # no delegate record at all
    users = [d.user for d in (entitled, on_paper, voted, outsider)] + [stranger]
    seen = set()
    for user in users:
        for pk in (evaluation.pk, draft.pk, closed.pk, elsewhere.pk, 0):
            plain, orm = evaluation_with_standing(user.pk, pk), _orm_standing(user, pk)
            assert _same(plain, orm), (user, pk)
            with_parts = ballot_with_standing(user.pk, pk)  # the ballot page's read
            assert _same(with_parts and with_parts[:2], orm), (user, pk)
            if with_parts is not None:
                expected = ballot_parts(with_parts[0])
                assert [[p.pk for p in part] for part in with_parts[2]] == [
                    [p.pk for p in part] for part in expected
                ]
            seen.add(None if plain is None else tuple(plain[1].values()))
    # Every standing came up: none, entitled, took paper, voted.
    assert {None, (True, False, False), (True, False, True), (True, True, False)} <= seen
    assert (False, False, False) in seen  # the outsider: a delegate of the term, not entitled
    opened, _status = evaluation_with_standing(entitled.user.pk, evaluation.pk)
    assert timezone.is_aware(opened.opens_at) and opened.session.name == evaluation.session.name


@pytest.mark.parametrize("subjects", [1, 4])
def test_the_parts_are_the_orms_in_the_same_order(voters, open_evaluation, subjects):
    (voter,) = voters(1)
    evaluation = open_evaluation([voter], subjects=subjects, criteria=3)
    first = evaluation.subjects.order_by("pk").first()
    first.order, first.post = 99, "主任"  # the order field decides, not the id
    first.save()
    criterion = evaluation.criteria.order_by("pk").first()
    criterion.order = 50  # criteria too
    criterion.save()
    plain = ballot_with_standing(voter.user.pk, evaluation.pk)[2]
    orm = ballot_parts(evaluation)
    for read, expected in zip(plain, orm, strict=True):
        assert [(p.pk, p.name, p.order) for p in read] == [
            (p.pk, p.name, p.order) for p in expected
        ]
    assert [(s.post, s.is_team) for s in plain[0]] == [(s.post, s.is_team) for s in orm[0]]


def test_the_voters_check_is_the_orms(voters, open_evaluation):
    active, suspended, outsider = voters(3)
    evaluation = open_evaluation([active, suspended])
    delegate_change_qualification(
        delegate=suspended,
        kind="suspended",
        effective_date=timezone.localdate() - datetime.timedelta(days=1),
        reason="涉嫌违法",
        decision_reference="县人大常委会〔2026〕1号",
        recorded_by=office_user(),
    )
    term, today = evaluation.session.term_id, timezone.localdate()
    entitled = Entitlement.objects.filter(evaluation=evaluation, delegate=OuterRef("pk"))
    for day in (today, datetime.date(2021, 1, 1)):  # before anyone was elected: None
        orm = {
            pk: (pk, bool(flag), status)
            for pk, flag, status in delegates_with_status_on(term, day)
            .annotate(entitled=Exists(entitled))
            .values_list("pk", "entitled", "status_on_date")
        }
        for delegate in (active, suspended, outsider):
            assert voter_standing(evaluation.pk, term, day, pk=delegate.pk) == orm[delegate.pk]
            by_user = voter_standing(evaluation.pk, term, day, user=delegate.user)
            assert by_user == orm[delegate.pk]
    statuses = {voter_standing(evaluation.pk, term, today, pk=d.pk)[2] for d in (active, suspended)}
    assert statuses == {"active", "suspended"}
    assert voter_standing(evaluation.pk, term, today, user=UserFactory()) is None


def _django_line(choices, value):
    """What the Django ChoiceField the ballot used to be made of made of a line's value."""
    field = forms.ChoiceField(choices=choices, required=False)
    try:
        return field.clean(value), None
    except forms.ValidationError:
        return None, "invalid"


def test_the_ballots_lines_are_parsed_as_djangos_choice_field_did(make_evaluation):
    evaluation = make_evaluation(subjects=1, criteria=1, allow_dont_know=False)
    subjects, criteria = ballot_parts(evaluation)
    name = f"c-{subjects[0].pk}-{criteria[0].pk}"
    unbound = BallotForm(evaluation=evaluation, subjects=subjects, criteria=criteria)
    sent = [None, "", "excellent", "incompetent", "dont_know", " excellent", "Excellent", "x"]
    for value in sent:
        data = QueryDict(mutable=True)
        data.update({"action": "review"})
        if value is not None:
            data[name] = value
        ballot = BallotForm(data, evaluation=evaluation, subjects=subjects, criteria=criteria)
        expected, error = _django_line(unbound.choice_list, value)
        assert ballot.is_valid() == (error is None), value
        if error is None:
            assert ballot.choices() == {(subjects[0].pk, criteria[0].pk): expected}
        else:
            assert ballot.errors == {
                name: ["Choose one of the ratings offered, or leave it blank."]
            }
        ((_subject, ((_criterion, line),)),) = ballot.rows()
        assert line.value == (value or "") and bool(line.errors) == (error is not None)
    assert not unbound.is_valid() and unbound.errors == {}
    ((_subject, ((_criterion, line),)),) = unbound.rows()
    assert line.value == "" and line.errors == ()


def test_the_ballots_statements_find_the_voter_by_account_without_statistics(
    voters, open_evaluation, monkeypatch
):
    """On tables never analyzed, PostgreSQL's generic plans of the ballot's reads (the page's,
    casting's voter check) find the voter's delegate records by their account or id: before,
    they walked the term's whole roster (2,000 rows) for each of four subqueries."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plans")
    from evaluations import ballot_reads
    from tests.sessions.plan_kit import delegate_reads, generic_plans, reads_by_key

    (voter,) = voters(1)
    evaluation = open_evaluation([voter])
    term, today = evaluation.session.term_id, timezone.localdate()
    calls = [
        lambda: ballot_with_standing(voter.user_id, evaluation.pk),
        lambda: voter_standing(evaluation.pk, term, today, user=voter.user),
        lambda: voter_standing(evaluation.pk, term, today, pk=voter.pk),
    ]
    for call in calls:
        for plan in generic_plans(monkeypatch, ballot_reads, call):
            reads = delegate_reads(plan)
            assert reads and all(reads_by_key(read) for read in reads), reads
