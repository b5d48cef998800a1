"""The crawl of issue 12 §4: every page each role reaches on the demo office, in Chinese and in
English, on a 390 px phone. A role's findings go to test-artifacts/crawl/<role>.txt."""

import time
from pathlib import Path

import pytest

from tests.crawl.crawler import AXE, crawl
from tests.e2e.conftest import PHONE

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "crawl"
LANGUAGES = ["zh-hans", "en"]

# The demo's logins (congress_office/demo.py and the apps' demo modules); None is anonymous.
ROLES = {
    "office": "office",
    "delegate": "delegate",
    "leader": "leader",
    "member": "member",  # a committee member keeping in touch with delegates (a delegate too)
    "unit": "unit",
    "teller": "teller",  # made by `election_under_way`, for the tellers' pages
    "sysadmin": "sysadmin",  # the system administrator: accounts and groups
    "auditor": "auditor",  # the security auditor: the security audit trail
    "anonymous": None,
}


def election_under_way(password):
    """The demo's 5th session under way and its by-election's first round open, a third of
    the delegates checked in, with a teller of its own who has handed out a paper ballot and
    entered it, and the office, as the other teller, has read it differently."""
    from django.contrib.auth import get_user_model

    from sessions.ballot_entries import ballot_entry_save
    from sessions.election_rounds import paper_ballots_issue, round_open
    from sessions.election_tellers import election_tellers_set
    from sessions.elections import candidates_approve
    from sessions.models import Attendance, Session

    session = Session.objects.get(ordinal=5)
    Session.objects.filter(pk=session.pk).update(status=Session.Status.IN_PROGRESS)
    sitting = session.sittings.order_by("date", "pk").first()
    delegates = list(session.term.delegates.filter(status="active")[:40])
    Attendance.objects.bulk_create(
        Attendance(sitting=sitting, delegate=d, status="present") for d in delegates
    )
    users = get_user_model().objects
    office = users.get(username="office")
    teller = users.create_user("teller", password=password, first_name="计票员")
    election = candidates_approve(election=session.elections.get(), approved_by=office)
    election_tellers_set(election=election, users=[teller, office])
    election_round = round_open(election=election, sitting=sitting, opened_by=office)
    paper_ballots_issue(election_round=election_round, delegates=delegates[:1])
    first, second = election_round.candidates.values_list("pk", flat=True)[:2]
    for user, marks in ((teller, {str(first): "for"}), (office, {str(second): "for"})):
        ballot_entry_save(election_round=election_round, teller=user, number=1, marks=marks)


@pytest.mark.parametrize("role", ROLES)
def test_crawl(role, browser, live_server, sign_in, demo_office):
    if not AXE.exists():
        pytest.skip("axe-core is not installed (bin/test installs it: npm ci)")
    if role == "teller":
        election_under_way(demo_office)
    started = time.monotonic()
    reports, failures = [], 0
    for language in LANGUAGES:
        context = browser.new_context(locale="en-US", bypass_csp=True, **PHONE)
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        if ROLES[role]:
            sign_in(page, ROLES[role])
        found = crawl(page, live_server.url, "/", language)
        context.close()
        failures += found.failures()
        reports.append(found.report(f"{role} in {language}"))
    summary = "\n\n".join(reports) + f"\n\n{time.monotonic() - started:.0f} s\n"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{role}.txt").write_text(summary)
    assert not failures, summary
