"""The auditor's list at any length of the trail (decision 257): its count stops at a cap and
then says "more than", its filters and search cost the same queries at two sizes, and a
range of dates is a range of times the index answers."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congress_office import admin_audit
from congress_office.models import SecurityEvent
from congress_office.roles import Role
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db

Kind = SecurityEvent.Kind
LIST = "admin:congress_office_securityevent_changelist"


@pytest.fixture
def auditor(db):
    return UserFactory(username="auditor", role=Role.SECURITY_AUDITOR)


def _entries(count, **fields):
    SecurityEvent.objects.bulk_create(
        SecurityEvent(
            kind=fields.get("kind", Kind.SIGN_IN),
            username=f"user{n % 7}",
            address=f"10.0.0.{n % 5}",
            target="代表名册",
            at=fields.get("at", timezone.now() - datetime.timedelta(minutes=n)),
        )
        for n in range(count)
    )


def test_beyond_the_cap_the_list_says_more_than_and_pages_the_first(
    client_for, auditor, monkeypatch
):
    monkeypatch.setattr(admin_audit, "COUNT_CAP", 60)
    _entries(75)
    client = client_for(auditor)
    page = client.get(reverse(LIST))
    assert page.context["cl"].result_count == 60 and page.context["cl"].paginator.more
    text = page.content.decode()
    assert "More than 60 entries: narrow them by dates, user or event" in text
    assert len(page.context["cl"].result_list) == 50
    assert client.get(reverse(LIST) + "?p=2").status_code == 200
    narrowed = client.get(reverse(LIST) + "?username__exact=user3")
    assert narrowed.context["cl"].result_count == 11 and not narrowed.context["cl"].paginator.more
    assert "More than" not in narrowed.content.decode()
    searched = client.get(reverse(LIST) + "?q=user3").content.decode()
    assert "More than" not in searched and "11 results" in searched


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?kind__exact=sign_in",
        "?username__exact=user3",
        "?address__exact=10.0.0.2",
        "?q=10.0.0.2",
        "?q=名册",
        "?at__date__gte=2026-01-01",
    ],
)
def test_each_filter_and_search_costs_the_same_queries_at_two_sizes(client_for, auditor, query):
    client = client_for(auditor)
    url = reverse(LIST) + query
    counts = []
    for size in (5, 120):
        _entries(size)
        client.get(url)  # the content types and the session, once
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == 7  # as the plain list: the count and the page, no more


def test_a_range_of_dates_is_whole_days_of_the_offices_time_zone(client_for, auditor, settings):
    # 23:30 on 3 December in Beijing is 15:30 UTC: the 3rd's, not the 4th's.
    local = timezone.get_default_timezone()
    late = datetime.datetime(2026, 12, 3, 23, 30, tzinfo=local)
    early = datetime.datetime(2026, 12, 4, 0, 0, tzinfo=local)
    SecurityEvent.objects.create(kind=Kind.SIGN_IN, username="late", at=late)
    SecurityEvent.objects.create(kind=Kind.SIGN_IN, username="early", at=early)
    client = client_for(auditor)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse(LIST) + "?at__date__gte=2026-12-03&at__date__lte=2026-12-03")
    assert [e.username for e in page.context["cl"].result_list] == ["late"]
    listed = next(q["sql"] for q in queries if "LIMIT 50" in q["sql"] or "LIMIT 21" in q["sql"])
    assert "::date" not in listed and "django_datetime_cast_date" not in listed
    page = client.get(reverse(LIST) + "?at__date__gte=2026-12-04&at__date__lte=2026-12-05")
    assert [e.username for e in page.context["cl"].result_list] == ["early"]
    assert client.get(reverse(LIST) + "?at__date__gte=not-a-day").status_code == 302


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_the_search_is_answered_by_the_trigram_index(rf, auditor):
    """The index of migration 0007 is of the very expression the search compares: the planner
    uses it (made to prefer indexes, the table being small here)."""
    from django.contrib.admin import site

    _entries(30)
    request = rf.get("/", {"q": "10.0.0.2"})
    request.user = auditor
    queryset = site._registry[SecurityEvent].get_changelist_instance(request).queryset
    # The rows that match, without the list's order (which a walk of the time's index may
    # answer on a table this small): which index finds them.
    sql, params = queryset.order_by().values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "securityevent_text_trigrams" in plan, plan
    assert queryset.count() == 6


def test_an_entry_no_request_made_says_the_system_made_it(client_for, auditor):
    """An entry with neither an account nor an address was written by a command or a
    scheduled task, and says so, in the list and on its page; a request without an account
    (a sign-in with no name) keeps the empty mark, its address shown."""
    by_code = SecurityEvent.objects.create(kind=Kind.RULES_CHANGED, target="提案规则")
    SecurityEvent.objects.create(kind=Kind.SIGN_IN_FAILED, address="10.0.9.9")
    client = client_for(auditor)
    listed = client.get(reverse(LIST), headers={"accept-language": "zh-hans"}).content.decode()
    # The accounts the test made were made by code too (no request): each says so.
    by_system = sum(
        not address
        for address in SecurityEvent.objects.filter(username="").values_list("address", flat=True)
    )
    assert by_system == SecurityEvent.objects.filter(username="").count() - 1
    assert listed.count(">系统</span>") == by_system and "10.0.9.9" in listed
    entry = reverse("admin:congress_office_securityevent_change", args=[by_code.pk])
    shown = client.get(entry, headers={"accept-language": "en"}).content.decode()
    assert ">System</span>" in shown
