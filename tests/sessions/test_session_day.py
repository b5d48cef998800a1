"""Issue 12, 1.14 and §2 (session day): the live page states expected, present and the quorum
for the chair and refreshes its figures by script, with a pause; no check-in code once the
session is closed; check-in goes back to the row marked and takes a whole delegation at once."""

import pytest
from django.utils import translation

from sessions.models import Attendance
from sessions.services import check_in_token
from tests.delegates.factories import DelegationFactory
from tests.sessions.kit import S, session_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def east(in_progress, sitting, roster):
    """A delegation of 4 of the session's 10 delegates; returns (delegation, its members)."""
    people = roster(10)
    delegation = DelegationFactory(term=in_progress.term, name="东片代表团")
    for person in people[:4]:
        person.delegation = delegation
        person.save()
    return delegation, people


@pytest.mark.parametrize(
    ("present", "sentence", "election"),
    [
        (
            9,
            "Expected 10, present 9: quorum reached.",
            "For an election (more than 4/5 present): quorum reached.",
        ),
        (
            6,
            "Expected 10, present 6: quorum reached.",
            "For an election (more than 4/5 present): quorum not reached.",
        ),
        (
            5,
            "Expected 10, present 5: quorum not reached.",
            "For an election (more than 4/5 present): quorum not reached.",
        ),
    ],
)
def test_the_live_page_states_the_quorum_for_the_chair(
    office, sitting, east, mark_present, present, sentence, election
):
    mark_present(sitting, east[1][:present])
    page = office.get(f"/sessions/sittings/{sitting.pk}/live/").content.decode()
    assert sentence in page and election in page
    figures = office.get(f"/sessions/sittings/{sitting.pk}/live/figures/").json()
    assert (figures["quorum"]["statement"], figures["quorum"]["election"]) == (sentence, election)


def test_the_chair_reads_it_in_chinese(office, sitting, east, mark_present):
    mark_present(sitting, east[1][:5])
    with translation.override("zh-hans"):
        page = office.get(
            f"/sessions/sittings/{sitting.pk}/live/", HTTP_ACCEPT_LANGUAGE="zh-hans"
        ).content.decode()
    assert "应到10人，实到5人，不足法定人数。" in page


def test_the_live_figures_refresh_by_script_without_reloading(
    office, client, client_for, delegate, unit_staff, sitting, east, mark_present
):
    page = office.get(f"/sessions/sittings/{sitting.pk}/live/").content.decode()
    assert 'http-equiv="refresh"' not in page
    assert "js/live-attendance.js" in page and "data-live-toggle" in page
    assert f'href="/sessions/sittings/{sitting.pk}/live/"' in page  # without the script
    mark_present(sitting, east[1][:3])
    mark_present(sitting, east[1][3:4], status="on_leave")
    figures = office.get(f"/sessions/sittings/{sitting.pk}/live/figures/").json()
    assert figures["summary"]["total"] == {  # the east delegation and `delegate`'s own
        "expected": 11,
        "present": 3,
        "on_leave": 1,
        "absent": 0,
        "not_recorded": 7,
    }
    row = next(r for r in figures["summary"]["by_delegation"] if r["delegation"] == "东片代表团")
    assert (row["present"], row["on_leave"]) == (3, 1)
    for someone in (delegate, unit_staff):
        response = client_for(someone).get(f"/sessions/sittings/{sitting.pk}/live/figures/")
        assert response.status_code == 403
    client.logout()
    anonymous = client.get(f"/sessions/sittings/{sitting.pk}/live/figures/")
    assert anonymous.status_code == 302 and "login" in anonymous.url


def test_no_check_in_code_once_the_session_is_closed(
    client_for, delegate, secretariat, my_record, session, sitting
):
    code = f"/sessions/{session.pk}/check-in-code/{my_record.pk}.svg"
    open_page = client_for(delegate).get(f"/sessions/{session.pk}/").content.decode()
    assert code in open_page
    session_in(S.CLOSED, session=session)
    page = client_for(delegate).get(f"/sessions/{session.pk}/").content.decode()
    assert code not in page and "My check-in code" not in page
    assert client_for(delegate).get(code).status_code == 404
    assert "My attendance" in page  # what was recorded still shows
    token = check_in_token(session=session, delegate=my_record)
    scan = client_for(secretariat).get(f"/sessions/check-in/{token}/").content.decode()
    assert "The session is closed" in scan and 'name="sitting"' not in scan


def test_check_in_goes_back_to_the_row_marked(office, sitting, east):
    delegation, people = east
    url = f"/sessions/sittings/{sitting.pk}/check-in/?delegation={delegation.pk}"
    listing = office.get(url).content.decode()
    assert f'id="delegate-{people[2].pk}"' in listing
    assert "autofocus" not in listing  # the search box would scroll the list back up
    response = office.post(url, {"delegate": people[2].pk, "status": "present", "method": "list"})
    assert response.url == f"{url}#delegate-{people[2].pk}"
    assert Attendance.objects.get(delegate=people[2]).status == "present"


def test_the_whole_delegation_is_present(office, secretariat, sitting, east, mark_present):
    delegation, people = east
    mark_present(sitting, people[:1], status="on_leave")
    mark_present(sitting, people[1:2])
    url = f"/sessions/sittings/{sitting.pk}/check-in/?delegation={delegation.pk}"
    assert "The whole delegation is present" in office.get(url).content.decode()
    response = office.post(url, {"whole_delegation": delegation.pk}, follow=True)
    assert "东片代表团: 2 more delegates checked in as present." in response.content.decode()
    statuses = dict(Attendance.objects.values_list("delegate", "status"))
    assert statuses == {
        people[0].pk: "on_leave",  # recorded before: stays as it was
        people[1].pk: "present",
        people[2].pk: "present",
        people[3].pk: "present",
    }
    added = Attendance.objects.filter(delegate__in=people[2:4])
    assert {(a.method, a.recorded_by_id) for a in added} == {("list", secretariat.pk)}


def test_the_whole_delegation_waits_for_the_session_and_its_term(
    office, session, sitting, roster, term
):
    people = roster(2)
    delegation = DelegationFactory(term=term)
    for person in people:
        person.delegation = delegation
        person.save()
    url = f"/sessions/sittings/{sitting.pk}/check-in/?delegation={delegation.pk}"
    assert "The whole delegation is present" not in office.get(url).content.decode()
    response = office.post(url, {"whole_delegation": delegation.pk}, follow=True)
    assert "Check-in opens when the session is opened" in response.content.decode()
    session_in(S.IN_PROGRESS, session=session)
    elsewhere = DelegationFactory()  # another term's
    assert office.post(url, {"whole_delegation": elsewhere.pk}).status_code == 404
    assert office.post(url, {"whole_delegation": "x"}).status_code == 404
    assert not Attendance.objects.exists()


def test_a_closed_sessions_live_page_shows_final_figures_without_refreshing(
    office, session, sitting, east
):
    session_in(S.CLOSED, session=session)
    page = office.get(f"/sessions/sittings/{sitting.pk}/live/").content.decode()
    assert "The session is closed: these are its final figures." in page
    assert "data-live-url" not in page and "js/live-attendance.js" not in page
    assert "Updates every 10 seconds." not in page
    assert f'href="/sessions/sittings/{sitting.pk}/check-in/"' not in page
