"""congress_office.written_together and `plain_admin_reads.read_together`: a page's inlines'
rows read by one statement are what Django's formsets read, each formset its own rows in its
own order with the relations read with them (decision 597); statements that cannot be joined
are read one by one; the instances `written_once` makes without `Model.__init__` are the
ORM's, and made by the ORM for a model with an init signal's receiver (decision 595)."""

from unittest import mock

import pytest
from django.contrib import admin
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from congress_office import plain_admin_reads, written_together
from congress_office.plain_admin_reads import read_together
from congress_office.written_once import instances
from proposals.models import Assignment, Proposal, ProposalEvent
from tests.core.small_office import office_built
from tests.core.test_plain_admin_reads import (
    _plain_admins,
    _plain_inlines,
    _request,
    _same,
)

pytestmark = pytest.mark.django_db


def _formsets(request, model_admin, obj):
    made = []
    for formset_class, inline in _plain_inlines(request, model_admin, obj):
        source = inline.get_queryset(request)
        made.append(formset_class(instance=obj, queryset=source, prefix=f"x{len(made)}"))
    return made


def test_every_pages_inlines_read_together_are_what_django_reads():
    with office_built():
        request = _request()
        rows_compared = joined = 0
        for model_admin in _plain_admins():
            model = model_admin.model
            for pk in model.objects.order_by("pk").values_list("pk", flat=True)[:25]:
                obj = model_admin.get_object(request, str(pk))
                formsets = _formsets(request, model_admin, obj)
                plain = [f for f in formsets if f._query_now() is not NotImplemented]
                with CaptureQueriesContext(connection) as queries:
                    read_together(formsets)
                    read = [list(formset.get_queryset()) for formset in plain]
                if len(plain) > 1:
                    assert len(queries) == 1  # one statement for all of them
                    joined += 1
                for formset, rows in zip(plain, read, strict=True):
                    assert formset.get_queryset()._prefetch_done
                    by_django = type(formset)(
                        instance=obj, queryset=formset._plain_source, prefix="y"
                    )
                    with mock.patch.object(plain_admin_reads, "ROWS_READ", False):
                        expected = list(by_django.get_queryset())
                    assert len(rows) == len(expected)
                    source = formset._plain_source
                    chosen = [n for n in source.query.select_related or () if n != formset.fk.name]
                    for row, want in zip(rows, expected, strict=True):
                        _same(row, want, chosen)
                        assert getattr(row, formset.fk.name) is obj
                        rows_compared += 1
        assert joined > 10 and rows_compared > 100


def _values(read: list[list]) -> list[list[dict]]:
    return [
        [{k: v for k, v in row.__dict__.items() if k != "_state"} for row in rows] for rows in read
    ]


def _reads(item):
    return [
        ("test events", lambda pk: ProposalEvent.objects.filter(proposal_id=pk)),
        ("test assignments", lambda pk: Assignment.objects.filter(proposal_id=pk)),
    ]


def test_statements_that_cannot_be_joined_are_read_one_by_one():
    with office_built():
        item = Proposal.objects.filter(assignments__isnull=False).first()
        expected = [instances(key, build, item.pk) for key, build in _reads(item)]
        unmatched = mock.Mock(fullmatch=lambda sql: None)
        with mock.patch.object(written_together, "_STATEMENT", unmatched):
            written_together._joined.clear()
            with CaptureQueriesContext(connection) as queries:
                read = written_together.instances_together(_reads(item), item.pk)
        assert len(queries) == 2
        written_together._joined.clear()
        with CaptureQueriesContext(connection) as queries:
            together = written_together.instances_together(_reads(item), item.pk)
        assert len(queries) == 1
        for got in (read, together):
            assert _values(got) == _values(expected)
        assert all(expected)  # rows on both sides


def test_with_a_receiver_of_post_init_the_instances_are_made_by_the_orm():
    with office_built():
        item = Proposal.objects.filter(events__isnull=False).first()
        made = []

        def receiver(sender, instance, **kwargs):
            made.append(instance)

        post_init.connect(receiver, sender=ProposalEvent)
        try:
            events = instances("test events made", _reads(item)[0][1], item.pk)
        finally:
            post_init.disconnect(receiver, sender=ProposalEvent)
        assert events and made == events
        without = instances("test events made", _reads(item)[0][1], item.pk)
        assert _values([without]) == _values([events])
        assert len(made) == len(events)  # no receiver: none sent


def test_an_inlines_filter_deferred_holds_for_whatever_reads_its_query():
    """The formset's filter by the object, deferred while its rows are read by the statement
    written once (decision 600), is applied when anything reads its queryset otherwise."""
    with office_built():
        request = _request()
        model_admin = admin.site._registry[Proposal]
        item = Proposal.objects.filter(assignments__isnull=False, events__isnull=False).first()
        deferred = 0
        for formset in _formsets(request, model_admin, item):
            deferred += formset.queryset._deferred_filter is not None
            rows = [row.pk for row in formset.get_queryset()]
            queryset = formset.get_queryset()
            expected = list(
                formset._plain_source.filter(**{formset.fk.name: item}).values_list("pk", flat=True)
            )
            assert rows == expected
            assert list(queryset.values_list("pk", flat=True)) == expected
            assert list(queryset.filter(pk__gt=0).values_list("pk", flat=True)) == expected
        assert deferred >= 2
