"""What the evaluation's ballot keeps per process (decision 338): the subjects and criteria as
read, the ballot's lines, and the tally's cells' places. Kept under everything they are made
of, so a renamed part is shown renamed; the places give the vector `tally_layout` gives."""

import pytest

from evaluations.ballot_reads import BallotSubject, _parts, ballot_with_standing
from evaluations.forms import BallotForm
from evaluations.selectors import ballot_parts
from evaluations.tallies import tally_layout, tally_places

pytestmark = pytest.mark.django_db


def test_a_renamed_subject_is_read_renamed_and_the_same_parts_are_kept(voters, open_evaluation):
    (voter,) = voters(1)
    evaluation = open_evaluation([voter], subjects=2, criteria=2)
    first = ballot_with_standing(voter.user.pk, evaluation.pk)[2]
    assert any(made is first for made in _parts.values())  # kept, not made again
    assert ballot_with_standing(voter.user.pk, evaluation.pk)[2] == first
    assert all(type(s) is BallotSubject for s in first[0])
    subject = evaluation.subjects.order_by("order", "pk").first()
    subject.name, subject.post = "新名字", "<b>主任</b>"
    subject.save()
    again = ballot_with_standing(voter.user.pk, evaluation.pk)[2]
    assert (again[0][0].name, again[0][0].post) == ("新名字", "<b>主任</b>")
    form = BallotForm(evaluation=evaluation, subjects=again[0], criteria=again[1])
    assert form.grid[0][0].name == "新名字"
    assert "新名字" in form.unbound_markup() and "&lt;b&gt;主任" in form.unbound_markup()


def test_the_lines_are_the_same_from_model_instances_and_kept_parts(voters, open_evaluation):
    (voter,) = voters(1)
    evaluation = open_evaluation([voter], subjects=3, criteria=2)
    kept = ballot_with_standing(voter.user.pk, evaluation.pk)[2]
    orm = ballot_parts(evaluation)  # model instances: equal by id alone, so never a key
    names = [
        [name for _c, name in row]
        for _s, row in BallotForm(evaluation=evaluation, subjects=orm[0], criteria=orm[1]).grid
    ]
    form = BallotForm(evaluation=evaluation, subjects=kept[0], criteria=kept[1])
    assert [[name for _c, name in row] for _s, row in form.grid] == names


@pytest.mark.parametrize("dont_know", [False, True])
def test_the_places_are_the_layouts_order(voters, open_evaluation, dont_know):
    (voter,) = voters(1)
    evaluation = open_evaluation([voter], subjects=3, criteria=4, allow_dont_know=dont_know)
    subjects = [s.pk for s in evaluation.subjects.all()]
    criteria = [c.pk for c in evaluation.criteria.all()]
    layout = tally_layout(evaluation, subjects, criteria)
    assert tally_places(evaluation, subjects, criteria) == {c: n for n, c in enumerate(layout)}
