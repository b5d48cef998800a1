"""The assignments' list filtered by unit, its page read through the indexes
(proposals/assignment_list.py, decision 321): every page holds the assignments Django's own
slice holds, in the same order; any other list is read as Django reads it."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from proposals.assignment_list import LIST_ORDER, UnitListPaginator, unit_page
from proposals.models import Assignment, Proposal
from tests.core.small_office import office_built

# As the admin's change list orders the assignments (the model's order, then "-pk").
ADMIN_ORDER = (*LIST_ORDER, "-pk")


@pytest.mark.django_db
def test_a_units_pages_as_django_reads_them():
    with office_built("0.02"):
        unit = Assignment.objects.values_list("unit", flat=True).order_by("unit").distinct().first()
        # items created at the same moment: their assignments go by round, role and id
        same = list(Proposal.objects.filter(assignments__unit=unit).values_list("pk", flat=True))
        Proposal.objects.filter(pk__in=same[:4]).update(created_at=Proposal.objects.get(
            pk=same[0]).created_at)  # fmt: skip
        rows = Assignment.objects.select_related("proposal", "unit").filter(unit=unit)
        rows = rows.order_by(*ADMIN_ORDER)
        for per_page in (3, 7, 50):
            django, ours = Paginator(rows, per_page), UnitListPaginator(rows, per_page)
            assert ours.count == django.count > 3
            for number in django.page_range:
                expected = [a.pk for a in django.page(number).object_list]
                assert [a.pk for a in ours.page(number).object_list] == expected
        with CaptureQueriesContext(connection) as queries:
            list(unit_page(rows[:7]))
        assert ("LATERAL" in queries.captured_queries[-1]["sql"]) == (
            connection.vendor == "postgresql"
        )


@pytest.mark.django_db
def test_any_other_list_is_read_as_django_reads_it():
    with office_built("0.005"):
        rows = Assignment.objects.order_by(*ADMIN_ORDER)
        unit = rows.first().unit_id
        for other in (
            rows[:10],
            rows.filter(role="lead")[:10],
            rows.filter(unit=unit, role="lead")[:10],
            rows.filter(unit=unit).order_by("deadline", "pk")[:10],
            rows.filter(proposal__title__contains="关于", unit=unit)[:10],
        ):
            assert unit_page(other) is other


def test_the_list_orders_as_the_model_does():
    assert tuple(Assignment._meta.ordering) == LIST_ORDER
    assert Proposal._meta.ordering == ["-created_at"]
