"""What the delegates answered to a solicitation, for the office: the counts per choice and
rating, the free-text answers, and the table of all answers for the export. Only sent
answers count (a draft is not an answer). Each read is a fixed number of grouped queries,
whatever the number of answers."""

from dataclasses import dataclass, field

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from .models import QuestionAnswer, Solicitation, SolicitationQuestion, SolicitationResponse
from .solicitation_reads import solicitation_audience

Kind = SolicitationQuestion.Kind


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


def _sent(solicitation):
    return QuestionAnswer.objects.filter(
        question__solicitation=solicitation, response__sent_at__isnull=False
    )


def solicitation_summary(solicitation: Solicitation, *, texts_shown: int | None = 50) -> dict:
    """Per question: how many answered, a bar per choice (or per rating, with the mean),
    the free-text answers (the latest `texts_shown` of each question, None for all). Six
    queries."""
    questions = list(solicitation.questions.all())
    answers = _sent(solicitation)
    answered = dict(
        answers.values("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .values_list("question_id", "n")
    )
    choices = {
        (q, c): n
        for q, c, n in answers.filter(choice__isnull=False)
        .values("question_id", "choice")
        .annotate(n=Count("id"))
        .values_list("question_id", "choice", "n")
    }
    ratings = {
        (q, r): n
        for q, r, n in answers.filter(rating__isnull=False)
        .values("question_id", "rating")
        .annotate(n=Count("id"))
        .values_list("question_id", "rating", "n")
    }
    texts = answers.exclude(text="").annotate(
        place=Window(
            RowNumber(), partition_by=F("question_id"), order_by=F("response__sent_at").desc()
        )
    )
    if texts_shown is not None:
        texts = texts.filter(place__lte=texts_shown)
    text_rows = texts.values_list(
        "question_id", "response__delegate__name", "response__delegate__delegation__name", "text"
    ).order_by("question_id", "place")
    summaries = {q.pk: QuestionSummary(q, answered.get(q.pk, 0)) for q in questions}
    for summary in summaries.values():
        _fill_bars(summary, choices, ratings)
    for question_id, name, delegation, text in text_rows:
        summaries[question_id].texts.append((name, delegation, text))
    for summary in summaries.values():
        summary.more_texts = max(0, summary.answered - len(summary.texts))
    sent = SolicitationResponse.objects.filter(solicitation=solicitation, sent_at__isnull=False)
    return {
        "questions": list(summaries.values()),
        "answered": sent.count(),
        "asked": solicitation_audience(solicitation).count(),
    }


def _fill_bars(summary: QuestionSummary, choices: dict, ratings: dict) -> None:
    question = summary.question
    if question.has_choices:
        counts = [
            (label, choices.get((question.pk, i), 0))
            for i, label in enumerate(question.choice_labels)
        ]
    elif question.kind == Kind.RATING:
        counts = [(str(r), ratings.get((question.pk, r), 0)) for r in range(5, 0, -1)]
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
    for row in _sent(solicitation).order_by("pk"):
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
