"""The delegates' lists' filters by delegation and committee member read their rows by a
statement written once (delegates/admin/filters.py, decision 355): the rows Django reads, in its
order, up to the limit asked, and rows written since; a read with a condition is left to Django."""

import datetime

import pytest
from django.test import Client

from delegates.admin.filters import KeptFindFilter, KeptRowsFilter, kept_rows
from delegates.models import CommitteeMember, Contact, Delegation
from tests.delegates.factories import DelegateFactory, DelegationFactory, TermFactory
from tests.sign_in import sign_in_as

pytestmark = pytest.mark.django_db


def _pks(rows) -> list:
    return [row.pk for row in rows]


def _terms_with_delegations():
    # two terms, the later one's delegations first (the model's order: by term, then name)
    older = TermFactory(start_date=datetime.date(2017, 1, 1), end_date=datetime.date(2021, 12, 31))
    newer = TermFactory(start_date=datetime.date(2022, 1, 1))
    for term in (older, newer):
        for name in ("乙团", "甲团", "丙团"):
            DelegationFactory(term=term, name=name)
    return older, newer


def test_the_rows_as_django_reads_them_and_rows_written_since():
    older, _newer = _terms_with_delegations()
    rows = Delegation.objects.all()
    assert _pks(kept_rows(rows)) == _pks(rows)
    assert _pks(kept_rows(rows, 4)) == _pks(rows[:4])
    assert _pks(kept_rows(rows, 2)) == _pks(rows[:2])  # the limit is part of the key
    added = DelegationFactory(term=older, name="丁团")
    assert added.pk in _pks(kept_rows(rows))
    assert _pks(kept_rows(rows.order_by("-name", "pk"))) == _pks(rows.order_by("-name", "pk"))
    assert kept_rows(rows.filter(term=older)) is None  # a condition: read as Django does


def test_the_lists_filters_list_djangos_rows(secretariat):
    older, newer = _terms_with_delegations()
    delegate = DelegateFactory(term=newer, delegation=Delegation.objects.filter(term=newer)[0])
    for term in (older, newer):
        for name in ("乙", "甲"):
            CommitteeMember.objects.create(term=term, name=f"委员{name}", post="副主任")
    Contact.objects.create(
        member=CommitteeMember.objects.filter(term=newer).first(),
        delegate=delegate,
        date=datetime.date(2026, 3, 1),
        way=Contact.Way.PHONE,
        recorded_by=secretariat,
    )
    client = Client()
    sign_in_as(client, secretariat)
    for url, kind, field in [
        ("/admin/delegates/delegate/", KeptFindFilter, Delegation),
        ("/admin/delegates/activity/", KeptFindFilter, Delegation),
        ("/admin/delegates/contact/", KeptRowsFilter, CommitteeMember),
    ]:
        for facets in ("", "?_facets=True"):
            cl = client.get(url + facets).context["cl"]
            (spec,) = [spec for spec in cl.filter_specs if isinstance(spec, kind)]
            expected = [(row.pk, str(row)) for row in field.objects.all()]
            assert list(spec.lookup_choices) == expected[: len(spec.lookup_choices)], url
            assert len(spec.lookup_choices) == min(len(expected), 10)
