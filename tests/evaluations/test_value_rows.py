"""An evaluation's inlines that nobody may change are written from their rows' objects, without
a form for each (congress_office/value_rows.py, decision 359): the same page as Django's way,
to the character, and only where no permission of the reader's (change, add, delete) or
state of the evaluation lets a row be changed."""

import re
from unittest import mock

import pytest
from django.contrib import admin
from django.forms.models import BaseModelFormSet

from congress_office import value_rows
from congress_office.templatetags import office_form
from evaluations.admin import CriterionInline, SubjectInline
from evaluations.models import Evaluation
from tests.evaluations.kit import paper_round_entered

pytestmark = pytest.mark.django_db


def _page(client, url: str, from_values: bool) -> tuple[str, int]:
    """(the page without its tokens, how many of its rows' forms were built)."""
    built = []
    construct = BaseModelFormSet._construct_form

    def counted(formset, i, **kwargs):
        built.append(i)
        return construct(formset, i, **kwargs)

    with (
        mock.patch.object(value_rows, "FROM_VALUES", from_values),
        mock.patch.object(BaseModelFormSet, "_construct_form", counted),
    ):
        response = client.get(url)
    assert response.status_code == 200
    html = re.sub(r'(nonce|csrfmiddlewaretoken" value)="[^"]*"', "", response.content.decode())
    return html, len(built)


def _both_ways(client, url: str) -> tuple[str, str, int, int]:
    djangos, forms_djangos = _page(client, url, False)
    values, forms_values = _page(client, url, True)
    return djangos, values, forms_djangos, forms_values


@pytest.fixture
def closed(closed_evaluation, voters):
    evaluation = closed_evaluation(voters(2), subjects=4, criteria=3)
    return paper_round_entered(evaluation)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_closed_evaluations_rows_are_written_from_values(
    closed, client_for, secretariat, language
):
    client = client_for(secretariat)
    client.cookies["django_language"] = language
    url = f"/admin/evaluations/evaluation/{closed.pk}/change/"
    djangos, values, forms_djangos, forms_values = _both_ways(client, url)
    assert values == djangos
    # 4 subjects, 3 criteria, a paper round, 2 status changes: a form each Django's way.
    assert forms_djangos - forms_values == 10
    assert values.count('<tr class="form-row has_original"') == 10
    assert f'name="subjects-0-evaluation" value="{closed.pk}"' in values


def test_a_drafts_rows_are_forms(make_evaluation, client_for, secretariat):
    evaluation = make_evaluation(subjects=3, criteria=2)
    url = f"/admin/evaluations/evaluation/{evaluation.pk}/change/"
    djangos, values, forms_djangos, forms_values = _both_ways(client_for(secretariat), url)
    assert values == djangos
    assert forms_values == forms_djangos
    assert 'name="subjects-0-name"' in values


READ_ONLY = ("has_change_permission", "has_add_permission", "has_delete_permission")


def _answering(value):
    return lambda *args, **kwargs: value


@pytest.mark.parametrize("allowed", [None, *READ_ONLY])
def test_each_permission_keeps_a_drafts_rows_forms(
    make_evaluation, client_for, secretariat, allowed
):
    """A draft as a reader who may not change its subjects and criteria (every field shown
    read-only): their rows from values; any one of the three permissions back, forms again
    (the decision asks each)."""
    evaluation = make_evaluation(subjects=3, criteria=2)
    url = f"/admin/evaluations/evaluation/{evaluation.pk}/change/"
    permissions = {name: _answering(name == allowed) for name in READ_ONLY}
    with (
        mock.patch.multiple(
            SubjectInline, **permissions, get_readonly_fields=_answering(SubjectInline.fields)
        ),
        mock.patch.multiple(
            CriterionInline, **permissions, get_readonly_fields=_answering(CriterionInline.fields)
        ),
    ):
        djangos, values, forms_djangos, forms_values = _both_ways(client_for(secretariat), url)
    assert values == djangos
    if allowed is None:
        assert forms_djangos - forms_values == 5
    else:
        assert forms_values == forms_djangos


def test_a_posted_closed_evaluation_is_djangos(closed, client_for, secretariat):
    """A page posted is checked by Django's formsets, with their forms: the same answer."""
    client = client_for(secretariat)
    url = f"/admin/evaluations/evaluation/{closed.pk}/change/"
    answers = []
    for from_values in (False, True):
        with mock.patch.object(value_rows, "FROM_VALUES", from_values):
            response = client.post(url, {"_continue": "1"})
        html = re.sub(r'(nonce|csrfmiddlewaretoken" value)="[^"]*"', "", response.content.decode())
        answers.append((response.status_code, html))
    assert answers[0] == answers[1]


def test_a_name_looked_up_builds_no_forms(closed, rf, secretariat):
    request = rf.get("/")
    request.user = secretariat
    inline = SubjectInline(Evaluation, admin.site)
    formset = inline.get_formset(request, closed)(instance=closed)
    assert formset.rows_from_values
    with pytest.raises(TypeError):
        formset["management_form"]
    assert "forms" not in formset.__dict__


# What `_read_only_key` reads, each changed in turn (an inline nobody may change still), and
# what the formset class then shows of it: one made for another key would not.
CHANGED = {
    "get_extra": (2, lambda formset: formset.extra == 2),
    "get_min_num": (1, lambda formset: formset.min_num == 1),
    "get_max_num": (7, lambda formset: formset.max_num == 7),
    "get_exclude": (["id"], lambda formset: "id" in formset.form._meta.exclude),
    "get_readonly_fields": (
        ["order", "name", "post", "is_team", "evaluation"],
        lambda formset: "evaluation" in formset.form._meta.exclude,
    ),
    "get_fieldsets": (
        [(None, {"fields": ["order", "name"]})],
        lambda formset: formset.form._meta.fields == ["order", "name"],
    ),
}


@pytest.mark.parametrize("method", list(CHANGED))
def test_a_formset_class_kept_is_made_for_all_it_depends_on(closed, rf, secretariat, method):
    """The class is kept per process (decision 360): asked with any of its inputs changed,
    the formset made shows that input."""
    request = rf.get("/")
    request.user = secretariat
    inline = SubjectInline(Evaluation, admin.site)
    kept = inline.get_formset(request, closed)
    assert kept is SubjectInline(Evaluation, admin.site).get_formset(request, closed)
    value, shows = CHANGED[method]
    with mock.patch.object(SubjectInline, method, _answering(value)):
        formset = SubjectInline(Evaluation, admin.site).get_formset(request, closed)
    assert shows(formset)
    assert not shows(kept)


def test_a_formset_class_is_kept_only_where_nothing_may_change(closed, rf, secretariat):
    request = rf.get("/")
    request.user = secretariat
    inline = SubjectInline(Evaluation, admin.site)
    kept = inline.get_formset(request, closed)
    for permission in READ_ONLY:
        with mock.patch.object(SubjectInline, permission, _answering(True)):
            formset = SubjectInline(Evaluation, admin.site).get_formset(request, closed)
        assert formset is not kept
        assert not formset.rows_read_only


def test_the_rows_template_reads_the_values_rows_as_djangos(closed, client_for, secretariat):
    """`admin/edit_inline/tabular_rows.html` (the rows when `office_form` does not write
    them) reads the rows written from values as it reads Django's."""
    with mock.patch.object(office_form, "WRITTEN", False):
        djangos, values, _forms_djangos, _forms_values = _both_ways(
            client_for(secretariat), f"/admin/evaluations/evaluation/{closed.pk}/change/"
        )
    assert values == djangos
    assert values.count('<tr class="form-row has_original"') == 10
