"""The results of an evaluation: online tallies and valid paper rounds combined, per subject
and criterion, with shares, turnout and the office's warning and flag marks. Eight queries,
whatever the number of subjects, criteria or ballots.

Definitions (docs/decisions.md, "Evaluations"):

- ballots counted = online ballots (receipts not on paper) + ballots returned in valid paper
  rounds; turnout = ballots counted / delegates entitled.
- No result counts more ballots than delegates are entitled: the services make it impossible
  (a delegate holds one receipt, online or paper, and rounds issue no more ballots than were
  handed out), and should the figures say otherwise (rounds entered before paper ballots were
  recorded per delegate) the results are void: no counts are shown, printed or exported.
- For each subject and criterion, every ballot counted gives exactly one mark: a rating of
  the scale, "don't know" (when offered) or a blank (abstention). "% of ballots" divides by
  the ballots counted.
- "% of ratings" (the shares without abstentions) divides by the ratings given on the scale:
  blanks and "don't know" left out. The warning and flag thresholds apply to these shares.
"""

from dataclasses import dataclass, field

from django.db.models import F, Sum

from .models import EvaluationRules, PaperCount, Rating
from .models.evaluations import Criterion, Evaluation, EvaluationStatusChange, Subject
from .tallies import online_counts


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Cell:
    rating: str
    label: str
    count: int
    share: float | None  # of the ballots counted
    rated_share: float | None  # of the ratings given (None for blanks and "don't know")


@dataclass
class Row:
    criterion: Criterion
    cells: list[Cell]
    ballots: int
    blank: int
    dont_know: int
    rated: int
    best_two: int
    worst: int
    warning: bool
    flagged: bool

    @property
    def best_two_share(self):
        return percent(self.best_two, self.rated)

    @property
    def worst_share(self):
        return percent(self.worst, self.rated)


@dataclass
class SubjectResult:
    subject: Subject
    rows: list[Row] = field(default_factory=list)

    @property
    def warning(self):
        return any(row.warning for row in self.rows)

    @property
    def flagged(self):
        return any(row.flagged for row in self.rows)


def results_published(evaluation: Evaluation) -> bool:
    """Results are shown, printed and exported only once the evaluation has closed: partial
    counts would tell how the voting is going (docs/secrecy.md)."""
    return evaluation.status == Evaluation.Status.CLOSED


def results_cache_key(evaluation: Evaluation) -> str:
    """What a closed evaluation's results table is cached under (decision 174): the
    evaluation and the moment it closed (its counts never change after), and the rules that
    mark warnings and flags. Two queries."""
    closed = (
        EvaluationStatusChange.objects.filter(
            evaluation=evaluation, status_after=Evaluation.Status.CLOSED
        )
        .values_list("at", flat=True)
        .first()
    )
    rules = EvaluationRules.current()
    marks = (
        rules.warning_numerator,
        rules.warning_denominator,
        rules.flag_numerator,
        rules.flag_denominator,
    )
    return "-".join(str(part) for part in (evaluation.pk, closed and closed.timestamp(), *marks))


def evaluation_results(evaluation: Evaluation) -> dict:
    rules = EvaluationRules.current()
    subjects = list(evaluation.subjects.all())
    criteria = list(evaluation.criteria.all())
    counts = online_counts(evaluation, subjects, criteria)  # the tally shards summed
    paper = (
        PaperCount.objects.filter(
            round__evaluation=evaluation, round__returned__lte=F("round__issued")
        )
        .order_by()
        .values_list("subject_id", "criterion_id", "rating")
        .annotate(n=Sum("count"))
    )
    for subject_id, criterion_id, rating, n in paper:
        key = (subject_id, criterion_id, rating)
        counts[key] = counts.get(key, 0) + n
    rounds = list(evaluation.paper_rounds.select_related("entered_by"))
    online = evaluation.receipts.filter(on_paper=False).count()
    entitled = evaluation.entitlements.count()
    paper_returned = sum(r.returned for r in rounds if not r.void)
    ballots = online + paper_returned
    void = ballots > entitled

    scale = evaluation.scale_ratings()
    labels = dict(Rating.choices)
    ratings = evaluation.tally_ratings()
    results = []
    for subject in [] if void else subjects:
        result = SubjectResult(subject)
        for criterion in criteria:
            n = {r: counts.get((subject.pk, criterion.pk, r), 0) for r in ratings}
            total = sum(n.values())
            rated = sum(n[r] for r in scale)
            best_two, worst = n[scale[0]] + n[scale[1]], n[scale[-1]]
            result.rows.append(
                Row(
                    criterion=criterion,
                    cells=[
                        Cell(
                            rating=r,
                            label=labels[r],
                            count=n[r],
                            share=percent(n[r], total),
                            rated_share=percent(n[r], rated) if r in scale else None,
                        )
                        for r in ratings
                    ],
                    ballots=total,
                    blank=n[Rating.ABSTAIN],
                    dont_know=n.get(Rating.DONT_KNOW, 0),
                    rated=rated,
                    best_two=best_two,
                    worst=worst,
                    warning=rules.warning(best_two=best_two, rated=rated),
                    flagged=rules.flagged(worst=worst, rated=rated),
                )
            )
        results.append(result)
    return {
        "evaluation": evaluation,
        "rules": rules,
        "ratings": [(r, labels[r]) for r in ratings],
        "best_two_label": " + ".join(str(labels[r]) for r in scale[:2]),
        "worst_label": labels[scale[-1]],
        "entitled": entitled,
        "online": online,
        "rounds": rounds,
        "paper_returned": paper_returned,
        "ballots": ballots,
        "turnout": None if void else percent(ballots, entitled),
        "void": void,
        "subjects": results,
        "warnings": sum(row.warning for s in results for row in s.rows),
        "flags": sum(row.flagged for s in results for row in s.rows),
    }


def results_table(results: dict) -> tuple[list, list[list]]:
    """The results as one row per subject and criterion (aggregate counts only), for CSV/XLSX."""
    from django.utils.translation import gettext as _

    scale = results["evaluation"].scale_ratings()
    labels = dict(results["ratings"])
    header = [
        _("Subject"),
        _("Post"),
        _("Criterion"),
        *[label for _rating, label in results["ratings"]],
        _("Ballots counted"),
        *[_("%(rating)s, %% of ratings") % {"rating": labels[r]} for r in scale],
        _("%(ratings)s, %% of ratings") % {"ratings": results["best_two_label"]},
        _("Warning"),
        _("Flagged"),
    ]

    def share(value):
        return "" if value is None else value

    rows = [
        [
            result.subject.name,
            result.subject.post,
            row.criterion.name,
            *[cell.count for cell in row.cells],
            row.ballots,
            *[share(cell.rated_share) for cell in row.cells if cell.rating in scale],
            share(row.best_two_share),
            _("yes") if row.warning else "",
            _("yes") if row.flagged else "",
        ]
        for result in results["subjects"]
        for row in result.rows
    ]
    return header, rows
