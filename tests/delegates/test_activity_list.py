"""The activities' list (decisions 423, 424): its participants counted for the page's rows
alone, or with every row when sorted by that count; its date hierarchy's choices read from the
list's months, as Django's; its queries the same at two sizes."""

import datetime
import re

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags import admin_list
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from delegates.activity_counts import participants_counted, with_participant_count
from delegates.models import Activity
from delegates.templatetags.list_dates import list_dates
from tests.delegates.factories import ActivityFactory, DelegateFactory

pytestmark = pytest.mark.django_db

D = datetime.date
CELL = re.compile(r'<td class="field-participant_count">(\d+)</td>')


def _activities(term, size: int) -> list:
    made = []
    for n in range(size):
        activity = ActivityFactory(term=term, date=D(2021, 3, 5) + datetime.timedelta(days=n * 97))
        activity.participants.add(*(DelegateFactory(term=term) for _ in range(n % 4)))
        made.append(activity)
    return made


def _queries(client, url: str) -> tuple[int, str]:
    client.get(url)  # the process's statements written once before
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/delegates/activity/",
        "/admin/delegates/activity/?o=7",  # sorted by the participants: counted with the rows
        "/admin/delegates/activity/?kind__exact=inspection",
        "/admin/delegates/activity/?q=%E6%B4%BB%E5%8A%A8",
    ],
)
def test_the_list_reads_as_many_queries_at_two_sizes(client_for, secretariat, term, url):
    client = client_for(secretariat)
    _activities(term, 3)
    small, _page = _queries(client, url)
    _activities(term, 40)
    large, page = _queries(client, url)
    assert small == large
    assert len(CELL.findall(page)) == 43


def test_the_list_reads_fewer_queries_than_django_did(client_for, secretariat, term):
    """Main's 12 (with two-factor): its two counts, its page with the participants' subquery,
    the dates' first and last and their years; now one count, the page, the page's
    participants counted, the list's months."""
    _activities(term, 5)
    count, _page = _queries(client_for(secretariat), "/admin/delegates/activity/")
    assert count == 11


def test_each_rows_participants_as_the_annotation_counts_them(client_for, secretariat, term):
    activities = _activities(term, 9)
    client = client_for(secretariat)
    annotated = with_participant_count(Activity.objects.order_by("-date", "pk"))
    expected = [activity.participant_count for activity in annotated]
    assert sorted(expected) != expected  # not merely sorted: the cells' order is the list's
    assert [
        int(n) for n in CELL.findall(client.get("/admin/delegates/activity/").content.decode())
    ] == expected
    by_count = client.get("/admin/delegates/activity/?o=-7.1").content.decode()
    assert [int(n) for n in CELL.findall(by_count)] == sorted(expected, reverse=True)
    keys = [activity.pk for activity in activities]
    assert participants_counted(keys) == {
        activity.pk: activity.participant_count
        for activity in annotated
        if activity.participant_count
    }
    assert participants_counted([]) == {}


def _changelist(secretariat, query: str = ""):
    request = RequestFactory().get(f"/admin/delegates/activity/{query}")
    request.user = secretariat
    return admin.site._registry[Activity].get_changelist_instance(request)


@pytest.mark.parametrize(
    "dates, query, most",
    [
        ([], "", 0),  # empty: nothing to read
        ([D(2019, 1, 2), D(2021, 5, 6), D(2021, 7, 1)], "", 1),  # years
        ([D(2021, 1, 2), D(2021, 5, 6), D(2021, 5, 9)], "", 1),  # one year's months
        ([D(2021, 5, 2), D(2021, 5, 6), D(2021, 5, 6)], "", 2),  # one month's days
        ([D(2019, 1, 2), D(2021, 5, 6)], "?date__year=2021", 1),  # a year chosen: Django's
        ([D(2019, 1, 2), D(2021, 5, 6)], "?date__year=2021&date__month=5", 1),
        ([D(2019, 1, 2), D(2021, 5, 6)], "?kind__exact=other", 0),  # filtered to nothing
    ],
)
def test_the_date_choices_are_djangos(secretariat, term, dates, query, most):
    for day in dates:
        ActivityFactory(term=term, date=day)
    cl = _changelist(secretariat, query)
    with CaptureQueriesContext(connection) as queries:
        ours = list_dates(cl)
    assert len(queries) <= most
    assert ours == admin_list.date_hierarchy(cl)
