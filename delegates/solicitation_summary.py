"""What the delegates answered to a solicitation, for the office: the counts per choice and
rating, the free-text answers, and the table of all answers for the export. Only sent
answers count (a draft is not an answer). Each read is a fixed number of grouped queries,
whatever the number of answers."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, F, Max, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from .models import QuestionAnswer, Solicitation, SolicitationQuestion, SolicitationResponse
from .solicitation_reads import solicitation_asked_count

Kind = SolicitationQuestion.Kind
CACHED_FOR = 24 * 3600  # seconds; a new sending changes the key before then


@dataclass
class Bar:
    label: str
    count: int
    percent: int  # of those who answered the question, rounded


@dataclass
class QuestionSummary:
    question: SolicitationQuestion
    answered: int = 0
    bars: list[Bar] = field(default_factory=list)
    mean: float | None = None
    texts: list = field(default_factory=list)  # (delegate name, delegation, text)
    more_texts: int = 0


def _sent(questions):
    return QuestionAnswer.objects.filter(
        question_id__in=[q.pk for q in questions], response__sent_at__isnull=False
    )


def solicitation_summary(solicitation: Solicitation, *, texts_shown: int = 50) -> dict:
    """Per question: how many answered, a bar per choice (or per rating, with the mean),
    the latest `texts_shown` free-text answers of each question; how many answered and
    were asked. The figures change only when an answer is sent, so they are kept in the
    cache under the number of sent answers and the latest sending (one query reads them);
    worked out, they take five more queries, whatever the number of answers."""
    sent = SolicitationResponse.objects.filter(solicitation=solicitation, sent_at__isnull=False)
    state = sent.aggregate(n=Count("id"), last=Max("sent_at"))
    last = state["last"].timestamp() if state["last"] else 0
    key = f"solicitation-summary-{solicitation.pk}-{texts_shown}-{state['n']}-{last}"
    questions = cache.get(key)
    if questions is None:
        questions = _question_summaries(solicitation, texts_shown)
        cache.set(key, questions, CACHED_FOR)
    return {
        "questions": questions,
        "answered": state["n"],
        "asked": solicitation_asked_count(solicitation),
    }


def _question_summaries(solicitation: Solicitation, texts_shown: int) -> list[QuestionSummary]:
    """The values are counted in one pass, grouped by question and value."""
    questions = list(solicitation.questions.all())
    answers = _sent(questions)
    values = {}  # question pk -> {choice or rating or None: count}
    for question_id, choice, rating, n in (
        answers.values("question_id", "choice", "rating")
        .annotate(n=Count("id"))
        .values_list("question_id", "choice", "rating", "n")
    ):
        values.setdefault(question_id, {})[choice if rating is None else rating] = n
    several = [q.pk for q in questions if q.kind == Kind.SEVERAL]
    # One row per chosen choice: who answered such a question is counted apart.
    answered_several = dict(
        answers.filter(question_id__in=several)
        .values("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .values_list("question_id", "n")
    ) if several else {}  # fmt: skip
    summaries = []
    for question in questions:
        counts = values.get(question.pk, {})
        answered = answered_several.get(question.pk, 0) if question.pk in several else sum(
            counts.values()
        )  # fmt: skip
        summary = QuestionSummary(question, answered)
        _fill_bars(summary, counts)
        summaries.append(summary)
    _fill_texts(summaries, answers, texts_shown)
    return summaries


def _fill_texts(summaries, answers, texts_shown: int) -> None:
    """The latest free-text answers of each text question (one query, whatever the number
    of answers: numbered per question by a window function, the first few kept)."""
    by_question = {s.question.pk: s for s in summaries if s.question.kind == Kind.TEXT}
    if not by_question:
        return
    texts = (
        answers.filter(question_id__in=list(by_question))
        .annotate(place=Window(RowNumber(), partition_by=F("question_id"), order_by=F("pk").desc()))
        .filter(place__lte=texts_shown)
        .values_list(
            "question_id",
            "response__delegate__name",
            "response__delegate__delegation__name",
            "text",
        )
        .order_by("question_id", "place")
    )
    for question_id, name, delegation, text in texts:
        by_question[question_id].texts.append((name, delegation, text))
    for summary in by_question.values():
        summary.more_texts = max(0, summary.answered - len(summary.texts))


def _fill_bars(summary: QuestionSummary, values: dict) -> None:
    question = summary.question
    if question.has_choices:
        counts = [(label, values.get(i, 0)) for i, label in enumerate(question.choice_labels)]
    elif question.kind == Kind.RATING:
        counts = [(str(r), values.get(r, 0)) for r in range(5, 0, -1)]
        total = sum(n for _label, n in counts)
        if total:
            summary.mean = round(sum(int(r) * n for r, n in counts) / total, 2)
    else:
        return
    whole = summary.answered or 1
    summary.bars = [Bar(label, n, round(100 * n / whole)) for label, n in counts]


def solicitation_table(solicitation: Solicitation) -> tuple[list, list]:
    """The export: a header and one row per sent answer (delegation, delegate, when sent,
    then one column per question; several choices joined, ratings as figures). Three
    queries."""
    questions = list(solicitation.questions.all())
    responses = list(
        SolicitationResponse.objects.filter(solicitation=solicitation, sent_at__isnull=False)
        .select_related("delegate__delegation")
        .order_by("delegate__delegation__name", "delegate__name", "pk")
    )
    cells = {}
    for row in _sent(questions).order_by("pk"):
        cells.setdefault((row.response_id, row.question_id), []).append(row)
    table = []
    for response in responses:
        line = [
            response.delegate.delegation.name if response.delegate.delegation else "",
            response.delegate.name,
            # Local time, without its zone: a spreadsheet's cells hold no time zone.
            timezone.localtime(response.sent_at).replace(tzinfo=None),
        ]
        for question in questions:
            line.append(_cell(question, cells.get((response.pk, question.pk), [])))
        table.append(line)
    return questions, table


def _cell(question, rows) -> object:
    if question.kind == Kind.RATING:
        return rows[0].rating if rows else None
    if question.has_choices:
        labels = question.choice_labels
        return "; ".join(labels[r.choice] for r in rows if r.choice < len(labels))
    return rows[0].text if rows else ""
