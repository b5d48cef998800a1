"""An election from end to end in the browser (issue 13): the office sets up a competitive
by-election of 3 delegates to the congress above with 4 candidates in the admin, approves
the formal list, names two tellers and prints the paper ballot; delegates checked in vote on
their phones while the tellers hand out paper ballots and enter them one by one on theirs
(a misreading shown and corrected); the office closes the round, reads the results, prints
them and announces them, and the session report carries the election."""

from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from pypdf import PdfReader

from delegates.models import Delegate
from sessions.election_rounds import round_decided, round_figures
from sessions.models import AgendaItem, Attendance, Election, ElectionRound, Session, Sitting

pytestmark = pytest.mark.e2e

CANDIDATES = ["王建军", "丁海燕", "李国庆", "陈晓明"]  # stroke order: 丁 王 李 陈
TITLE = "补选出席市第十五次党代会代表"


@pytest.fixture
def hall(demo_office):
    """The demo's upcoming session under way; the demo delegate and 99 others checked in at
    its first sitting (a town's quorum is more than four fifths of the 119 expected), and a
    second teller's account."""
    session = Session.objects.get(ordinal=5)
    Session.objects.filter(pk=session.pk).update(status=Session.Status.IN_PROGRESS)
    sitting = Sitting.objects.filter(session=session).order_by("date", "pk").first()
    me = Delegate.objects.get(term=session.term, user__username="delegate")
    others = list(
        Delegate.objects.filter(term=session.term, status="active").exclude(pk=me.pk)[:99]
    )
    for delegate in [me, *others]:
        Attendance.objects.create(sitting=sitting, delegate=delegate, status="present")
    teller = get_user_model().objects.create_user(
        "teller2", password=demo_office, first_name="计票员"
    )
    teller.is_active = True
    teller.save()
    return session, sitting, others


def _pdf_text(download) -> str:
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    return "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages).replace("\n", "")


def _choose(page, live_server, election, action):
    """The election ticked on the admin's list and the action chosen, not yet run."""
    page.goto(f"{live_server.url}/admin/congress_sessions/election/")
    page.check(f"input[name=_selected_action][value='{election.pk}']")
    page.select_option("select[name=action]", action)


def _action(page, live_server, election, action):
    _choose(page, live_server, election, action)
    page.click("button[name=index]")


def _enter(page, number, marks):
    page.fill("#id_number", str(number))
    for name, label in marks.items():
        page.locator("fieldset.mark-line", has_text=name).get_by_label(label).check()
    page.click("text=Save this ballot")
    expect(page.locator(".messages")).to_contain_text(f"Ballot {number} entered.")


def test_an_election_held_on_phones_and_paper_from_setup_to_the_report(
    browser, desktop_page, sign_in, live_server, hall
):
    session, sitting, others = hall
    office = sign_in(desktop_page, "office")

    # The office sets the election up in the admin, with its four candidates.
    item = AgendaItem.objects.filter(session=session).order_by("order").first()
    office.goto(f"{live_server.url}/admin/congress_sessions/election/add/?session={session.pk}")
    office.select_option("#id_session", str(session.pk))
    # The agenda item is a search-as-you-type picker (decision 193): type, then choose.
    office.locator("#id_agenda_item + .select2").click()
    office.locator(".select2-search__field").fill(item.title[:6])
    office.locator(".select2-results__option", has_text=item.title).first.click()
    expect(office.locator("#id_agenda_item")).to_have_value(str(item.pk))
    office.fill("#id_title", TITLE)
    office.select_option("#id_fills", "higher_delegates")
    office.check("#id_by_election")
    office.fill("#id_seats", "3")
    office.select_option("#id_method", "competitive")
    for n, name in enumerate(CANDIDATES):
        office.locator("#candidates-group .add-row a").click()
        office.fill(f"#id_candidates-{n}-name", name)
        office.check(f"#id_candidates-{n}-formal")
    office.click("input[name=_save]")
    expect(office.locator(".messagelist")).to_contain_text(TITLE)
    election = Election.objects.get(title=TITLE)

    _action(office, live_server, election, "approve_formal_list")
    expect(office.locator(".messagelist")).to_contain_text("Formal list approved")

    # Two tellers, chosen by name.
    office.goto(f"{live_server.url}/admin/congress_sessions/election/{election.pk}/tellers/")
    office.select_option("#id_tellers_from", label=["计票员", "李秘书"])
    office.click("#id_tellers_add")
    office.click("input[type=submit]")
    expect(office.locator(".messagelist")).to_contain_text("2 tellers")

    # The paper ballot: the candidates in the stroke order of their surnames.
    _action(office, live_server, election, "print_ballots")
    office.fill("#id_copies", "2")
    with office.expect_download() as ballot:
        office.click("input[type=submit]")
    text = _pdf_text(ballot)
    assert sorted(CANDIDATES, key=text.index) == ["丁海燕", "王建军", "李国庆", "陈晓明"]

    _action(office, live_server, election, "open_first_round")
    office.select_option("#id_sitting", str(sitting.pk))
    office.click("input[type=submit]")
    expect(office.locator(".messagelist")).to_contain_text("1 election done")
    election_round = ElectionRound.objects.get(election=election)

    # A delegate votes on a phone: for 丁海燕 and 王建军, against 陈晓明.
    delegate = sign_in(browser.new_page(viewport={"width": 390, "height": 844}), "delegate")
    delegate.goto(f"{live_server.url}/sessions/rounds/{election_round.pk}/ballot/")
    for name, label in (("丁海燕", "For (○)"), ("王建军", "For (○)"), ("陈晓明", "Against (×)")):
        delegate.locator("fieldset.mark-line", has_text=name).get_by_label(label).check()
    delegate.click("text=Review my marks")
    delegate.click("text=Submit my ballot")
    expect(delegate.locator("main")).to_contain_text("Your ballot is in")
    assert delegate.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # The tellers, on phones: three paper ballots handed out, then entered by each.
    first = sign_in(browser.new_page(viewport={"width": 390, "height": 844}), "office")
    first.goto(f"{live_server.url}/sessions/count/")
    first.click(f"text={TITLE}")
    for delegate_record in others[:4]:
        first.get_by_label(delegate_record.name, exact=False).first.check()
    first.click("text=Record them")
    expect(first.locator(".messages")).to_contain_text("4 paper ballots recorded as handed out.")

    ballot_for = "For (○)"
    pile = [
        {"丁海燕": ballot_for, "王建军": ballot_for, "李国庆": ballot_for},
        {"丁海燕": ballot_for, "李国庆": ballot_for, "陈晓明": "Against (×)"},
        {"王建军": ballot_for, "李国庆": ballot_for},
        {"丁海燕": ballot_for, "王建军": ballot_for, "李国庆": ballot_for, "陈晓明": ballot_for},
    ]  # the fourth is over-marked: invalid
    first.click("text=Enter ballots")
    for number, marks in enumerate(pile, start=1):
        _enter(first, number, marks)
    second = sign_in(browser.new_page(viewport={"width": 390, "height": 844}), "teller2")
    second.goto(f"{live_server.url}/sessions/rounds/{election_round.pk}/count/ballot/")
    _enter(second, 1, pile[0])
    _enter(second, 2, {"丁海燕": ballot_for, "李国庆": ballot_for})  # missed the ×
    _enter(second, 3, pile[2])
    _enter(second, 4, pile[3])
    second.goto(f"{live_server.url}/sessions/rounds/{election_round.pk}/count/")
    expect(second.locator("main")).to_contain_text("1 ballot is read differently")
    second.click("text=Check my entry")
    second.locator("fieldset.mark-line", has_text="陈晓明").get_by_label("Against (×)").check()
    second.click("text=Save this ballot")
    second.goto(f"{live_server.url}/sessions/rounds/{election_round.pk}/count/")
    expect(second.locator("main")).to_contain_text("Both tellers agree on all 4 ballots.")
    second.fill("#id_returned", "4")
    second.click("text=Take the count from the agreed entries")
    expect(second.locator(".messages")).to_contain_text("The paper count is recorded.")
    assert second.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # The office closes the round and reads the results: 5 ballots returned, 1 invalid; 丁海燕,
    # 王建军 and 李国庆 have 3 votes each, more than half of the 5, and are elected.
    _action(office, live_server, election, "close_open_round")
    office.check("#id_confirm")
    office.click("input[type=submit]")
    expect(office.locator(".messagelist")).to_contain_text("1 election done")
    office.goto(
        f"{live_server.url}/admin/congress_sessions/election/rounds/{election_round.pk}/results/"
    )
    results = office.locator("#content")
    expect(results).to_contain_text("李国庆")
    figures = {t.name: t.votes_for for t in round_figures(election_round)["tallies"]}
    assert figures == {"丁海燕": 3, "王建军": 3, "李国庆": 3, "陈晓明": 0}
    assert [t.name for t in round_decided(election_round).elected] == [
        "丁海燕",
        "王建军",
        "李国庆",
    ]
    _choose(office, live_server, election, "download_results_pdf")
    with office.expect_download() as printed:
        office.click("button[name=index]")
    text = _pdf_text(printed)
    assert "李国庆" in text and "丁海燕" in text

    _action(office, live_server, election, "announce_result")
    office.check("#id_confirmed")
    office.click("input[type=submit]")
    expect(office.locator(".messagelist .success")).to_be_visible()

    # Once announced, the delegate reads the results on the phone, from the session's page.
    delegate.goto(f"{live_server.url}/sessions/{session.pk}/")
    delegate.get_by_role("link", name=TITLE).click()
    expect(delegate.locator("main")).to_contain_text("丁海燕")
    assert delegate.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # The session report carries the election.
    office.goto(f"{live_server.url}/sessions/{session.pk}/print/report/")
    office.click("text=Generate")
    download_link = office.locator("text=Download the PDF")
    expect(download_link).to_be_visible(timeout=60_000)
    with office.expect_download() as report:
        download_link.click()
    assert TITLE in _pdf_text(report)
