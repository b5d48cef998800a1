"""The review's lines written by `BallotForm.summary_markup` are the markup of the template loop
they replace, to the character (decision 267), whatever the names hold, in both languages."""

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.utils import translation

from evaluations.forms import BallotForm
from evaluations.models import Criterion, Evaluation, Scale, Subject

# The loop review.html had, kept here as the reference.
REVIEW_LOOP = """{% for subject, lines in summary %}
  <section class="card">
    <h2>{{ subject.name }}{% if subject.post %} <span class="muted">· {{ subject.post }}</span>{% endif %}</h2>
    <dl class="facts">
      {% for criterion, label, name, value in lines %}
      <dt>{{ criterion.name }}</dt><dd>{{ label }}<input type="hidden" name="{{ name }}" value="{{ value }}"></dd>
      {% endfor %}
    </dl>
  </section>
  {% endfor %}"""  # noqa: E501


def _ballot(allow_dont_know):
    evaluation = Evaluation(pk=7, scale=Scale.values[0], allow_dont_know=allow_dont_know)
    subjects = [
        Subject(pk=1, evaluation=evaluation, name="领导班子", is_team=True),
        Subject(pk=2, evaluation=evaluation, name='<b>"Wang" & Li\'s</b>', post="主任 <i>&</i>"),
        Subject(pk=3, evaluation=evaluation, name="张三", post="副主任"),
    ]
    criteria = [
        Criterion(pk=11, evaluation=evaluation, name="德"),
        Criterion(pk=12, evaluation=evaluation, name="<script>能</script>"),
    ]
    return evaluation, subjects, criteria


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("allow_dont_know", [False, True])
def test_the_review_lines_are_the_loops_markup(language, allow_dont_know):
    evaluation, subjects, criteria = _ballot(allow_dont_know)
    offered = [*evaluation.ballot_ratings(), ""]
    chosen = {
        f"c-{s.pk}-{c.pk}": offered[n % len(offered)]
        for n, (s, c) in enumerate((s, c) for s in subjects for c in criteria)
    }
    data = QueryDict(mutable=True)
    data.update({**chosen, "action": "review"})
    del data[f"c-{subjects[2].pk}-{criteria[1].pk}"]  # a line not sent: blank
    with translation.override(language):
        form = BallotForm(data, evaluation=evaluation, subjects=subjects, criteria=criteria)
        assert form.is_valid()
        expected = Template(REVIEW_LOOP).render(Context({"summary": form.summary()}))
        written = form.summary_markup()
    assert written == expected
    assert "&lt;script&gt;" in written and "<script>" not in written
