"""A change list that reads only some columns of its rows (`list_reads`, decision 330) shows
each of its pages without reading a deferred column: every column shown, sorted by each,
on the small office; a deferred column would cost a query a row when a cell read it."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR
from django.contrib.auth import get_user_model
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext

from congress_office.templatetags.office_list import office_rows
from delegates.models import Activity, Delegation, Term
from proposals.admin import ProposalAdmin
from tests.core.small_office import office_built
from tests.sign_in import sign_in_as

DJANGOS = Template("{% load admin_list %}{% result_list cl %}")


def _admins_reading_some() -> list:
    return [ma for ma in admin.site._registry.values() if getattr(ma, "list_reads", None)]


def _queries_of_rows(client, url: str) -> tuple[int, int, set]:
    """(queries the rows' cells made, written by the office and by Django, on instances read
    afresh as the page read them; the rows; the columns left unread)."""
    response = client.get(url)
    cl = response.context["cl"]
    cl.result_list = list(cl.result_list._clone())
    read_for_the_page = getattr(cl.model_admin, "list_rows_read", None)  # decision 423
    if read_for_the_page is not None:
        read_for_the_page(response.wsgi_request, cl.result_list)
    deferred = set().union(*(row.get_deferred_fields() for row in cl.result_list))
    with CaptureQueriesContext(connection) as queries:
        office_rows(cl)
        DJANGOS.render(Context({"cl": cl, "opts": cl.opts}))
    return len(queries), len(cl.result_list), deferred


def _lists_read(client) -> dict:
    """{list's address: (queries its rows made, its rows, its unread columns)}."""
    read = {}
    for model_admin in _admins_reading_some():
        opts = model_admin.model._meta
        url = f"/admin/{opts.app_label}/{opts.model_name}/"
        for index in ["", *range(len(model_admin.list_display))]:
            address = f"{url}?{ORDER_VAR}={index}" if index != "" else url
            read[address] = _queries_of_rows(client, address)
    return read


def _activities():
    """A dozen activities (the small office has none), some with a delegation."""
    term = Term.objects.order_by("pk").first()
    delegation = Delegation.objects.filter(term=term).first()
    for day in range(1, 13):
        Activity.objects.create(
            term=term,
            kind=Activity.Kind.choices[day % len(Activity.Kind.choices)][0],
            date=datetime.date(2026, 11, day),
            place="镇政府",
            topic=f"调研{day}",
            outcome="长" * 2000,
            delegation=delegation if day % 2 else None,
        )


@pytest.fixture(scope="module")
def office_client(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), office_built():
        _activities()
        client = Client()
        sign_in_as(client, get_user_model().objects.get(username="office"))
        yield client


@pytest.mark.django_db
def test_the_lists_rows_read_no_column_they_left_unread(office_client):
    read = _lists_read(office_client)
    assert "/admin/proposals/proposal/" in read
    assert all(rows > 0 for _queries, rows, _deferred in read.values()), read
    assert read["/admin/proposals/proposal/"][1] == 50  # a full page
    # the long texts were left unread, and no cell read them (or any other)
    assert {"situation", "recommendations"} <= read["/admin/proposals/proposal/"][2]
    assert "outcome" in read["/admin/delegates/activity/"][2]
    assert {address: queries for address, (queries, _r, _d) in read.items() if queries} == {}


@pytest.mark.django_db
def test_a_column_shown_but_unread_costs_a_query_a_row(office_client, monkeypatch):
    # what the test above would see if a list's reads left out a column it shows
    reads = [name for name in ProposalAdmin.list_reads if name != "title"]
    monkeypatch.setattr(ProposalAdmin, "list_reads", tuple(reads))
    queries, rows, deferred = _queries_of_rows(office_client, "/admin/proposals/proposal/")
    assert "title" in deferred and queries >= rows > 10


@pytest.mark.django_db
def test_the_activities_list_reads_as_many_times_with_more_rows(office_client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as made:
            assert office_client.get("/admin/delegates/activity/").status_code == 200
        return len(made)

    fewer = queries()
    activity = Activity.objects.order_by("pk").first()
    Activity.objects.bulk_create(
        Activity(
            term=activity.term,
            kind=activity.kind,
            # in the month of the others: the dates' choices read as before (decision 424)
            date=datetime.date(2026, 11, day),
            place=activity.place,
            topic=f"走访{day}",
            delegation=activity.delegation,
        )
        for day in range(1, 31)
    )
    assert Activity.objects.count() > 40 and queries() == fewer
