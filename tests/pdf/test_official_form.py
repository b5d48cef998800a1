"""The reply letter, the resolution and the session report in official form (GB/T 9704-2012,
issue 12 §3): red header with the issuing body, the reply letter's number from the office's
pattern, 《title》, the addressees, the signature and Chinese date, the contact and copy-to
lines, the resolution's adoption line dated by its sitting, the report's numbered sections.
Read from the laid-out pages, by text and by position."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from weasyprint.formatting_structure import boxes

from congress_office.models import Letterhead
from congress_office.pdf import html_to_document, render_html
from proposals.models import HandlingUnit
from proposals.printing import reply_letter_context
from proposals.services import reply_submit
from sessions.models import SessionDocument, VotingRule
from sessions.printing import resolution_context, session_document_render_html
from sessions.services import resolution_add_version, vote_record
from tests.core.factories import office_user
from tests.delegates.factories import ElectoralUnitFactory
from tests.delegates.helpers import enter
from tests.pdf.layout import lines, page_boxes
from tests.proposals.kit import S as P
from tests.proposals.kit import proposal_in, staff_of
from tests.sessions.factories import ResolutionFactory, SittingFactory
from tests.sessions.kit import S, attendance_taken, session_in

pytestmark = pytest.mark.django_db

OFFICE = "中共临江市城关镇党代表联络办公室"
TITLE = "关于加快老旧小区改造的建议"


@pytest.fixture
def letterhead():
    return Letterhead.objects.create(
        issuing_body=OFFICE,
        issuing_body_english="Liaison Office of Chengguan Town",
        reply_number_pattern="城党联复〔{year}〕{number}号",
        contact_person="李秘书",
        telephone="0571-12345678",
        copy_to="镇党委办公室",
    )


@pytest.fixture
def people(term):
    unit = ElectoralUnitFactory(term=term, seats=4)
    return [enter(term, unit, name=name) for name in ("张三", "李四", "王五", "赵六")]


def _replied(people, text="经研究，现答复如下。\n城关镇将分三年完成改造。"):
    unit = HandlingUnit.objects.get_or_create(name="城关镇住房和城乡建设办公室")[0]
    _item, lead = proposal_in(
        P.ASSIGNED, author=people[0], unit=unit, cosigners=people[1:3], title=TITLE
    )
    return reply_submit(assignment=lead, result="A", text=text, replied_by=staff_of(unit))


def _text_lines(html):
    return [line.text for line in lines(html_to_document(html))]


def _top(document, text):
    """The top edge (in points, page 1) of the first line holding `text`."""
    for number, box, _parent in page_boxes(document):
        if number != 1 or not isinstance(box, boxes.LineBox):
            continue
        if text in "".join(b.text for b in box.descendants() if isinstance(b, boxes.TextBox)):
            return box.position_y
    raise AssertionError(f"{text!r} is not on page 1")


def test_the_reply_letter_in_official_form(letterhead, people):
    reply = _replied(people)
    with translation.override("zh-hans"):
        html = render_html("proposals/pdf/reply_letter.html", reply_letter_context(reply))
    document = html_to_document(html)
    text = [line.text for line in lines(document)]
    year = timezone.localdate().year
    number = f"城党联复〔{year}〕1号"
    assert OFFICE in text and number in text
    assert "".join(text).count(f"关于对《{TITLE}》的答复") == 1
    assert "张三、李四、王五代表：" in text
    assert "经研究，现答复如下。" in text and "城关镇将分三年完成改造。" in text
    today = timezone.localdate()
    assert f"{today.year}年{today.month}月{today.day}日" in text
    assert "（联系人：李秘书；联系电话：0571-12345678）" in text
    assert "抄送：镇党委办公室。" in text
    # The red header above the number, the number above the title, the title above the
    # addressee, the signature's date below the text, the copy-to line at the end.
    tops = [_top(document, t) for t in (OFFICE, number, "关于对《", "张三、李四", "抄送")]
    assert tops == sorted(tops)
    assert '<div class="issuer">' in html and "red-rule" in html


def test_the_body_of_the_letter_is_indented_two_characters(letterhead, people):
    reply = _replied(people)
    html = render_html("proposals/pdf/reply_letter.html", reply_letter_context(reply))
    assert html.count('<p class="para">') == 3  # two paragraphs of text and the result


def test_reply_letters_are_numbered_in_turn_within_the_year(letterhead, people):
    first, second = _replied(people), _replied(people)
    assert (first.letter_number, second.letter_number) == (1, 2)
    assert first.letter_year == second.letter_year == timezone.localdate().year


def test_a_letter_sent_before_numbering_prints_without_a_number(letterhead, people):
    reply = _replied(people)
    reply.letter_number = reply.letter_year = None
    with translation.override("zh-hans"):
        text = _text_lines(
            render_html("proposals/pdf/reply_letter.html", reply_letter_context(reply))
        )
    assert not any(line.endswith("号") and "〔" in line for line in text)


def test_the_number_pattern_is_checked(letterhead):
    letterhead.reply_number_pattern = "城党联复〔{year}〕号"  # no {number}
    with pytest.raises(ValidationError):
        letterhead.full_clean()
    letterhead.reply_number_pattern = "{who}〔{year}〕{number}号"
    with pytest.raises(ValidationError):
        letterhead.full_clean()
    letterhead.reply_number_pattern = "城党联复〔{year}〕{number}号"
    letterhead.full_clean()


def test_the_english_letter_follows_the_same_structure(letterhead, people):
    reply = _replied(people)
    with translation.override("en"):
        text = _text_lines(
            render_html("proposals/pdf/reply_letter.html", reply_letter_context(reply))
        )
    joined = " ".join(text)
    assert "Liaison Office of Chengguan Town" in text
    assert f"Reply to “{TITLE}”" in joined
    assert "Dear Delegates 张三, 李四, 王五:" in joined or "Dear Delegates 张三" in joined
    assert "(Contact: 李秘书; telephone: 0571-12345678)" in joined
    assert "Copy to: 镇党委办公室." in joined


@pytest.fixture
def voted_resolution(term, people):
    """A resolution adopted at a sitting on 8 January 2024, the vote typed in today."""
    session = session_in(
        S.IN_PROGRESS,
        term=term,
        name="中国共产党城关镇第十五次代表大会第五次会议",
        start_date=datetime.date(2024, 1, 8),
        end_date=datetime.date(2024, 1, 8),
    )
    sitting = SittingFactory(session=session, date=datetime.date(2024, 1, 8))
    attendance_taken(sitting, people)
    resolution = ResolutionFactory(session=session, title="关于镇党委工作报告的决议")
    resolution_add_version(
        resolution=resolution, text="大会同意镇党委工作报告。\n大会号召……", created_by=office_user()
    )
    return session, sitting, resolution


def test_the_resolution_carries_its_adoption_line_with_the_sittings_date(
    letterhead, voted_resolution, people
):
    session, sitting, resolution = voted_resolution
    with translation.override("zh-hans"):
        draft = _text_lines(
            render_html("sessions/pdf/resolution.html", resolution_context(resolution))
        )
    assert not any("通过）" in line for line in draft)  # not adopted: no adoption line
    vote_record(
        session=session,
        sitting=sitting,
        matter=VotingRule.Matter.RESOLUTION,
        subject=resolution.title,
        resolution=resolution,
        votes_for=len(people),
        votes_against=0,
        abstentions=0,
        recorded_by=office_user(),
    )
    resolution.refresh_from_db()
    with translation.override("zh-hans"):
        html = render_html("sessions/pdf/resolution.html", resolution_context(resolution))
    text = "".join(_text_lines(html))
    assert "（2024年1月8日中国共产党城关镇第十五次代表大会第五次会议通过）" in text
    assert OFFICE in text
    with translation.override("en"):
        html = render_html("sessions/pdf/resolution.html", resolution_context(resolution))
    english = " ".join(_text_lines(html))
    assert "(Adopted by 中国共产党城关镇第十五次代表大会第五次会议 on Jan. 8, 2024)" in english


def test_the_report_numbers_its_sections_and_prints_a_one_day_date_once(
    letterhead, voted_resolution
):
    session, _sitting, _resolution = voted_resolution
    report = SessionDocument(session=session, kind=SessionDocument.Kind.REPORT)
    with translation.override("zh-hans"):
        text = _text_lines(session_document_render_html(report))
    assert OFFICE in text
    assert "一、基本情况" in text and "二、出席情况" in text
    facts = next(line for line in text if "召开" in line or "于2024年1月8日" in line)
    assert "至" not in facts and "2024年1月8日" in facts
    with translation.override("en"):
        english = _text_lines(session_document_render_html(report))
    assert "1. Basic facts" in english and "2. Attendance" in english


def test_the_office_edits_its_letterhead_and_a_bad_pattern_is_refused_in_chinese(office):
    letterhead = Letterhead.current()
    office.cookies["django_language"] = "zh-hans"
    page = f"/admin/congress_office/letterhead/{letterhead.pk}/change/"
    form = {
        "issuing_body": OFFICE,
        "issuing_body_english": "",
        "reply_number_pattern": "城党联复〔{year}〕号",
        "contact_person": "",
        "telephone": "",
        "copy_to": "",
    }
    refused = office.post(page, form)
    assert refused.status_code == 200
    assert "格式中须有{number}" in refused.content.decode()
    letterhead.refresh_from_db()
    assert letterhead.issuing_body == ""
    form["reply_number_pattern"] = "城党联复〔{year}〕{number}号"
    assert office.post(page, form).status_code == 302
    letterhead.refresh_from_db()
    assert letterhead.reply_number(2026, 3) == "城党联复〔2026〕3号"
