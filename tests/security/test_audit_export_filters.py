"""An export's filters as the security audit trail shows them (decision 256): the list's own
words in the reader's language (the filter's title, the chosen value's label, the words
searched for), never the parameters of the address; for entries stored before with their
parameters only, too."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from congress_office.audit_wording import event_details
from congress_office.models import SecurityEvent
from congress_office.roles import Role
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db

Kind = SecurityEvent.Kind
# What an address's parameters look like: a lookup (status__exact) or name=value.
PARAMETER = re.compile(r"\w+__\w+|\b\w+=")


def _last(kind):
    return SecurityEvent.objects.filter(kind=kind).order_by("-pk").first()


def _filters_line(event, language):
    with translation.override(language):
        lines = [line for line in event_details(event) if line.startswith(("Filters", "筛选"))]
    assert len(lines) == 1, lines
    assert not PARAMETER.search(lines[0]), lines[0]
    return lines[0]


@pytest.fixture
def auditor(db):
    return UserFactory(username="auditor", role=Role.SECURITY_AUDITOR)


def test_a_roster_export_names_its_filters_in_each_language(
    client_for, secretariat, delegate, other_delegate, term
):
    from delegates.models import Delegate

    client = client_for(secretariat)
    query = f"?term__id__exact={term.pk}&status__exact=active&q=张&o=2"
    client.post(
        reverse("admin:delegates_delegate_changelist") + query,
        {"action": "export_csv", "_selected_action": [delegate.delegate_records.get().pk]},
    )
    event = _last(Kind.PERSONAL_DATA_EXPORTED)
    assert event.details["filters"] == {
        "term__id__exact": str(term.pk),
        "status__exact": "active",
        "q": "张",
    }  # the order is not a filter
    english = _filters_line(event, "en")
    # The term's filter is not shown in an office of one term: its field names it.
    assert english == f"Filters: Qualification: Active; Term: {term.name}; Searched for: 张"
    chinese = _filters_line(event, "zh-hans")
    with translation.override("zh-hans"):
        status = Delegate._meta.get_field("status").verbose_name
        active, term_title = Delegate.Status.ACTIVE.label, Delegate._meta.get_field("term")
        assert chinese == (
            f"筛选条件：{status}：{active}；{term_title.verbose_name}：{term.name}；查找：张"
        )


def test_the_statistics_export_names_the_term_session_and_grouping(client_for, secretariat, term):
    client = client_for(secretariat)
    response = client.get(
        reverse("admin:proposals_proposal_statistics") + f"?term={term.pk}&format=csv"
    )
    assert response.status_code == 200
    event = _last(Kind.PERSONAL_DATA_EXPORTED)
    assert event.details["filters"] == {"term": str(term.pk)}
    line = _filters_line(event, "en")
    assert line.startswith(f"Filters: Term: {term.name}; Filed at session: All items of the term")


def test_the_trails_own_export_names_event_dates_and_user(client_for, auditor):
    client = client_for(auditor)
    day = timezone.localdate()
    client.get(
        reverse("admin:congress_office_securityevent_export", args=["csv"])
        + f"?kind__exact=sign_in_failed&at__date__gte={day - datetime.timedelta(days=3)}"
        f"&at__date__lte={day}&username__exact=alice"
    )
    event = _last(Kind.TRAIL_EXPORTED)
    assert _filters_line(event, "en") == (
        f"Filters: Event: Sign-in refused; Dates: {day - datetime.timedelta(days=3)} to {day}; "
        "User name: alice"
    )
    assert _filters_line(event, "zh-hans").startswith("筛选条件：事件：登录被拒绝；")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_entry_stored_with_its_parameters_only_is_worded_on_the_auditors_page(
    client_for, auditor, language
):
    SecurityEvent.objects.create(
        kind=Kind.PERSONAL_DATA_EXPORTED,
        username="office",
        details={"what": "ledger", "format": "xlsx", "filters": {"status__exact": "accepted"}},
    )
    client = client_for(auditor)
    client.cookies["django_language"] = language
    page = client.get(reverse("admin:congress_office_securityevent_changelist")).content.decode()
    assert "status__exact" not in page
    assert {
        "en": "Filters: Status: Accepted, awaiting assignment",
        "zh-hans": "筛选条件：状态：已立案，待交办",
    }[language] in page


def test_parameters_no_list_takes_are_counted_not_shown(rf, secretariat):
    from congress_office.audit_trail import record_export

    request = rf.get("/export/", {"format": "csv", "no_such__filter": "x"})
    request.user = secretariat
    record_export(request, what="ledger", file_format="csv")
    event = _last(Kind.PERSONAL_DATA_EXPORTED)
    assert event.details["filters"] == {"no_such__filter": "x"}
    assert _filters_line(event, "en") == "Filters: 1 filter no longer known"
