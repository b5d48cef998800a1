"""The draft page's selects of units and categories written once for the rows read
(proposals/draft_choices.py, decision 326): the markup is Django's own rendering of the field's
choices (a unit or category with characters to escape, none chosen, one chosen, a posted value
that is no choice, in both languages), a unit renamed or added shows at once, the rows are read
by one query, and Django renders a select once for the same rows, value and language."""

import pytest
from django import forms
from django.utils import translation

from proposals import draft_choices
from proposals.draft_choices import NamedRowsSelect, rows_of
from proposals.forms import ProposalForm
from proposals.models import HandlingUnit, ProposalCategory
from proposals.services import proposal_draft_save

FIELDS = ("inquired_unit", "category")


@pytest.fixture(autouse=True)
def _nothing_kept():
    draft_choices._kept.clear()
    yield
    draft_choices._kept.clear()


@pytest.fixture
def choices(db, unit, other_unit):
    HandlingUnit.objects.create(name='县<教育>局 "A&B"')
    ProposalCategory.objects.create(name="教&<育>", order=2)
    ProposalCategory.objects.create(name="农业", order=1)
    ProposalCategory.objects.create(name="A 经济", order=2)


def _django_way(form, name: str) -> str:
    """The field as Django's own select writes it (the form renderer's options)."""
    field = form.fields[name]
    plain = forms.Select(attrs=dict(field.widget.attrs))
    plain.is_required = field.widget.is_required
    plain.choices = field.choices
    field.widget = plain
    return str(form[name])


def _both(make_form, name: str) -> tuple[str, str]:
    return str(make_form()[name]), _django_way(make_form(), name)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("name", FIELDS)
def test_the_same_markup_as_django_for_a_new_draft(choices, author, language, name):
    with translation.override(language):
        written, django = _both(lambda: ProposalForm(author=author), name)
    assert written == django
    assert "&lt;" in written and "<option" in written


@pytest.mark.parametrize("name", FIELDS)
def test_the_same_markup_with_a_row_chosen_and_with_a_posted_value(choices, author, name):
    draft = proposal_draft_save(
        author=author,
        kind="inquiry",
        title="题",
        situation="情况",
        recommendations="建议",
        inquired_unit=HandlingUnit.objects.get(name__startswith="县"),
        category=ProposalCategory.objects.get(name="教&<育>"),
    )
    written, django = _both(lambda: ProposalForm(instance=draft, author=author), name)
    assert written == django and " selected>" in written
    for posted in ("999999", "abc", str(HandlingUnit.objects.first().pk)):
        data = {name: posted, "title": "题"}
        written, django = _both(lambda data=data: ProposalForm(data, author=author), name)
        assert written == django


def test_a_unit_renamed_or_added_shows_at_once(choices, author, unit):
    str(ProposalForm(author=author)["inquired_unit"])
    unit.name = "改名的局"
    unit.save()
    HandlingUnit.objects.create(name="新设的局")
    written, django = _both(lambda: ProposalForm(author=author), "inquired_unit")
    assert written == django
    assert "改名的局" in written and "新设的局" in written


def test_rows_read_in_the_models_order(choices):
    assert rows_of(HandlingUnit) == tuple(HandlingUnit.objects.values_list("pk", "name"))
    assert [name for _pk, name in rows_of(ProposalCategory)] == ["农业", "A 经济", "教&<育>"]


def test_one_query_and_django_renders_once(choices, author, monkeypatch, django_assert_num_queries):
    rendered = []
    written = NamedRowsSelect._written

    def counted(self, *args):
        rendered.append(self.model)
        return written(self, *args)

    monkeypatch.setattr(NamedRowsSelect, "_written", counted)
    for language in ("en", "en", "zh-hans", "zh-hans"):
        form = ProposalForm(author=author)
        with translation.override(language), django_assert_num_queries(1):
            str(form["inquired_unit"])
    assert rendered == [HandlingUnit, HandlingUnit]  # once for each language
