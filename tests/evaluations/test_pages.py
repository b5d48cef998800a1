"""The pages: voting on a phone, the tellers' page, the office's results, PDFs and exports."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.utils import timezone
from pypdf import PdfReader

from evaluations.models import Evaluation, EvaluationRules, PaperRound, Receipt
from evaluations.services import (
    evaluation_close,
    paper_round_enter,
    tellers_set,
)
from tests.core.factories import UserFactory
from tests.evaluations.factories import EvaluationFactory
from tests.evaluations.kit import ballots_cast, cells, paper_handed_out, teller_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(delegate):
    return delegate.delegate_records.get()


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _fields(evaluation, pick):
    return {
        f"c-{s.pk}-{c.pk}": pick(s, c)
        for s in evaluation.subjects.all()
        for c in evaluation.criteria.all()
    }


def test_vote_review_change_submit(client_for, delegate, record, open_evaluation):
    evaluation = open_evaluation([record], subjects=2, criteria=2)
    client = client_for(delegate)
    listing = client.get("/evaluations/").content.decode()
    assert evaluation.title in listing and "Not yet voted" in listing
    url = f"/evaluations/{evaluation.pk}/ballot/"
    page = client.get(url).content.decode()
    assert "A line left blank counts as an abstention" in page
    assert page.count('type="radio"') == 2 * 2 * 5  # 4 ratings and "blank" per line
    choices = _fields(evaluation, lambda s, c: "competent" if s.is_team else "")
    review = client.post(url, {**choices, "action": "review"})
    text = review.content.decode()
    assert "Review your ballot" in text
    assert text.count('type="hidden" name="c-') == 4
    assert "Competent" in text and "Blank (abstention)" in text
    assert not Receipt.objects.exists()  # nothing is stored before submitting
    # "Change" shows the form again with the choices made.
    change = client.post(url, {**choices, "action": "change"}).content.decode()
    assert change.count("checked") == 4
    done = client.post(url, {**choices, "action": "submit"})
    assert done.status_code == 302 and done["Location"] == f"/evaluations/{evaluation.pk}/voted/"
    assert "Your ballot has been cast" in client.get(done["Location"]).content.decode()
    counts = cells(evaluation)
    assert counts[("成员0", "指标0", "competent")] == 1
    assert counts[("成员1", "指标1", "abstain")] == 1
    # Afterwards: only "you have voted", never the ballot; a second submission changes nothing.
    again = client.get(url).content.decode()
    assert "You have voted" in again and 'type="radio"' not in again
    client.post(url, {**_fields(evaluation, lambda s, c: "incompetent"), "action": "submit"})
    assert cells(evaluation) == counts
    assert "Voted" in client.get("/evaluations/").content.decode()


def test_a_tampered_rating_gets_a_clear_message(client_for, delegate, record, open_evaluation):
    evaluation = open_evaluation([record], subjects=1, criteria=1)
    client = client_for(delegate)
    url = f"/evaluations/{evaluation.pk}/ballot/"
    response = client.post(
        url, {**_fields(evaluation, lambda s, c: "dont_know"), "action": "submit"}
    )
    assert "Choose one of the ratings offered, or leave it blank." in response.content.decode()
    assert not Receipt.objects.exists()


def test_not_entitled_delegate_of_the_session_gets_the_refusal(
    client_for, delegate, voters, open_evaluation
):
    evaluation = open_evaluation(voters(1))
    response = client_for(delegate).get(f"/evaluations/{evaluation.pk}/ballot/")
    assert response.status_code == 403
    assert "You are not entitled to vote in this evaluation" in response.content.decode()
    assert evaluation.title not in client_for(delegate).get("/evaluations/").content.decode()


def test_not_open_yet_and_closed_get_messages(
    client_for, delegate, record, open_evaluation, closed_evaluation
):
    later = open_evaluation(
        [record],
        opens_at=timezone.now() + datetime.timedelta(hours=1),
        closes_at=timezone.now() + datetime.timedelta(hours=2),
    )
    client = client_for(delegate)
    assert "Voting opens at" in client.get(f"/evaluations/{later.pk}/ballot/").content.decode()
    closed = closed_evaluation([record])
    response = client.get(f"/evaluations/{closed.pk}/ballot/")
    assert "Voting in this evaluation has closed" in response.content.decode()
    response = client.post(
        f"/evaluations/{closed.pk}/ballot/",
        {**_fields(closed, lambda s, c: "excellent"), "action": "submit"},
    )
    assert response.status_code == 403 and not Receipt.objects.exists()


def test_drafts_and_other_terms_are_not_found(
    client_for, delegate, record, make_evaluation, voters
):
    draft = make_evaluation()
    client = client_for(delegate)
    assert client.get(f"/evaluations/{draft.pk}/ballot/").status_code == 404
    elsewhere = EvaluationFactory(status=Evaluation.Status.OPEN)  # another term's session
    assert client.get(f"/evaluations/{elsewhere.pk}/ballot/").status_code == 404
    assert client.get(f"/evaluations/{elsewhere.pk}/voted/").status_code == 404


def test_tally_page_is_for_tellers_only(client_for, delegate, secretariat, voters, open_evaluation):
    people = voters(10)
    evaluation = open_evaluation(people, subjects=1, criteria=1)
    teller = UserFactory(username="teller")
    tellers_set(evaluation=evaluation, users=[teller])
    paper_handed_out(evaluation, people[:6])
    url = f"/evaluations/{evaluation.pk}/tally/"
    for user in (delegate, secretariat, UserFactory()):
        assert client_for(user).get(url).status_code == 404
        assert client_for(user).get("/evaluations/tally/").status_code == 404
    client = client_for(teller)
    assert evaluation.title in client.get("/evaluations/tally/").content.decode()
    page = client.get(url).content.decode()
    assert "Ballots issued" in page
    assert "/results/" not in page
    s, c = evaluation.subjects.get(), evaluation.criteria.get()
    # Counts that don't add up: a clear message, nothing saved.
    bad = client.post(
        url, {"issued": 6, "returned": 5, f"n-{s.pk}-{c.pk}-excellent": 3}
    ).content.decode()
    assert "add up to 3, not to the 5 ballots returned" in bad
    # More back than issued: refused until confirmed as void.
    void = client.post(url, {"issued": 4, "returned": 5}).content.decode()
    assert "More ballots returned (5) than issued (4)" in void
    assert not PaperRound.objects.exists()
    response = client.post(url, {"issued": 4, "returned": 5, "record_void": "on"})
    assert response.status_code == 302
    response = client.post(
        url,
        {
            "issued": 6,
            "returned": 5,
            f"n-{s.pk}-{c.pk}-excellent": 3,
            f"n-{s.pk}-{c.pk}-abstain": 2,
        },
        follow=True,
    )
    assert "Round 2 is recorded." in response.content.decode()
    assert [(r.number, r.void) for r in PaperRound.objects.all()] == [(1, True), (2, False)]


def test_results_only_for_the_office_and_only_after_closing(
    client_for, delegate, record, secretariat, voters, open_evaluation
):
    people = voters(3)
    evaluation = open_evaluation([record, *people], subjects=2, criteria=2)
    ballots_cast(evaluation, people, "excellent")
    url = f"/evaluations/{evaluation.pk}/results/"
    assert client_for(delegate).get(url).status_code == 403
    office = client_for(secretariat)
    page = office.get(url).content.decode()
    assert "The results are available once the evaluation is closed." in page
    assert "Excellent" not in page
    for suffix in ("results.pdf", "results.csv", "results.xlsx"):
        response = office.get(f"/evaluations/{evaluation.pk}/{suffix}")
        assert response.status_code == 302 and response["Location"] == url
    evaluation_close(evaluation=evaluation, closed_by=secretariat)
    page = office.get(url).content.decode()
    assert "3 ballots counted of 4 delegates entitled (3 online, 0 on paper)" in page
    assert "turnout 75.0%" in page
    assert "100.0%" in page
    assert client_for(delegate).get(f"/evaluations/{evaluation.pk}/results.csv").status_code == 403


def test_results_pdf_and_csv(client_for, secretariat, voters, open_evaluation):
    people = voters(6)
    evaluation = open_evaluation(people, subjects=2, criteria=1)
    ratings = ["excellent", "excellent", "competent", "incompetent", "incompetent", "incompetent"]
    ballots_cast(evaluation, people, ratings)
    evaluation_close(evaluation=evaluation, closed_by=secretariat)
    client = client_for(secretariat)
    pdf = client.get(f"/evaluations/{evaluation.pk}/results.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content).replace("\n", " ")
    assert evaluation.title in text
    assert "成员0" in text and "成员1" in text
    assert "6 ballots counted of 6 delegates entitled" in text
    assert "50.0%" in text  # incompetent: 3 of 6
    assert "flagged" in text
    results_csv = client.get(f"/evaluations/{evaluation.pk}/results.csv")
    rows = list(csv.reader(io.StringIO(results_csv.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Subject", "Post", "Criterion"]
    assert rows[0][3:9] == [
        "Excellent",
        "Competent",
        "Basically competent",
        "Incompetent",
        "Blank (abstention)",
        "Ballots counted",
    ]
    assert rows[0][9] == "Excellent, % of ratings"
    assert rows[1] == [
        "成员0",
        "党委委员",
        "指标0",
        *["2", "1", "0", "3", "0", "6"],
        *["33.3", "16.7", "0.0", "50.0", "50.0"],
        "yes",
        "yes",
    ]
    # Aggregates only: no delegate's name anywhere.
    flat = " ".join(" ".join(row) for row in rows)
    assert not any(person.name in flat for person in people)
    xlsx = client.get(f"/evaluations/{evaluation.pk}/results.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_blank_ballot_pdf_carries_no_identifying_marks(
    client_for, secretariat, voters, open_evaluation
):
    people = voters(3)
    evaluation = open_evaluation(people, subjects=2, criteria=2, allow_dont_know=True)
    client = client_for(secretariat)
    first = client.get(f"/evaluations/{evaluation.pk}/blank-ballot.pdf")
    text = _pdf_text(first.content)
    assert evaluation.title in text
    assert "成员0" in text and "指标1" in text and "Don't know" in text
    assert "Do not write your name" in text
    for person in people:
        assert person.name not in text
    assert not any(
        ch.isdigit()
        for ch in text.replace("成员0", "")
        .replace("成员1", "")
        .replace("指标0", "")
        .replace("指标1", "")
        .replace(evaluation.title, "")
    )
    # Every copy is the same: printing again gives the same text.
    assert _pdf_text(client.get(f"/evaluations/{evaluation.pk}/blank-ballot.pdf").content) == text


def test_session_report_has_the_evaluations_section(secretariat, voters, open_evaluation):
    from congress_office.pdf import render_html
    from sessions.printing import report_context

    people = voters(2)
    evaluation = open_evaluation(people, subjects=1, criteria=1)
    still_open = open_evaluation(people, subjects=1, criteria=1)
    ballots_cast(evaluation, people, "competent")
    evaluation_close(evaluation=evaluation, closed_by=secretariat)
    context = report_context(evaluation.session)
    html = render_html("sessions/pdf/report.html", context)
    assert "Democratic evaluations and confidence votes" in html
    assert evaluation.title in html and still_open.title not in html
    sections = dict(context["extra_sections"])
    section = sections["evaluations/pdf/session_section.html"]
    assert [r["evaluation"] for r in section["results"]] == [evaluation]
    assert still_open not in [r["evaluation"] for r in section["results"]]


def test_navigation_has_evaluations_for_delegates(client_for, delegate):
    page = client_for(delegate).get("/evaluations/").content.decode()
    assert 'href="/evaluations/"' in page


def test_the_ballot_page_answers_with_the_cache_away(
    client_for, delegate, record, open_evaluation, cache_away
):
    # Its lines are kept in the process, not in the cache (decision 267): with Redis away
    # (the soak, issue 16 item 8) the page is the same.
    evaluation = open_evaluation([record], subjects=2, criteria=2)
    response = client_for(delegate).get(f"/evaluations/{evaluation.pk}/ballot/")
    assert response.status_code == 200
    assert response.content.decode().count("<fieldset") == 4


# --- Query counts at two sizes --------------------------------------------------------------


@pytest.mark.parametrize("subjects", [3, 15])
def test_ballot_page_review_and_refusal_queries(
    client_for, delegate, record, open_evaluation, subjects, django_assert_num_queries
):
    evaluation = open_evaluation([record], subjects=subjects, criteria=6)
    client = client_for(delegate)
    url = f"/evaluations/{evaluation.pk}/ballot/"
    client.get(url)  # the content type of evaluations, read once per process
    # session, user; the evaluation with the voter's standing in it (a delegate of the term,
    # entitled, voted, on paper), its subjects and criteria, and the signed-in menu (roles,
    # the evaluations to count, unread notifications): one statement (decision 266)
    with django_assert_num_queries(3):
        response = client.get(url)
    assert response.content.decode().count("<fieldset") == subjects * 6
    assert 'href="/evaluations/"' in response.content.decode()  # the menu, as read with it
    data = {**_fields(evaluation, lambda s, c: "competent"), "action": "review"}
    with django_assert_num_queries(3):  # as the page: the review shows the menu too
        response = client.post(url, data)
    assert response.content.decode().count('type="hidden" name="c-') == subjects * 6
    # A refused ballot cast: the standing read without the menu (casting shows no page), then
    # the menu apart for the page that says what is wrong; nothing written.
    data = {**data, next(iter(data)): "splendid", "action": "submit"}
    with django_assert_num_queries(4):
        response = client.post(url, data)
    assert response.status_code == 200
    assert "Choose one of the ratings offered, or leave it blank." in response.content.decode()
    assert not Receipt.objects.filter(evaluation=evaluation).exists()
    assert set(cells(evaluation).values()) == {0}


@pytest.mark.parametrize("subjects", [3, 15])
def test_cast_queries(
    client_for, delegate, record, open_evaluation, subjects, django_assert_num_queries
):
    evaluation = open_evaluation([record], subjects=subjects, criteria=6)
    client = client_for(delegate)
    data = {**_fields(evaluation, lambda s, c: "excellent"), "action": "submit"}
    # session, user, the evaluation with the voter's standing and its subjects and criteria
    # (one statement); the service (a savepoint here, inside the test's transaction): the
    # evaluation held FOR SHARE, the voter (entitled, active today), the receipt (INSERT ...
    # ON CONFLICT DO NOTHING) and a free shard locked, all in one statement on PostgreSQL
    # (three on SQLite, which has no INSERT in a WITH), the shard's UPDATE, release
    with django_assert_num_queries(7 if connection.vendor == "postgresql" else 10):
        response = client.post(f"/evaluations/{evaluation.pk}/ballot/", data)
    assert response.status_code == 302
    assert set(cells(evaluation).values()) == {0, 1}


@pytest.mark.parametrize("subjects", [3, 15])
def test_results_page_queries(
    client_for,
    secretariat,
    voters,
    open_evaluation,
    subjects,
    django_assert_max_num_queries,
):
    people = voters(4)
    evaluation = open_evaluation(people, subjects=subjects, criteria=6)
    ballots_cast(evaluation, people[:2], "competent")
    paper_handed_out(evaluation, people[2:])
    paper_round_enter(
        evaluation=evaluation,
        issued=2,
        returned=1,
        counts={
            (s.pk, c.pk, "excellent"): 1
            for s in evaluation.subjects.all()
            for c in evaluation.criteria.all()
        },
        entered_by=teller_of(evaluation),
    )
    evaluation_close(evaluation=evaluation, closed_by=secretariat)
    EvaluationRules.current()  # the office's rules exist (created with the defaults once)
    client = client_for(secretariat)
    # session, user, groups, evaluation; the cache key: its closing, the rules; results:
    # rules, subjects, criteria, the online tally shards, paper counts, rounds, receipts,
    # entitled; the evaluations to count (a teller's menu entry), unread notifications
    with django_assert_max_num_queries(16):
        response = client.get(f"/evaluations/{evaluation.pk}/results/")
    assert response.content.decode().count('<th scope="row">') == subjects * 6


def test_the_unbound_ballot_is_the_same_for_every_voter_and_holds_nobodys_choices(
    client_for, voters, open_evaluation
):
    """The unbound ballot's lines are kept in the process (the same markup for every voter); a
    ballot shown again with someone's choices (the "change" step) is never what others get."""
    alice, bob = voters(2)
    evaluation = open_evaluation([alice, bob], subjects=2, criteria=2)
    url = f"/evaluations/{evaluation.pk}/ballot/"
    first = client_for(alice.user).get(url).content.decode()
    changed = client_for(alice.user).post(
        url, {**_fields(evaluation, lambda s, c: "incompetent"), "action": "change"}
    )
    assert changed.content.decode().count('value="incompetent" checked') == 4
    second = client_for(bob.user).get(url).content.decode()
    for page in (first, second):
        assert page.count(" checked") == 4 and page.count('value="" checked') == 4
        assert page.count('<fieldset class="ballot-criterion">') == 4


def test_the_unbound_lines_are_made_once_per_evaluation_and_language(
    client_for, voters, open_evaluation, monkeypatch
):
    """The unbound lines are drawn once for what they are made of (subjects, criteria and the
    choices in the reader's language) and kept: each evaluation and language gets its own."""
    from evaluations import forms

    made = []
    draw = forms.render_to_string
    monkeypatch.setattr(forms, "render_to_string", lambda *a, **k: made.append(a) or draw(*a, **k))
    monkeypatch.setattr(forms, "_unbound_markup", {})
    alice, bob = voters(2)
    first = open_evaluation([alice, bob], subjects=2, criteria=2)
    second = open_evaluation([alice, bob], subjects=3, criteria=1)
    pages = {}
    for user, evaluation, language in [
        (alice.user, first, "en"),
        (bob.user, first, "en"),
        (alice.user, second, "en"),
        (bob.user, first, "zh-hans"),
        (alice.user, second, "zh-hans"),
    ]:
        client = client_for(user)
        client.cookies["django_language"] = language
        page = client.get(f"/evaluations/{evaluation.pk}/ballot/").content.decode()
        pages[(user.pk, evaluation.pk, language)] = page
        subjects = list(evaluation.subjects.all())
        assert all(s.name in page for s in subjects)
        assert page.count("<fieldset") == len(subjects) * evaluation.criteria.count()
    assert len(made) == 4  # bob's English page of the first reused alice's lines
    assert "Blank" in pages[(bob.user.pk, first.pk, "en")]
    assert "弃权" in pages[(bob.user.pk, first.pk, "zh-hans")]
