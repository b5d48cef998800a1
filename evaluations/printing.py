"""The evaluation PDFs: the results, and blank paper ballots carrying no identifying marks."""

from django.utils import timezone

from congress_office.pdf import html_to_pdf, render_html

from .models import Evaluation, Rating
from .results import evaluation_results
from .selectors import ballot_parts


def results_html(evaluation: Evaluation) -> str:
    context = {
        "r": evaluation_results(evaluation),
        "evaluation": evaluation,
        "session": evaluation.session,
        "generated_at": timezone.now(),
    }
    return render_html("evaluations/pdf/results.html", context)


def results_pdf(evaluation: Evaluation) -> bytes:
    return html_to_pdf(results_html(evaluation))


def blank_ballots_html(evaluations) -> str:
    """One blank ballot per evaluation (the office prints as many copies as it needs): the
    title, instructions, the subjects and criteria with a box for each rating. No serial
    number, no name, no date of printing, nothing that differs from one copy to the next."""
    labels = dict(Rating.choices)
    ballots = []
    for evaluation in evaluations:
        subjects, criteria = ballot_parts(evaluation)
        ballots.append(
            {
                "evaluation": evaluation,
                "subjects": subjects,
                "criteria": criteria,
                "ratings": [labels[r] for r in evaluation.ballot_ratings()],
            }
        )
    return render_html("evaluations/pdf/blank_ballot.html", {"ballots": ballots})


def blank_ballots_pdf(evaluations) -> bytes:
    return html_to_pdf(blank_ballots_html(evaluations))
