"""An election's printed papers: the blank paper ballot, in as many identical copies as the
office asks for, and the chief scrutineer's report of a round's results."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from congress_office.pdf import html_to_pdf, render_html

from .election_results import election_results
from .elections import candidates_in_print_order
from .models import Election, ElectionRound

MOST_COPIES = 500
# Up to this many candidates a ballot lists one a line; more are set two a line, read
# left to right, so a county's 38 candidates still fit one A4 page.
ONE_A_LINE = 18


def ballot_round(
    election: Election, election_round: ElectionRound | None = None
) -> tuple[int, int, list]:
    """(round number, seats, candidates in print order) of a round's ballot: the round given,
    else the one to print now: the open round's, or the first round's (the formal list,
    every seat) before any is opened. Once a round is closed the next one's candidates are
    known only when it is opened."""
    if election.status != Election.Status.LIST_APPROVED:
        raise ValidationError(_("Approve the formal list of candidates before printing ballots."))
    printed = candidates_in_print_order(election)
    if election_round is None:
        election_round = election.rounds.filter(status=ElectionRound.Status.OPEN).first()
    if election_round is None:
        if election.rounds.exists():
            raise ValidationError(
                _("Open the next round first: its ballot lists the candidates it concerns.")
            )
        return 1, election.seats, printed
    on_ballot = set(election_round.candidates.values_list("pk", flat=True))
    return election_round.number, election_round.seats, [c for c in printed if c.pk in on_ballot]


def ballots_html(
    election: Election, copies: int = 1, election_round: ElectionRound | None = None
) -> str:
    """`copies` identical blank ballots, each from a new page: the title, the seats, how to
    mark, the candidates in print order with a box each (and a line for a name written in,
    when the rules allow write-ins). No serial number, no name, no date, no page number:
    nothing differs from one copy to the next."""
    if not 0 < copies <= MOST_COPIES:
        raise ValidationError(
            _("Print between 1 and %(most)s copies at a time.") % {"most": MOST_COPIES}
        )
    number, seats, candidates = ballot_round(election, election_round)
    context = {
        "election": election,
        "session": election.session,
        "number": number,
        "seats": seats,
        "lines": _lines(candidates, 1 if len(candidates) <= ONE_A_LINE else 2),
        "write_ins": bool(election.rules.get("write_ins_allowed")),
        "copies": range(copies),
    }
    return render_html("sessions/pdf/election_ballot.html", context)


def _lines(candidates: list, per_line: int) -> list[list]:
    """The candidates `per_line` to a line, in print order read across; the last line
    filled out with None (an empty cell)."""
    lines = [candidates[n : n + per_line] for n in range(0, len(candidates), per_line)]
    if lines:
        lines[-1] += [None] * (per_line - len(lines[-1]))
    return lines


def ballots_pdf(
    election: Election, copies: int = 1, election_round: ElectionRound | None = None
) -> bytes:
    return html_to_pdf(ballots_html(election, copies, election_round))


def results_html(election: Election) -> str:
    """The chief scrutineer's report: every closed round, round by round, the elected of
    them all, the scrutineers and a line for the chief's signature."""
    election = Election.objects.select_related("session__term").get(pk=election.pk)
    results = election_results(election)
    if not results.rounds:
        raise ValidationError(_("No round of this election is closed yet."))
    context = {
        "results": results,
        "election": results.election,
        "session": results.election.session,
        "generated_at": timezone.now(),
    }
    return render_html("sessions/pdf/election_results.html", context)


def results_pdf(election: Election) -> bytes:
    return html_to_pdf(results_html(election))
