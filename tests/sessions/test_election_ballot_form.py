"""The election's ballot is a plain class, no longer a Django form (decision 247): it must
accept, refuse, show and hand on exactly what the Django form of 38 ChoiceFields did, in both
languages. The Django form is kept here as the reference, with the lines' markup the page
rendered from it."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from congress_office.forms import show_refusal
from sessions.election_forms import ElectionBallotForm, add_mark_fields, mark_field_name
from sessions.models import Mark

pytestmark = pytest.mark.django_db


class DjangoBallotForm(forms.Form):
    """The ballot as it was: a ChoiceField per candidate, "at most N for" in `clean`."""

    def __init__(self, *args, candidates, seats, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates, self.seats = candidates, seats
        add_mark_fields(self, candidates)

    def clean(self):
        data = super().clean()
        given = sum(1 for c in self.candidates if data.get(mark_field_name(c)) == Mark.FOR)
        if given > self.seats:
            raise forms.ValidationError(
                _(
                    "You marked %(given)s candidates ○ (for): vote for at most %(seats)s. "
                    "Change some marks."
                )
                % {"given": given, "seats": self.seats}
            )
        return data


PAGE = (
    "{% for error in form.non_field_errors %}<div>{{ error }}</div>{% endfor %}"
    "{% for candidate, field in form.rows %}<legend>{{ candidate.name }}</legend>"
    "{% with name=field.html_name chosen=CHOSEN %}{% for value, label in CHOICES %}"
    '<label><input type="radio" name="{{ name }}" value="{{ value }}"'
    "{% if value == chosen %} checked{% endif %}> {{ label }}</label>{% endfor %}{% endwith %}"
    "{% for error in field.errors %}<div>{{ error }}</div>{% endfor %}{% endfor %}"
)


def _page(form, *, django: bool) -> str:
    if django:  # what the page's lines template read of the Django form's bound fields
        form.rows = lambda: [(c, form[mark_field_name(c)]) for c in form.candidates]
        chosen, choices = 'field.value|default:""', "field.field.choices"
    else:
        chosen, choices = "field.value", "field.choices"
    template = PAGE.replace("CHOSEN", chosen).replace("CHOICES", choices)
    return Template(template).render(Context({"form": form}))


class Candidate:
    def __init__(self, pk, name):
        self.pk, self.name = pk, name


CANDIDATES = [Candidate(7, "张<三>"), Candidate(9, "李四"), Candidate(12, "王五")]
SENT = [
    {},
    {"m-7": "for"},
    {"m-7": "for", "m-9": "against", "m-12": ""},
    {"m-7": "for", "m-9": "for"},
    {"m-7": "for", "m-9": "for", "m-12": "for"},  # over the seats
    {"m-7": "For", "m-9": " for", "m-12": "abstain"},  # none offered
    {"m-7": "for", "m-9": "for", "m-12": "x"},  # over the seats and one refused
    {"m-7": "against", "m-9": "against", "m-12": "against", "m-99": "for"},
]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("sent", SENT)
def test_the_ballot_takes_refuses_and_shows_what_the_django_form_did(sent, language):
    data = QueryDict(mutable=True)
    data.update({"action": "review", **sent})
    with translation.override(language):
        ours = ElectionBallotForm(data, candidates=CANDIDATES, seats=2)
        django = DjangoBallotForm(data, candidates=CANDIDATES, seats=2)
        assert ours.is_valid() == django.is_valid()
        assert ours.errors == {k: list(v) for k, v in django.errors.items()}
        assert _page(ours, django=False) == _page(django, django=True)
        if language == "zh-hans" and "m-12" in ours.errors:
            assert ours.errors["m-12"] != ["Choose ○, × or blank."]  # said in Chinese
        if django.is_valid():
            assert ours.marks() == {
                c.pk: django.cleaned_data[mark_field_name(c)]
                for c in CANDIDATES
                if django.cleaned_data[mark_field_name(c)]
            }
            assert [(c.pk, *rest) for c, *rest in ours.summary()] == [
                (
                    c.pk,
                    str(dict(django.fields[mark_field_name(c)].choices)[value]),
                    mark_field_name(c),
                    value,
                )
                for c in CANDIDATES
                for value in [django.cleaned_data[mark_field_name(c)] or ""]
            ]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_unbound_ballot_is_the_django_forms(language):
    with translation.override(language):
        ours = ElectionBallotForm(candidates=CANDIDATES, seats=2)
        django = DjangoBallotForm(candidates=CANDIDATES, seats=2)
        assert not ours.is_valid() and ours.errors == {}
        assert _page(ours, django=False) == _page(django, django=True)
        again = ElectionBallotForm(candidates=CANDIDATES, seats=2)
        assert ours.markup_made_of() == again.markup_made_of()
        assert ("> 弃权</label>" in _page(ours, django=False)) == (language == "zh-hans")


def test_the_unbound_lines_are_kept_per_process_for_what_they_are_made_of(monkeypatch):
    """The unbound ballot's lines are the template's, made once for the candidates and the
    reader's language and kept (decision 312); another language or list is made apart; a
    bound ballot, which holds someone's marks, is never kept."""
    from sessions import election_forms

    monkeypatch.setattr(election_forms, "_unbound_markup", {})
    written = {}
    for language in ("en", "zh-hans", "en"):
        with translation.override(language):
            form = ElectionBallotForm(candidates=CANDIDATES, seats=2)
            expected = render_to_string("sessions/_election_ballot_lines.html", {"form": form})
            assert form.unbound_markup() == expected
            written.setdefault(language, expected)
            assert expected == written[language]
    assert written["en"] != written["zh-hans"] and len(election_forms._unbound_markup) == 2
    renamed = [Candidate(7, "张三"), *CANDIDATES[1:]]
    with translation.override("en"):
        other = ElectionBallotForm(candidates=renamed, seats=2).unbound_markup()
    assert other != written["en"] and "<legend>张三</legend>" in other
    assert len(election_forms._unbound_markup) == 3
    data = QueryDict(mutable=True)
    data.update({"m-7": "for"})
    with pytest.raises(ValueError):
        ElectionBallotForm(data, candidates=CANDIDATES, seats=2).unbound_markup()


def test_a_services_refusal_lands_where_it_did_on_the_django_form():
    data = QueryDict(mutable=True)
    data.update({"m-7": "for", "action": "submit"})
    ours = ElectionBallotForm(data, candidates=CANDIDATES, seats=2)
    django = DjangoBallotForm(data, candidates=CANDIDATES, seats=2)
    assert ours.is_valid() and django.is_valid()
    for form in (ours, django):
        show_refusal(form, ValidationError("Voting in this round is closed."))
        show_refusal(form, ValidationError({"m-9": "Not this one.", "elsewhere": "Nor this."}))
    assert ours.errors == {k: list(v) for k, v in django.errors.items()}
    assert _page(ours, django=False) == _page(django, django=True)
    assert not ours.is_valid()
