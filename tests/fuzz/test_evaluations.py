"""Fuzzing the evaluations' forms: the secret ballot (review and submit), the tellers' paper
rounds, the admin's evaluation form with its subjects, criteria, tellers and entitled
delegates, the actions with intermediate forms, the rules, and the results pages."""

import datetime

import pytest
from django import forms
from django.utils import timezone
from hypothesis import example, given, settings
from hypothesis import strategies as st

from evaluations.forms import BallotForm, CloseForm, CopyForm, PaperRoundForm, TemplateForm
from evaluations.models import Evaluation, EvaluationRules, OnlineTallyShard, PaperCount, Receipt
from evaluations.tallies import online_counts

from .helpers import (
    Snapshot,
    admin_action,
    assert_unchanged,
    assert_valid_rows,
    checked,
    fuzz_admin_action,
    fuzz_admin_page,
    isolated,
    per_page,
    signed_in,
)
from .strategies import counts, form_data, number_text, text


def assert_evaluations_consistent():
    """What the services promise of the evaluations, whatever was posted: every ballot put one
    mark on each subject and criterion, valid paper rounds add up, void ones hold no counts,
    nobody was issued a ballot twice."""
    for evaluation in Evaluation.objects.all():
        last = evaluation.status_changes.order_by("-pk").first()
        assert (last.status_after if last else "draft") == evaluation.status
        subjects = list(evaluation.subjects.all())
        criteria = list(evaluation.criteria.all())
        ratings = evaluation.tally_ratings()
        receipts = evaluation.receipts.count()
        if evaluation.status == "draft":
            assert not receipts and not evaluation.tally_shards.exists()
            assert not evaluation.paper_rounds.exists()
            continue
        online = online_counts(evaluation)
        assert len(online) == len(subjects) * len(criteria) * len(ratings)
        issued = 0
        for paper_round in evaluation.paper_rounds.all():
            counts = PaperCount.objects.filter(round=paper_round)
            if paper_round.returned > paper_round.issued:
                assert not counts.exists()
                continue
            issued += paper_round.issued
            assert counts.count() == len(subjects) * len(criteria) * len(ratings)
            for subject in subjects:
                for criterion in criteria:
                    marks = counts.filter(subject=subject, criterion=criterion)
                    assert sum(marks.values_list("count", flat=True)) == paper_round.returned
        assert receipts + issued <= evaluation.entitlements.count()
        for subject in subjects:
            for criterion in criteria:
                marks = [online[(subject.pk, criterion.pk, rating)] for rating in ratings]
                assert sum(marks) == receipts


# --- The secret ballot --------------------------------------------------------------------


def _ballot_fields(evaluation) -> dict:
    """The ballot's lines as the form fields `form_data` draws values for: a choice of the
    ratings offered (or blank) each."""
    ballot = BallotForm(
        evaluation=evaluation,
        subjects=list(evaluation.subjects.all()),
        criteria=list(evaluation.criteria.all()),
    )
    return {
        name: forms.ChoiceField(choices=ballot.choice_list, required=False)
        for _subject, row in ballot.grid
        for _criterion, name in row
    }


@given(
    data=st.data(),
    action=st.one_of(st.sampled_from(["review", "submit", "change"]), text),
    who=st.sampled_from(["delegate_user", "other_user", "nobody"]),
    which=st.sampled_from(["open_evaluation", "draft_evaluation"]),
)
def test_ballot(office, data, action, who, which):
    evaluation = getattr(office, which)
    client = signed_in(getattr(office, who))
    with isolated():
        payload = data.draw(form_data(_ballot_fields(evaluation), fixed={"action": action}))
        before = Snapshot()
        tallies = online_counts(evaluation)
        shards = dict(OnlineTallyShard.objects.values_list("pk", "counts"))
        url = f"/evaluations/{evaluation.pk}/ballot/"
        checked(client.post(url, payload))
        changes = before.changes(Snapshot())
        if changes["created"]:
            # Cast: exactly one receipt, and one mark more on each subject and criterion.
            assert set(changes["created"]) == {"evaluations.Receipt"}
            assert action == "submit" and who != "nobody"
            added = sum(online_counts(evaluation).values()) - sum(tallies.values())
            pairs = evaluation.subjects.count() * evaluation.criteria.count()
            assert added == pairs
        else:
            assert dict(OnlineTallyShard.objects.values_list("pk", "counts")) == shards
        assert not changes["deleted"]
        checked(client.get(url))
        checked(client.get(f"/evaluations/{evaluation.pk}/voted/"))
        assert_evaluations_consistent()


@given(data=st.data())
def test_second_ballot_is_refused(office, data):
    client = signed_in(office.delegate_user)
    evaluation = office.open_evaluation
    with isolated():
        url = f"/evaluations/{evaluation.pk}/ballot/"
        for _ in range(2):
            payload = data.draw(form_data(_ballot_fields(evaluation), fixed={"action": "submit"}))
            checked(client.post(url, payload))
        assert Receipt.objects.filter(evaluation=evaluation).count() <= 1
        assert_evaluations_consistent()


# --- Paper rounds -------------------------------------------------------------------------


def _round_fields(evaluation):
    return PaperRoundForm(
        evaluation=evaluation,
        subjects=list(evaluation.subjects.all()),
        criteria=list(evaluation.criteria.all()),
    ).fields


@given(data=st.data(), which=st.sampled_from(["open_evaluation", "draft_evaluation"]))
def test_paper_round(office, data, which):
    evaluation = getattr(office, which)
    client = signed_in(office.teller)
    with isolated():
        payload = data.draw(form_data(_round_fields(evaluation)))
        before = Snapshot()
        response = checked(client.post(f"/evaluations/{evaluation.pk}/tally/", payload))
        created = before.created(Snapshot())
        if response.status_code == 302:
            assert set(created) <= {"evaluations.PaperRound", "evaluations.PaperCount"}
            assert len(created["evaluations.PaperRound"]) == 1
            assert_valid_rows(before)
        else:
            assert_unchanged(before)
        assert_evaluations_consistent()


@example(issued=2, returned=2**63, void=True, split=[0])  # found by fuzzing
@given(
    issued=st.one_of(counts, counts, number_text),
    returned=st.one_of(counts, counts, number_text),
    void=st.booleans(),
    split=st.lists(st.integers(min_value=0, max_value=3), min_size=1, max_size=6),
)
def test_paper_round_counts(office, issued, returned, void, split):
    """Counts that add up (or nearly) to the ballots returned, and any issued and returned."""
    evaluation = office.open_evaluation
    client = signed_in(office.teller)
    with isolated():
        fields = [name for name in _round_fields(evaluation) if name.startswith("n-")]
        payload = {"issued": str(issued), "returned": str(returned)}
        if void:
            payload["record_void"] = "on"
        for index, name in enumerate(fields):
            payload[name] = str(split[index % len(split)])
        before = Snapshot()
        response = checked(client.post(f"/evaluations/{evaluation.pk}/tally/", payload))
        if response.status_code != 302:
            assert_unchanged(before)
        assert_evaluations_consistent()


# --- The office ---------------------------------------------------------------------------

ADMIN_PAGES = [
    (Evaluation, None),
    (Evaluation, "draft_evaluation"),
    (Evaluation, "open_evaluation"),
    (EvaluationRules, "evaluation_rules"),
]


def _add_seeds(office) -> dict:
    """Right values for the add pages whose forms random values hardly ever pass."""
    soon = timezone.localtime() + datetime.timedelta(hours=1)
    return {
        Evaluation: {
            "session": str(office.session.pk),
            "title": "镇政府领导班子民主测评",
            "kind": "evaluation",
            "scale": "excellence",
            "opens_at": (soon.date().isoformat(), soon.strftime("%H:%M:%S")),
            "closes_at": ((soon + datetime.timedelta(days=1)).date().isoformat(), "12:00:00"),
        },
    }


@pytest.mark.parametrize(("model", "which"), ADMIN_PAGES)
@settings(max_examples=per_page())
@given(data=st.data())
def test_admin_pages(office, data, model, which):
    """Every add and change page of the app's admin."""
    with isolated():
        fuzz_admin_page(data, office, model, which, _add_seeds(office))
        assert_evaluations_consistent()


ACTION_FORMS = {
    "copy_form": CopyForm,
    "criteria_template": TemplateForm,
    "close_evaluations": CloseForm,
}


@given(
    data=st.data(),
    action=st.sampled_from(["open_evaluations", *ACTION_FORMS, "delete_selected", "nothing"]),
    apply=st.booleans(),
)
def test_office_actions(office, data, action, apply):
    client = signed_in(office.secretariat)
    with isolated():
        fuzz_admin_action(data, client, Evaluation, action, ACTION_FORMS, apply=apply, most=3)
        assert_evaluations_consistent()


@given(
    which=st.sampled_from(["open_evaluation", "draft_evaluation"]),
    page=st.sampled_from(["results", "results.csv", "results.xlsx", "results.exe", "tally"]),
    close=st.booleans(),
)
def test_results_pages(office, which, page, close):
    evaluation = getattr(office, which)
    client = signed_in(office.secretariat)
    with isolated():
        if close:
            admin_action(
                client,
                Evaluation,
                "close_evaluations",
                [str(evaluation.pk)],
                {"apply": "1", "confirm": "on"},
            )
        before = Snapshot()
        suffix = page if "." in page else f"{page}/"
        checked(client.get(f"/evaluations/{evaluation.pk}/{suffix}"))
        assert_unchanged(before)


def test_form_fields_are_known():
    """The fuzzed fields above are the forms' own (a rename would make the fuzzing blind)."""
    assert set(CopyForm.base_fields) == {"source"}
    assert set(TemplateForm.base_fields) == {"template"}
    assert isinstance(PaperRoundForm.base_fields["issued"], forms.IntegerField)
