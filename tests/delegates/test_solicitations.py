import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from congress_office.models import Notification
from congress_office.notification_texts import notification_text
from delegates.models import (
    Delegate,
    QuestionAnswer,
    Solicitation,
    SolicitationQuestion,
    SolicitationReminder,
    SolicitationResponse,
)
from delegates.selectors import duties_record
from delegates.solicitation_reads import (
    solicitation_respondents,
    solicitations_for_delegate,
)
from delegates.solicitation_reminders import solicitation_reminders_sweep
from delegates.solicitation_summary import solicitation_summary, solicitation_table
from delegates.solicitations import response_save, solicitation_publish
from tests.core.documents import PDF, PNG
from tests.delegates.factories import DelegateFactory, DelegationFactory, TermFactory
from tests.delegates.solicitation_helpers import (
    full_answer,
    solicitation_draft,
    solicitation_published,
)

pytestmark = pytest.mark.django_db
TITLE = "关于镇十五五规划草案的意见征集"


@pytest.fixture
def me(delegate):
    return delegate.delegate_records.get()


@pytest.fixture
def other(other_delegate):
    return other_delegate.delegate_records.get()


def send(solicitation, delegate, **values):
    return response_save(
        solicitation=solicitation,
        delegate=delegate,
        values=full_answer(solicitation, **values),
        send=True,
    )


# --- Publishing ---------------------------------------------------------------------------


def test_publishing_tells_those_asked_once_in_their_language(
    term, secretariat, delegate, other_delegate
):
    solicitation = solicitation_published(term, secretariat)
    assert solicitation.published_at is not None and solicitation.published_by == secretariat
    told = Notification.objects.filter(kind="solicitation_published")
    assert set(told.values_list("user__username", flat=True)) == {"delegate", "other_delegate"}
    assert told.first().url == f"/delegates/me/solicitations/{solicitation.pk}/"
    assert notification_text(told.first(), "en")[0] == f"Your opinion is asked: {TITLE}"
    assert notification_text(told.first(), "zh-hans")[0] == f"征求您的意见：{TITLE}"
    with pytest.raises(ValidationError, match="already published"):
        solicitation_publish(solicitation=solicitation, published_by=secretariat)
    assert told.count() == 2


def test_only_the_office_publishes_and_a_published_one_is_fixed(term, secretariat, delegate, me):
    solicitation = solicitation_draft(term, secretariat)
    with pytest.raises(ValidationError):
        solicitation_publish(solicitation=solicitation, published_by=delegate)
    solicitation_publish(solicitation=solicitation, published_by=secretariat)
    solicitation.title = "改"
    from delegates.solicitations import solicitation_draft_save

    with pytest.raises(ValidationError, match="no longer be changed"):
        solicitation_draft_save(solicitation=solicitation, saved_by=secretariat)


def test_publishing_needs_questions_a_future_deadline_and_someone_asked(term, secretariat, me):
    empty = Solicitation.objects.create(
        term=term, title="空", deadline=timezone.now() + datetime.timedelta(days=3)
    )
    with pytest.raises(ValidationError, match="at least one question"):
        solicitation_publish(solicitation=empty, published_by=secretariat)
    late = solicitation_draft(term, secretariat, days=-1)
    with pytest.raises(ValidationError, match="deadline"):
        solicitation_publish(solicitation=late, published_by=secretariat)
    Delegate.objects.update(status=Delegate.Status.SUSPENDED)
    with pytest.raises(ValidationError, match="no active delegate"):
        solicitation_published(term, secretariat)
    assert not Solicitation.objects.filter(published_at__isnull=False).exists()


def test_a_choice_question_needs_two_choices(term, secretariat):
    question = SolicitationQuestion(text="单选", kind=SolicitationQuestion.Kind.ONE, choices="是")
    with pytest.raises(ValidationError, match="two choices"):
        question.full_clean(exclude=["solicitation"])


def test_chosen_delegations_and_chosen_people(term, secretariat, me, other):
    third_delegation = DelegationFactory(term=term)
    third = DelegateFactory(term=term, delegation=third_delegation)
    solicitation = solicitation_published(
        term, secretariat, delegations=[me.delegation], delegates=[third]
    )
    assert [s.pk for s in solicitations_for_delegate(me)] == [solicitation.pk]
    assert [s.pk for s in solicitations_for_delegate(third)] == [solicitation.pk]
    assert solicitations_for_delegate(other) == []
    with pytest.raises(ValidationError, match="not addressed to you"):
        send(solicitation, other)


def test_people_of_another_term_are_refused(term, secretariat):
    elsewhere = DelegateFactory(term=TermFactory())
    with pytest.raises(ValidationError, match="another term"):
        solicitation_draft(term, secretariat, delegates=[elsewhere])


def test_the_document_is_judged_by_its_content(settings, tmp_path, term, secretariat, me):
    settings.MEDIA_ROOT = tmp_path
    made = solicitation_draft(term, secretariat, attachment=SimpleUploadedFile("草案.pdf", PDF))
    assert made.attachment_type == "application/pdf"
    with pytest.raises(ValidationError, match="PDF or a Word"):
        solicitation_draft(term, secretariat, attachment=SimpleUploadedFile("图.png", PNG))


# --- Answering ----------------------------------------------------------------------------


def test_a_draft_is_kept_then_sent_then_changed_until_the_deadline(term, secretariat, me):
    solicitation = solicitation_published(term, secretariat)
    questions = list(solicitation.questions.order_by("order"))
    draft = response_save(
        solicitation=solicitation, delegate=me, values={questions[3].pk: "草稿"}, send=False
    )
    assert draft.sent_at is None and draft.answers.get().text == "草稿"
    sent = send(solicitation, me, several=(0, 3))
    assert sent.pk == draft.pk and sent.sent_at is not None
    assert sorted(sent.answers.filter(question=questions[1]).values_list("choice", flat=True)) == [
        0,
        3,
    ]  # noqa: E501
    with pytest.raises(ValidationError, match="already sent"):
        response_save(solicitation=solicitation, delegate=me, values={}, send=False)
    changed = send(solicitation, me, rating=2)
    assert changed.answers.get(question=questions[2]).rating == 2
    Solicitation.objects.filter(pk=solicitation.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError, match="deadline has passed"):
        send(solicitation, me, rating=5)
    assert QuestionAnswer.objects.get(question=questions[2]).rating == 2


def test_sending_needs_the_required_answers_and_nothing_is_half_saved(term, secretariat, me):
    solicitation = solicitation_published(term, secretariat)
    questions = list(solicitation.questions.order_by("order"))
    response_save(
        solicitation=solicitation, delegate=me, values={questions[3].pk: "先存"}, send=False
    )
    with pytest.raises(ValidationError) as refused:
        response_save(
            solicitation=solicitation,
            delegate=me,
            values={questions[0].pk: "9", questions[3].pk: "改了"},
            send=True,
        )
    errors = refused.value.message_dict
    assert errors[f"q{questions[0].pk}"] == ["Choose one of the answers offered."]
    assert errors[f"q{questions[1].pk}"] == ["Please answer this question."]
    assert SolicitationResponse.objects.get().sent_at is None
    assert QuestionAnswer.objects.get().text == "先存"
    with pytest.raises(ValidationError, match="rating from 1 to 5"):
        send(solicitation, me, rating=7)


def test_one_answer_per_delegate(term, secretariat, me):
    solicitation = solicitation_published(term, secretariat)
    send(solicitation, me)
    with pytest.raises(IntegrityError), transaction.atomic():
        SolicitationResponse.objects.create(solicitation=solicitation, delegate=me)


def test_the_delegate_pages(client_for, term, secretariat, delegate, me):
    solicitation = solicitation_published(term, secretariat)
    home = client_for(delegate).get("/delegates/me/")
    assert "/delegates/me/solicitations/" in home.text
    listing = client_for(delegate).get("/delegates/me/solicitations/")
    assert TITLE in listing.text and "Not answered" in listing.text
    url = f"/delegates/me/solicitations/{solicitation.pk}/"
    questions = list(solicitation.questions.order_by("order"))
    page = client_for(delegate).post(url, {f"q{questions[3].pk}": "先存一下", "draft": ""})
    assert page.status_code == 302
    assert "先存一下" in client_for(delegate).get(url).text
    refused = client_for(delegate).post(url, {f"q{questions[3].pk}": "发送", "send": ""})
    assert refused.status_code == 200 and "Please answer this question." in refused.text
    assert SolicitationResponse.objects.get().sent_at is None
    data = {f"q{questions[0].pk}": "1", f"q{questions[1].pk}": ["0", "2"],
            f"q{questions[2].pk}": "5", f"q{questions[3].pk}": "同意", "send": ""}  # fmt: skip
    assert client_for(delegate).post(url, data).status_code == 302
    assert SolicitationResponse.objects.get().sent_at is not None
    assert "Sent" in client_for(delegate).get("/delegates/me/solicitations/").text


def test_validation_messages_in_chinese(client_for, term, secretariat, delegate, me):
    solicitation = solicitation_published(term, secretariat)
    client = client_for(delegate)
    client.cookies["django_language"] = "zh-hans"
    page = client.post(
        f"/delegates/me/solicitations/{solicitation.pk}/",
        {"send": ""},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert "请回答此问题" in page.text


def test_after_the_deadline_the_page_shows_what_was_sent(
    client_for, term, secretariat, delegate, me
):
    solicitation = solicitation_published(term, secretariat)
    send(solicitation, me, text="已经发送的意见")
    Solicitation.objects.filter(pk=solicitation.pk).update(
        deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    page = client_for(delegate).get(f"/delegates/me/solicitations/{solicitation.pk}/")
    assert "已经发送的意见" in page.text and 'name="send"' not in page.text
    assert "disabled" in page.text
    assert (
        client_for(delegate)
        .post(f"/delegates/me/solicitations/{solicitation.pk}/", {"send": ""})
        .status_code
        == 200
    )
    assert QuestionAnswer.objects.filter(text="已经发送的意见").exists()


def test_404_for_drafts_other_terms_and_those_not_asked(
    client_for, term, secretariat, delegate, me
):
    a_draft = solicitation_draft(term, secretariat)
    others = DelegationFactory(term=term)
    DelegateFactory(term=term, delegation=others)
    for_others = solicitation_published(term, secretariat, delegations=[others])
    elsewhere_term = TermFactory()
    DelegateFactory(term=elsewhere_term)
    elsewhere = solicitation_published(elsewhere_term, secretariat)
    for made in (a_draft, for_others, elsewhere):
        for url in (f"/delegates/me/solicitations/{made.pk}/", f"/delegates/me/solicitations/{made.pk}/file/"):  # noqa: E501  # fmt: skip
            assert client_for(delegate).get(url).status_code == 404


def test_the_list_shows_open_ones_first_nearest_deadline_first(term, secretariat, me):
    later = solicitation_published(term, secretariat, title="晚", days=20)
    sooner = solicitation_published(term, secretariat, title="早", days=5)
    closed = solicitation_published(term, secretariat, title="已截止", days=1)
    Solicitation.objects.filter(pk=closed.pk).update(
        deadline=timezone.now() - datetime.timedelta(days=1)
    )
    assert [s.pk for s in solicitations_for_delegate(me)] == [sooner.pk, later.pk, closed.pk]


# --- Reminders ----------------------------------------------------------------------------


def test_reminders_go_once_to_those_who_have_not_sent(term, secretariat, me, other):
    solicitation = solicitation_published(term, secretariat, days=10)
    send(solicitation, me)
    assert solicitation_reminders_sweep() == 0  # ten days ahead, three days' notice
    soon = timezone.now() + datetime.timedelta(days=8)
    assert solicitation_reminders_sweep(soon) == 1
    assert solicitation_reminders_sweep(soon) == 0
    reminded = Notification.objects.filter(kind="solicitation_reminder")
    assert list(reminded.values_list("user__username", flat=True)) == ["other_delegate"]
    assert notification_text(reminded.get(), "zh-hans")[0] == f"提醒：请回复“{TITLE}”"
    assert SolicitationReminder.objects.get().delegate == other
    after = timezone.now() + datetime.timedelta(days=11)
    assert solicitation_reminders_sweep(after) == 0


def test_a_draft_is_not_an_answer_for_the_reminder(term, secretariat, me, other):
    solicitation = solicitation_published(term, secretariat, days=2)
    response_save(solicitation=solicitation, delegate=me, values={}, send=False)
    assert solicitation_reminders_sweep() == 2


def test_the_sweep_is_in_the_beat_schedule():
    from congress_office.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "delegates.tasks.send_solicitation_reminders" in tasks


# --- The office's reading -----------------------------------------------------------------


def test_who_has_answered_by_delegation(term, secretariat, me, other):
    solicitation = solicitation_published(term, secretariat)
    send(solicitation, me)
    response_save(solicitation=solicitation, delegate=other, values={}, send=False)
    respondents = solicitation_respondents(solicitation)
    assert (respondents["answered"], respondents["waiting"]) == (1, 1)
    rows = {name: (asked, answered, waiting)
            for name, asked, answered, waiting in respondents["by_delegation"]}  # fmt: skip
    assert rows == {me.delegation.name: (1, 1, []), other.delegation.name: (1, 0, ["王代表"])}
    assert respondents["names_left_out"] == 0


def test_only_so_many_names_of_those_waiting_are_listed(term, secretariat, me, other, monkeypatch):
    monkeypatch.setattr("delegates.solicitation_reads.WAITING_NAMES_SHOWN", 1)
    solicitation = solicitation_published(term, secretariat)
    respondents = solicitation_respondents(solicitation)
    assert (respondents["waiting"], respondents["names_left_out"]) == (2, 1)


def test_the_summary_counts_sent_answers(term, secretariat, me, other):
    solicitation = solicitation_published(term, secretariat)
    send(solicitation, me, one=0, several=(0, 1), rating=5, text="甲意见")
    send(solicitation, other, one=2, several=(1,), rating=2, text="乙意见")
    third = DelegateFactory(term=term, delegation=me.delegation)
    response_save(solicitation=solicitation, delegate=third, values={}, send=False)
    summary = solicitation_summary(solicitation)
    assert (summary["answered"], summary["asked"]) == (2, 3)
    one, several, rating, text = summary["questions"]
    assert [(b.label, b.count, b.percent) for b in one.bars] == [
        ("赞成", 1, 50), ("基本赞成", 0, 0), ("不赞成", 1, 50)]  # fmt: skip
    assert [b.count for b in several.bars] == [1, 2, 0, 0] and several.answered == 2
    assert [(b.label, b.count) for b in rating.bars] == [
        ("5", 1),
        ("4", 0),
        ("3", 0),
        ("2", 1),
        ("1", 0),
    ]  # noqa: E501
    assert rating.mean == 3.5
    assert sorted(t for _n, _d, t in text.texts) == ["乙意见", "甲意见"]


def test_the_export_has_a_row_per_answer_and_a_column_per_question(term, secretariat, me):
    solicitation = solicitation_published(term, secretariat)
    send(solicitation, me, one=1, several=(0, 3), rating=4, text="好")
    questions, rows = solicitation_table(solicitation)
    assert len(questions) == 4
    assert rows[0][0:2] == [me.delegation.name, "张代表"]
    assert rows[0][3:] == ["基本赞成", "交通; 养老", 4, "好"]


def test_the_office_pages(client_for, term, secretariat, me, other):
    import io

    from openpyxl import load_workbook

    solicitation = solicitation_published(term, secretariat)
    send(solicitation, me)
    office = client_for(secretariat)
    change = office.get(f"/admin/delegates/solicitation/{solicitation.pk}/change/")
    assert change.status_code == 200 and "Answered: 1; not answered yet: 1" in change.text
    who = office.get(f"/admin/delegates/solicitation/{solicitation.pk}/respondents/")
    assert who.status_code == 200 and '<span class="non-respondent">王代表</span>' in who.text
    summary = office.get(f"/admin/delegates/solicitation/{solicitation.pk}/summary/")
    assert (
        summary.status_code == 200 and "<meter" in summary.text and "建议加快建设。" in summary.text
    )
    export = office.get(f"/admin/delegates/solicitation/{solicitation.pk}/export/")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [c.value for c in sheet[1]][3:] == [
        q
        for q, _k, _c in __import__(
            "tests.delegates.solicitation_helpers", fromlist=["QUESTIONS"]
        ).QUESTIONS
    ]  # noqa: E501
    assert sheet.max_row == 2
    pdf = office.get(f"/admin/delegates/solicitation/{solicitation.pk}/summary.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_printed_summary_has_the_bars(term, secretariat, me):
    from delegates.solicitation_printing import solicitation_summary_html

    solicitation = solicitation_published(term, secretariat)
    send(solicitation, me)
    html = solicitation_summary_html(solicitation)
    assert 'class="bar-fill" style="width: 100%"' in html and "建议加快建设。" in html


def test_the_summary_reads_a_fixed_number_of_queries(term, secretariat):
    """The same queries for 3 answers as for 30: the summary is grouped in the database."""
    delegation = DelegationFactory(term=term)
    people = [DelegateFactory(term=term, delegation=delegation) for _ in range(30)]
    solicitation = solicitation_published(term, secretariat)

    def counted():
        cache.clear()  # the figures worked out, not read from the cache
        with CaptureQueriesContext(connection) as queries:
            solicitation_summary(solicitation)
            solicitation_respondents(solicitation)
            solicitation_table(solicitation)
        return len(queries)

    for person in people[:3]:
        send(solicitation, person)
    few = counted()
    for person in people[3:]:
        send(solicitation, person)
    assert counted() == few == 11


def test_answering_counts_in_the_duties_record(term, secretariat, me):
    solicitation = solicitation_published(term, secretariat)
    response_save(solicitation=solicitation, delegate=me, values={}, send=False)
    year = timezone.localdate().year
    assert ("solicitations answered", 0) in duties_record(me, year)["other_duties"]
    send(solicitation, me)
    assert ("solicitation answered", 1) in duties_record(me, year)["other_duties"]


def test_the_pages_keep_their_query_counts_as_answers_grow(client_for, term, secretariat, delegate):
    """The office's summary, change page, export and printed summary, and the delegate's
    list and answer page: the same queries for 3 answers as for 30."""
    delegation = DelegationFactory(term=term)
    people = [DelegateFactory(term=term, delegation=delegation) for _ in range(30)]
    solicitation = solicitation_published(term, secretariat)
    admin = f"/admin/delegates/solicitation/{solicitation.pk}"
    pages = [
        (secretariat, f"{admin}/summary/"),
        (secretariat, f"{admin}/change/"),
        (secretariat, f"{admin}/respondents/"),
        (secretariat, f"{admin}/export/"),
        (delegate, "/delegates/me/solicitations/"),
        (delegate, f"/delegates/me/solicitations/{solicitation.pk}/"),
    ]

    def counted():
        found = []
        for user, url in pages:
            cache.clear()
            client = client_for(user)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    for person in people[:3]:
        send(solicitation, person)
    counted()  # once to fill the caches of content types and the like
    few = counted()
    for person in people[3:]:
        send(solicitation, person)
    many = counted()
    print("query counts (summary, change, respondents, export, list, answer):", few)
    # The change page counts those asked and those who answered in one query (decision 310).
    # Each admin page reads the account's permissions in one statement (decision 295).
    assert many == few == [12, 10, 8, 9, 6, 8]


def test_the_summary_is_kept_until_an_answer_is_sent(term, secretariat, me, other):
    solicitation = solicitation_published(term, secretariat)
    send(solicitation, me, rating=5)
    cache.clear()
    assert solicitation_summary(solicitation)["questions"][2].mean == 5
    with CaptureQueriesContext(connection) as queries:
        again = solicitation_summary(solicitation)
    assert len(queries) == 2 and again["questions"][2].mean == 5  # the key and those asked
    response_save(solicitation=solicitation, delegate=other, values={}, send=False)
    assert solicitation_summary(solicitation)["answered"] == 1  # a draft changes nothing
    send(solicitation, other, rating=2)
    assert solicitation_summary(solicitation)["questions"][2].mean == 3.5
    send(solicitation, me, rating=1)  # changed and sent again
    assert solicitation_summary(solicitation)["questions"][2].mean == 1.5


def test_the_markup_written_in_python_is_the_templates(term, secretariat, me):
    """The summary's bars and free texts and the page's question list, written in Python
    (decision 310), give the markup the templates gave, names and texts escaped and line
    breaks kept, in both languages."""

    from django.template import engines
    from django.utils import translation

    from delegates.solicitation_summary import Bar
    from delegates.templatetags.solicitation_markup import answer_bars, free_texts, question_list

    render = engines["django"].from_string
    bars = [Bar("<b>甲</b> & 乙", 1234, 7), Bar("5", 0, 0)]
    texts = [("王<i>", None, "第一行\n第二行 <script>"), ("李", "农村&代表团", "同意。")]
    template_bars = render(
        '    {% load l10n %}{% localize off %}{% for bar in bars %}<div class="answer-bar">'
        '<span class="label">{{ bar.label }}</span><meter min="0" max="100" '
        'value="{{ bar.percent }}"></meter><span class="count">{{ bar.count }} '
        "({{ bar.percent }}%)</span></div>\n    {% endfor %}{% endlocalize %}\n"
    )
    template_texts = render(
        '{% for name, delegation, text in texts %}<li>{{ text|linebreaksbr }} <span class="help">'
        "— {{ name }}{% if delegation %}（{{ delegation }}）{% endif %}</span></li>{% endfor %}"
    )
    solicitation = solicitation_published(term, secretariat)
    solicitation.questions.create(
        order=9, text="<u>哪个</u>?", kind="one", required=False, choices="a<b\n\nc&d\n"
    )
    questions = list(solicitation.questions.all())
    template_questions = render(
        '<ol class="solicitation-questions">{% for q in questions %}<li>{{ q.text }} '
        '<span class="help">{{ q.get_kind_display }}{% if q.required %} *{% endif %}'
        '{% if q.has_choices %}：{{ q.choice_labels|join:"、" }}{% endif %}</span></li>'
        "{% endfor %}</ol>\n"
    )
    for language in ("en", "zh-hans"):
        with translation.override(language):
            assert "    " + answer_bars(bars) + "\n" == template_bars.render({"bars": bars})
            assert free_texts(texts) == template_texts.render({"texts": texts})
            assert question_list(questions) == template_questions.render({"questions": questions})
    assert "<script>" not in free_texts(texts) and "<br>" in free_texts(texts)
    assert "a&lt;b、c&amp;d" in question_list(questions)
