"""The search condition written once per shape of word (decision 410): the statement Django's
own search writes, to the character and with the same parameters, for every word of the
searches' tests, in a filtered list, its count and a subquery; written once, then only the
words change; a field through a relation is searched by Django."""

import pytest
from django.contrib import admin
from django.db.models import Count

from congress_office import written_search
from congress_office.written_search import WrittenCondition, WrittenSearch
from proposals.admin import ProposalAdmin
from proposals.models import Proposal
from tests.proposals.test_admin_search import WORDS, items  # noqa: F401 - a fixture


def _djangos(model_admin, queryset, term):
    return super(WrittenSearch, model_admin).get_search_results(None, queryset, term)


def _statements(queryset) -> list:
    """The list's page, its count's and a subquery's statements, with their parameters."""
    subquery = Proposal.objects.filter(pk__in=queryset.values("pk")).order_by()
    counted = queryset.order_by()[:5].values("status").annotate(n=Count("pk"))
    return [q.query.sql_with_params() for q in (queryset, queryset[:7], subquery, counted)]


@pytest.mark.django_db
def test_the_statements_are_djangos_and_find_the_same_rows(items):  # noqa: F811
    office = ProposalAdmin(Proposal, admin.site)
    listed = Proposal.objects.filter(status__in=["draft", "assigned"]).select_related("author")
    written_search._written.clear()
    for word in [*WORDS, "a%_b\\c", "关于 道路 20 ab x"]:
        for _twice in range(2):  # written, then from what was written
            ours, duplicates = office.get_search_results(None, listed, word)
            djangos, django_duplicates = _djangos(office, listed, word)
            assert duplicates == django_duplicates is False
            assert _statements(ours) == _statements(djangos), word
            assert list(ours.values_list("pk", flat=True)) == list(
                djangos.values_list("pk", flat=True)
            )
    # one statement a shape (one caseless character, two, any other) in each context
    assert 3 <= len(written_search._written) <= 12
    assert all(written is not None for written in written_search._written.values())


@pytest.mark.django_db
def test_a_word_is_written_by_the_orm_once_a_shape(items, monkeypatch):  # noqa: F811
    office = ProposalAdmin(Proposal, admin.site)
    written_search._written.clear()
    made = []
    djangos_sql = WrittenCondition._django_sql

    def counted(self, compiler, word):
        made.append(word)
        return djangos_sql(self, compiler, word)

    monkeypatch.setattr(WrittenCondition, "_django_sql", counted)
    for word in ["关于", "道路", "20", "关于"]:
        found, _ = office.get_search_results(None, Proposal.objects.all(), word)
        list(found)
    assert made == ["77"]  # the stand-in of two characters without case, once
    for word in ["ab", "Road"]:
        found, _ = office.get_search_results(None, Proposal.objects.all(), word)
        list(found)
    assert made == ["77", "Zq7x"]


@pytest.mark.django_db
def test_fields_through_a_relation_are_searched_by_django(items):  # noqa: F811
    office = ProposalAdmin(Proposal, admin.site)
    office.search_fields = ["title__caseless_contains", "author__name__caseless_contains"]
    found, _ = office.get_search_results(None, Proposal.objects.all(), "王")
    assert not any(isinstance(c, WrittenCondition) for c in found.query.where.children)
    assert set(found) == set(_djangos(office, Proposal.objects.all(), "王")[0])
    office.search_fields = ["title__indexed_contains", "author__whose_name_contains"]
    found, _ = office.get_search_results(None, Proposal.objects.all(), "王")
    assert any(isinstance(c, WrittenCondition) for c in found.query.where.children)
    found, _ = office.get_search_results(None, Proposal.objects.all(), "   ")
    assert not found.query.where.children  # no words: nothing searched, as Django's
