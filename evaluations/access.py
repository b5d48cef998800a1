"""Who may open which evaluation pages. Every view goes through these helpers; anyone else
gets 404, so that evaluations of other terms and drafts cannot even be found."""

from django.http import Http404

from congress_office.roles import menu_statement, menu_taken

from .ballot_reads import ballot_with_standing, evaluation_with_standing
from .models import Evaluation
from .tellers import evaluations_tallied_by


def get_evaluation_for_voter(user, pk: int) -> tuple[Evaluation, dict]:
    """An evaluation past its draft, if the user is a delegate of its session's term, with
    where the user stands in it: {"entitled", "voted" (online), "on_paper" (has received a
    paper ballot, so cannot vote online)}. One statement, in plain SQL: every ballot request
    runs this (ballot_reads.py)."""
    found = evaluation_with_standing(user.pk, pk)
    if found is None:
        raise Http404
    return found


def get_ballot_for_voter(user, pk: int, *, menu: bool = False) -> tuple[Evaluation, dict, tuple]:
    """`get_evaluation_for_voter`'s (evaluation, standing) and, third, the evaluation's
    (subjects, criteria): what the ballot page and its POST read, in one statement; with
    `menu`, for a request that shows a page, the signed-in menu too (kept on `user`, as
    `roles.menu_read` keeps it: decision 266)."""
    statement = menu_statement(user) if menu else None
    found = ballot_with_standing(user.pk, pk, menu=statement)
    if found is None:
        raise Http404
    if statement is None:
        return found
    *found, columns = found
    menu_taken(user, columns)
    return tuple(found)


def get_evaluation_for_teller(user, pk: int) -> Evaluation:
    """An evaluation the user is a teller of (guardian object permission, nothing global)."""
    evaluation = evaluations_tallied_by(user).select_related("session").filter(pk=pk).first()
    if evaluation is None:
        raise Http404
    return evaluation
