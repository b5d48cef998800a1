"""The office's desk, the admin's home page: each count equals the rows of the list it links to,
the next session's preparation and the open evaluations' turnout are read from the data, the
queries do not grow with it, and one status colour scheme reads at AA contrast."""

import contextlib
import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from congress_office.desk import count_each
from delegates.models import Delegate
from evaluations.models import Evaluation, PaperRound
from proposals.models import Proposal, ProposalRules
from proposals.services import deadline_set, extension_request, reply_submit
from sessions.elections import candidates_approve
from sessions.models import Body, Candidate, Election, Session
from tests.core.factories import office_user
from tests.evaluations.kit import S as ES
from tests.evaluations.kit import ballots_cast, evaluation_in
from tests.proposals.kit import S, cosigned, draft, proposal_in, staff_of
from tests.sessions.factories import AgendaItemFactory, SessionFactory, SittingFactory

pytestmark = pytest.mark.django_db

DESK_LISTS = [
    "review",
    "unassigned",
    "overdue",
    "to_release",
    "extensions",
    "due_this_week",
    "replied",
    "tracking",
    "cosigning",
]


@contextlib.contextmanager
def review_replies():
    """The office's review of replies switched on for what is done inside."""
    rules = ProposalRules.current()
    rules.review_replies = True
    rules.save()
    yield
    rules.review_replies = False
    rules.save()


def build_office(*, author, unit, colleagues, secretariat, n: int) -> None:
    """`n` items in each of the desk's lists, one more item in none of them (closed), a
    planned session and an open evaluation in which one of two entitled delegates voted."""
    today = timezone.localdate()
    long_ago = today - datetime.timedelta(days=200)
    for _ in range(n):
        proposal_in(S.SUBMITTED, author=author)
        proposal_in(S.ACCEPTED, author=author)
        proposal_in(S.ASSIGNED, author=author, unit=unit, on=long_ago)  # overdue
        _item, lead = proposal_in(S.ASSIGNED, author=author, unit=unit)
        extension_request(
            assignment=lead,
            until=lead.deadline + datetime.timedelta(days=20),
            reason="需要立项",
            asked_by=staff_of(unit),
        )
        soon, _lead = proposal_in(S.ASSIGNED, author=author, unit=unit)
        deadline_set(
            proposal=soon,
            deadline=today + datetime.timedelta(days=3),
            reason="急事",
            set_by=secretariat,
        )
        proposal_in(S.REPLIED, author=author, unit=unit)
        _item, lead = proposal_in(S.ASSIGNED, author=author, unit=unit)
        with review_replies():
            reply_submit(assignment=lead, result="A", text="已办。", replied_by=staff_of(unit))
        proposal_in(S.TRACKING, author=author, unit=unit, result="B")
        cosigned(draft(author), colleagues[:2], confirmed=1)  # one still to answer
    proposal_in(S.CLOSED, author=author, unit=unit)
    proposal_in(S.ASSIGNED, author=author, unit=unit)  # its deadline is months away
    session = SessionFactory(
        term=author.term,
        start_date=today + datetime.timedelta(days=10),
        end_date=today + datetime.timedelta(days=10),
    )
    evaluation = evaluation_in(ES.OPEN, session=session, entitled=colleagues[:2])
    ballots_cast(evaluation, colleagues[:1], "excellent")


@pytest.fixture
def office_data(author, unit, colleagues, secretariat):
    build_office(author=author, unit=unit, colleagues=colleagues, secretariat=secretariat, n=1)


def desk_rows(response) -> dict:
    (part,) = [p for p in response.context["parts"] if p["template"].endswith("proposals.html")]
    return {row["name"]: row for row in part["data"]["rows"]}


def rows_shown(response) -> int:
    """How many rows the list page shows: a queue page, or a change list."""
    if "page" in response.context:
        return len(response.context["page"].object_list)
    return len(response.context["cl"].result_list)


def test_each_count_links_to_exactly_the_list_it_counts(office, office_data):
    response = office.get("/admin/")
    assert response.status_code == 200
    rows = desk_rows(response)
    assert list(rows) == DESK_LISTS
    assert len({row["url"] for row in rows.values()}) == len(rows)
    for name, row in rows.items():
        assert row["count"] == 1, name  # one item in each list, none counted twice
        listed = office.get(row["url"])
        assert listed.status_code == 200, name
        assert rows_shown(listed) == row["count"], name
        assert f'href="{row["url"]}"'.replace("&", "&amp;") in response.content.decode()


def test_the_counts_follow_the_work(office, office_data, author):
    """A count is the list's length, not a constant: one more item awaiting review shows."""
    proposal_in(S.SUBMITTED, author=author)
    rows = desk_rows(office.get("/admin/"))
    assert rows["review"]["count"] == 2
    assert rows_shown(office.get(rows["review"]["url"])) == 2


@pytest.mark.parametrize("n", [1, 3])
def test_the_desk_reads_in_a_fixed_number_of_queries(
    n, office, author, unit, colleagues, secretariat, django_assert_num_queries
):
    build_office(author=author, unit=unit, colleagues=colleagues, secretariat=secretariat, n=n)
    session = Session.objects.get()
    for _ in range(n - 1):  # n open evaluations in all, each with its votes and paper rounds
        ballots_cast(
            evaluation_in(ES.OPEN, session=session, entitled=colleagues[:2]),
            colleagues[:1],
            "excellent",
        )
    for number, evaluation in enumerate(Evaluation.objects.all(), start=1):
        PaperRound.objects.create(evaluation=evaluation, number=number, issued=1, returned=1)
    office.get("/admin/")  # the statements kept per process and day written (the menu's too)
    # session, user, the session's two-factor device, user's and groups' permissions (1,
    # decision 295), the items' counts (1), the items being handled by colour for each unit
    # (1), the next session and its preparation's figures (2), the open evaluations with
    # their entitled, online ballots and paper rounds (1), the calendar's years (1), the
    # delegates not contacted this half year (1), the user's groups (the role's navigation)
    with django_assert_num_queries(12):
        response = office.get("/admin/")
    assert desk_rows(response)["review"]["count"] == n
    shown = evaluations_shown(response)
    assert len(shown) == n
    assert {(e.entitled, e.ballots) for e in shown} == {(2, 2)}


@pytest.mark.parametrize("n", [1, 3])
def test_the_queue_tabs_carry_their_counts_in_one_query(
    n, office, author, unit, colleagues, secretariat, django_assert_num_queries
):
    build_office(author=author, unit=unit, colleagues=colleagues, secretariat=secretariat, n=n)
    # session, user, the session's two-factor device, permissions (1), the queues' counts (1,
    # which the page's own count was before the tabs had theirs), the page's rows, the user's
    # groups
    with django_assert_num_queries(7):
        page = office.get("/admin/proposals/proposal/queues/?queue=review")
    tabs = re.findall(r'\?queue=(\w+)"[^>]*>[^<]*<span class="tab-count">(\d+)</span>', page.text)
    queues = ["review", "unassigned", "overdue", "to_release", "tracking"]
    assert dict(tabs) == dict.fromkeys(queues, str(n))
    assert page.context["page"].paginator.count == n


def test_the_next_session_says_what_is_still_to_prepare(office, term):
    today = timezone.localdate()
    ended = today - datetime.timedelta(days=30)
    SessionFactory(term=term, start_date=ended, end_date=ended)
    session = SessionFactory(
        term=term,
        start_date=today + datetime.timedelta(days=5),
        end_date=today + datetime.timedelta(days=6),
    )
    later = today + datetime.timedelta(days=40)
    SessionFactory(term=term, start_date=later, end_date=later)
    part = next(p for p in office.get("/admin/").context["parts"] if "session" in p["template"])
    assert part["data"]["session"] == session
    assert part["data"]["days_to_go"] == 5
    ready = {row["label"]: row["done"] for row in part["data"]["checklist"]}
    assert ready["Sittings"] is False and ready["Agenda"] is False
    SittingFactory(session=session)
    AgendaItemFactory(session=session, delivery="written")  # a written report, no document
    part = next(p for p in office.get("/admin/").context["parts"] if "session" in p["template"])
    rows = {row["label"]: row for row in part["data"]["checklist"]}
    assert rows["Sittings"]["done"] and rows["Agenda"]["done"]
    assert not rows["Written reports' documents"]["done"]
    assert rows["Written reports' documents"]["detail"] == "1 written report without its document"
    assert part["data"]["to_do"] == sum(not row["done"] for row in rows.values())


def evaluations_shown(response) -> list:
    (part,) = [p for p in response.context["parts"] if "evaluations" in p["template"]]
    return part["data"]["evaluations"]


def test_the_open_evaluations_show_their_turnout_and_never_who_voted(
    office, office_data, colleagues
):
    page = office.get("/admin/")
    (evaluation,) = evaluations_shown(page)
    assert (evaluation.entitled, evaluation.ballots, evaluation.turnout) == (2, 1, 50.0)
    text = page.content.decode()
    assert "50.0%" in text and "1 of 2 ballots" in text
    assert colleagues[0].name not in text  # the one who voted
    assert evaluation.session.name in text


def test_the_turnout_counts_paper_rounds_but_not_void_ones(office, office_data, colleagues):
    evaluation = Evaluation.objects.get()
    PaperRound.objects.create(evaluation=evaluation, number=1, issued=1, returned=1)
    PaperRound.objects.create(evaluation=evaluation, number=2, issued=1, returned=2)  # void
    closing_first = evaluation_in(
        ES.OPEN,
        session=evaluation.session,
        closes_at=evaluation.closes_at - datetime.timedelta(hours=1),
        entitled=colleagues[1:2],
    )
    evaluation_in(ES.DRAFT, session=evaluation.session)
    first, second = evaluations_shown(office.get("/admin/"))
    assert (first.pk, first.entitled, first.ballots, first.turnout) == (
        closing_first.pk,
        1,
        0,
        0.0,
    )
    assert (second.pk, second.entitled, second.ballots, second.turnout) == (
        evaluation.pk,
        2,
        2,
        100.0,
    )


def test_the_desk_in_chinese(office, office_data):
    text = office.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    for words in ("办公室工作台", "待决定的延期申请", "七天内到期", "下次年会", "参与率"):
        assert words in text


def test_every_section_stays_a_link_away(office):
    desk = office.get("/admin/").content.decode()
    assert 'href="/admin/sections/"' in desk
    sections = office.get("/admin/sections/")
    assert sections.status_code == 200
    assert 'href="/admin/delegates/delegate/"' in sections.content.decode()


def test_a_user_sees_only_the_parts_their_permissions_allow(client_for, db):
    from tests.core.factories import UserFactory

    staff = UserFactory(username="clerk", is_staff=True)
    page = client_for(staff).get("/admin/")
    assert page.status_code == 200
    assert page.context["parts"] == []


# --- One colour scheme ---------------------------------------------------------------------

CHIPS = Path(settings.BASE_DIR) / "static" / "css" / "chips.css"


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def tones() -> list[tuple[list[str], str, str]]:
    """(selectors, text colour, background) of each tone of chips.css."""
    css = re.sub(r"/\*.*?\*/", "", CHIPS.read_text(), flags=re.S)
    found = []
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        fg = re.search(r"--chip-fg:\s*(#[0-9a-f]{6})", body)
        bg = re.search(r"--chip-bg:\s*(#[0-9a-f]{6})", body)
        if fg and bg:
            names = [s.strip() for s in selectors.split(",")]
            found.append((names, fg.group(1), bg.group(1)))
    return found


def test_every_tone_reads_at_aa_contrast():
    assert len(tones()) >= 5
    for names, fg, bg in tones():
        assert contrast(fg, bg) >= 4.5, (names, fg, bg, contrast(fg, bg))


def test_every_status_has_its_chip_defined_once():
    defined = [name for names, _fg, _bg in tones() for name in names]
    assert len(defined) == len(set(defined))
    expected = [f".chip-proposal-{s.value}" for s in Proposal.Status]
    expected += [f".chip-delegate-{s.value}" for s in Delegate.Status]
    expected += [".chip-due-over", ".chip-due-soon", ".chip-due-ok"]
    assert set(expected) <= set(defined)


def test_the_admin_and_the_site_include_the_chips(office, delegate, client_for):
    assert "/static/css/chips.css" in office.get("/admin/").content.decode()
    site = client_for(delegate).get("/delegates/me/").content.decode()
    assert "/static/css/chips.css" in site


def test_the_next_session_says_which_elections_are_not_ready(office, term):
    today = timezone.localdate()
    session = SessionFactory(
        term=term,
        start_date=today + datetime.timedelta(days=5),
        end_date=today + datetime.timedelta(days=5),
    )

    def elections_row():
        parts = office.get("/admin/").context["parts"]
        part = next(p for p in parts if "session" in p["template"])
        return next(r for r in part["data"]["checklist"] if r["label"] == "Elections' candidates")

    assert elections_row()["done"]
    item = AgendaItemFactory(session=session, kind="election")
    assert elections_row()["detail"] == "1 election item without its election"
    body = Body.objects.create(term=term, kind="committee", name="中共测试镇委员会", seats=5)
    election = Election.objects.create(
        session=session, agenda_item=item, title="补选", fills="members", body=body, seats=1
    )
    Candidate.objects.create(election=election, name="甲", formal=True)
    Candidate.objects.create(election=election, name="乙", formal=True)
    row = elections_row()
    assert not row["done"] and row["detail"] == "1 formal list of candidates to approve"
    candidates_approve(election=election, approved_by=office_user())
    assert elections_row()["done"]


def test_a_kept_count_runs_prepared_and_counts_as_an_unkept_one(office_data):
    lists = {
        "submitted": Proposal.objects.filter(status=Proposal.Status.SUBMITTED),
        "all": Proposal.objects.all(),
    }
    unkept = count_each(lists)
    with CaptureQueriesContext(connection) as queries:
        kept = count_each(lambda: lists, key=("test kept count",))
    assert kept == unkept == {"submitted": 1, "all": Proposal.objects.count()}
    if connection.vendor == "postgresql":
        assert queries.captured_queries[-1]["sql"].startswith("EXECUTE ")
