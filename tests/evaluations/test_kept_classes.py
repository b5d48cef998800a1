"""The evaluation's admin form class and its subjects' and criteria's formset classes kept per
process (congress_office/kept_form_classes.py, decision 378): what a page offers for its own
evaluation (the entitled delegates while draft, the tellers' candidates and those chosen) is set
on each form's own fields, so a page opened with the classes kept for another evaluation, state
or an add page is the page Django's own classes write, in both languages."""

from functools import partial

import pytest
from django.contrib import admin
from django.test import RequestFactory

from congress_office import kept_form_classes
from evaluations.models import Evaluation
from evaluations.tellers import evaluation_tellers_read
from tests.core.kept_kit import djangos, nothing_kept_in
from tests.core.kept_kit import page as _page
from tests.evaluations.kit import S, evaluation_in, teller_of

pytestmark = pytest.mark.django_db

nothing_kept = nothing_kept_in(kept_form_classes._classes)
_djangos = partial(djangos, kept_form_classes)


@pytest.fixture
def urls(session, secretariat, voters, make_evaluation):
    people = voters(2)
    drafts = [make_evaluation(subjects=2, criteria=1), make_evaluation(subjects=1, criteria=2)]
    drafts[0].entitlements.create(delegate=people[0])
    closed = evaluation_in(
        S.CLOSED, session=session, entitled=people, office=secretariat, subjects=2, criteria=1
    )
    teller = teller_of(closed)
    teller_of(drafts[0])
    assert evaluation_tellers_read(closed) == [teller]
    pages = [f"/admin/evaluations/evaluation/{e.pk}/change/" for e in (*drafts, closed)]
    return ["/admin/evaluations/evaluation/add/", *pages]


def test_each_page_with_classes_kept_for_another_is_djangos(office, urls):
    add, draft, other_draft, closed = urls
    for urls_in_order in (urls, urls[::-1], [draft, closed, add, other_draft]):
        kept_form_classes._classes.clear()
        for language in ("zh-hans", "en"):
            for url in urls_in_order:
                assert _page(office, url, language) == _djangos(office, url, language)
    assert kept_form_classes._classes


def test_the_form_class_is_kept_and_its_fields_are_not_changed_by_a_page(
    rf: RequestFactory, secretariat, urls
):
    evaluations = admin.site._registry[Evaluation]
    request = rf.get("/")
    request.user = secretariat
    draft = Evaluation.objects.filter(status=Evaluation.Status.DRAFT).order_by("pk").first()
    form_class = evaluations.get_form(request, draft, change=True)
    assert evaluations.get_form(request, draft, change=True) is form_class
    declared = form_class.base_fields["tellers"].queryset
    form = form_class(instance=draft)
    assert form.fields["tellers"].queryset is not declared
    assert form_class.base_fields["tellers"].queryset is declared
    assert "entitled" in form.fields and "entitled" in form_class.base_fields
    added = evaluations.get_form(request, None, change=False)(initial={})
    assert "entitled" not in added.fields and added.fields["tellers"].initial is None
